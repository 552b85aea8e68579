import RuleEngine

/// A human-readable report being written as UTF-8, with terminal styles when colours are on, handed on in pieces
/// of about `outputChunkSize`.
struct TextOutput: ChunkedOutput {
    /// A terminal style (an SGR code).
    enum Style: String {
        case bold = "1"
        case dim = "2"
        case green = "32"
        case boldRed = "1;31"
        case boldYellow = "1;33"
        case boldCyan = "1;36"
    }

    var output: [UInt8] = []
    let useColor: Bool

    init(useColor: Bool) {
        self.useColor = useColor
        output.reserveCapacity(outputChunkSize + outputChunkSize / 4)
    }

    mutating func append(_ text: String) {
        var text = text
        text.withUTF8 { output.append(contentsOf: $0) }
    }

    mutating func append(_ text: StaticString) { text.withUTF8Buffer { output.append(contentsOf: $0) } }

    /// Appends the decimal digits of `value`; returns how many characters they take.
    @discardableResult
    mutating func append(_ value: Int) -> Int {
        let start = output.count
        JSONWriter.appendDecimal(value, to: &output)
        return output.count - start
    }

    /// Spec-derived text with its controls escaped (`SafeText.escaped`).
    mutating func appendEscaped(_ text: String) { SafeText.appendEscaped(text, to: &output) }

    mutating func appendSpaces(_ count: Int) {
        output.append(contentsOf: repeatElement(UInt8(ascii: " "), count: max(0, count)))
    }

    /// A severity's name in its colour.
    mutating func append(_ severity: Severity) {
        painted(Self.style(of: severity)) { $0.append(severity.rawValue) }
    }

    /// What `body` writes, in `style` when colours are on.
    mutating func painted(_ style: Style, _ body: (inout TextOutput) -> Void) {
        guard useColor else { return body(&self) }
        append("\u{1B}[")
        append(style.rawValue)
        append("m")
        body(&self)
        append("\u{1B}[0m")
    }

    static func style(of severity: Severity) -> Style {
        switch severity {
        case .error: .boldRed
        case .warning: .boldYellow
        case .note: .boldCyan
        }
    }
}
