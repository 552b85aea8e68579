import Foundation

/// Writes `RuleRegistry.swift`: each catalog file's text and the Swift rule type its id names.
///
/// Usage: rule-catalog-generator OUTPUT RULE.yaml…
/// `api-key-in-query.yaml` pairs with the type `ApiKeyInQuery`, so a catalog entry without its
/// Swift file (or the other way round, through `RegistryTests`) fails the build.
let arguments = CommandLine.arguments.dropFirst()
guard let output = arguments.first else {
    FileHandle.standardError.write(Data("usage: rule-catalog-generator OUTPUT RULE.yaml...\n".utf8))
    exit(2)
}

/// `api-key-in-query` → `ApiKeyInQuery`.
func typeName(for id: String) -> String {
    id.split(separator: "-").map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
}

/// A raw string literal that holds `text` verbatim, with enough `#`s to never end early.
func rawLiteral(_ text: String) -> String {
    var hashes = "#"
    while text.contains("\"" + hashes) || text.contains("\\" + hashes) { hashes += "#" }
    return "\(hashes)\"\"\"\n\(text)\(text.hasSuffix("\n") ? "" : "\n")\"\"\"\(hashes)"
}

/// Splits a catalog file into its documentation and its top-level `examples:` section, so that a lint run
/// parses only the small part it needs; the examples are read by the tests.
func split(_ text: String) -> (documentation: String, examples: String) {
    var documentation: [Substring] = []
    var examples: [Substring] = []
    var inExamples = false
    for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
        if let first = line.first, first != " ", first != "#" { inExamples = line.hasPrefix("examples:") }
        if inExamples { examples.append(line) } else { documentation.append(line) }
    }
    return (documentation.joined(separator: "\n"), examples.joined(separator: "\n"))
}

/// Checks the top-level `recommended:` line (whether the rule is on by default) and that a `recommended-reason:`
/// explains it; returns the problem, or nil. The runtime reads both again with the rest of the entry.
func recommendationProblem(in documentation: String) -> String? {
    let lines = documentation.split(separator: "\n")
    let values = lines.filter { $0.hasPrefix("recommended:") }.map {
        $0.dropFirst("recommended:".count).split(separator: "#", maxSplits: 1).first.map {
            $0.trimmingCharacters(in: .whitespaces)
        } ?? ""
    }
    guard values.count == 1, let value = values.first else {
        return
            "needs one top-level 'recommended: true' (on by default) or 'recommended: false' (only with `preset: all`)"
    }
    guard value == "true" || value == "false" else {
        return "'recommended' must be true or false, not '\(value)'"
    }
    let reason = lines.first { $0.hasPrefix("recommended-reason:") }.map {
        $0.dropFirst("recommended-reason:".count).trimmingCharacters(in: .whitespaces)
    }
    guard let reason, !reason.isEmpty else {
        return "needs a 'recommended-reason:' saying why the rule is, or is not, on by default"
    }
    return nil
}

var entries: [String] = []
var problems: [String] = []
for path in arguments.dropFirst() {
    let url = URL(fileURLWithPath: path)
    let id = url.deletingPathExtension().lastPathComponent
    let (documentation, examples) = split(try String(contentsOf: url, encoding: .utf8))
    if let problem = recommendationProblem(in: documentation) { problems.append("\(path): error: \(problem)") }
    entries.append(
        """
                RuleRegistration(
                    id: "\(id)", rule: \(typeName(for: id))(),
                    catalogText: \(rawLiteral(documentation)),
                    examplesText: \(rawLiteral(examples))),
        """)
}

guard problems.isEmpty else {
    FileHandle.standardError.write(Data(problems.joined(separator: "\n").appending("\n").utf8))
    exit(1)
}

let source = """
    // Generated at build time by rule-catalog-generator from rules/*.yaml. Do not edit.
    import RuleEngine

    extension RuleRegistry {
        /// Every rule with its catalog entry, in id order.
        public static let registrations: [RuleRegistration] = [
    \(entries.joined(separator: "\n"))
        ]
    }

    """
let data = Data(source.utf8)
if (try? Data(contentsOf: URL(fileURLWithPath: output))) != data {
    try data.write(to: URL(fileURLWithPath: output))
}
