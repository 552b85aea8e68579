import ArgumentParser
import Linter
import Reporters

/// A command-line value naming one of `Choice`'s cases, parsed once; text that names none is kept so that
/// `validate()` rejects it with the command's own message (`checked`) instead of ArgumentParser's generic one.
enum ArgumentChoice<Choice: RawRepresentable & CaseIterable & Hashable>: ExpressibleByArgument
where Choice.RawValue == String {
    case valid(Choice)
    case invalid(String)

    init(argument: String) {
        self = Choice(rawValue: argument).map(Self.valid) ?? .invalid(argument)
    }

    init(_ choice: Choice) { self = .valid(choice) }

    /// The text shown as an option's default in `--help`.
    var defaultValueDescription: String { text }

    /// The text as given.
    var text: String {
        switch self {
        case .valid(let choice): choice.rawValue
        case .invalid(let text): text
        }
    }

    /// The case named, or a `ValidationError` with `message` (given the text) when there is none.
    func checked(_ message: (String) -> String) throws(ValidationError) -> Choice {
        switch self {
        case .valid(let choice): return choice
        case .invalid(let text): throw ValidationError(message(text))
        }
    }
}

extension ArgumentChoice {
    /// The case named; `validate()` has rejected any other text before `run()` asks.
    var validated: Choice {
        guard case .valid(let choice) = self else {
            preconditionFailure("'\(text)' passed validate() unrecognised")
        }
        return choice
    }
}

/// `--format NAME`: "unknown format 'NAME'; choose from …" names the formats there are.
extension ArgumentChoice {
    func checkedFormat() throws(ValidationError) -> Choice {
        try checked { "unknown format '\($0)'; choose from \(Choice.allCases.map(\.rawValue).joined(separator: ", "))" }
    }
}

/// `--fail-on LEVEL`.
extension ArgumentChoice where Choice == FailLevel {
    func checkedLevel() throws(ValidationError) -> FailLevel {
        try checked { "--fail-on must be error, warning, note or never, not '\($0)'" }
    }
}

/// `--output FILE` or `--output FORMAT=FILE`, parsed once: `FORMAT=` counts only when it names a format.
struct OutputArgument<Format: RawRepresentable & CaseIterable & Hashable>: ExpressibleByArgument
where Format.RawValue == String {
    /// The format the file is for; nil when the value is a bare file.
    let format: Format?
    let file: String
    /// The value as given, for messages.
    let text: String

    init(argument: String) {
        text = argument
        if let equals = argument.firstIndex(of: "="), let format = Format(rawValue: String(argument[..<equals])) {
            self.format = format
            file = String(argument[argument.index(after: equals)...])
        } else {
            format = nil
            file = argument
        }
    }
}
