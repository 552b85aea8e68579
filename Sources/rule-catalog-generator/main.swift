import Foundation
import RuleEngine
import SourceTree

/// Checks every catalog file and writes `RuleRegistry.swift`: each file's description as Swift values (so that no
/// run parses YAML for it), its examples' text, and the Swift rule type its id names.
///
/// Usage: rule-catalog-generator OUTPUT RULE.yaml…
/// A malformed entry (documentation or examples) fails the build with `rules/<id>.yaml:LINE:COL: error: …`, the
/// same check the runtime would make, so no run ever meets one. `api-key-in-query.yaml` pairs with the type
/// `ApiKeyInQuery`, so a catalog entry without its Swift file (or the other way round, through `CatalogTests`)
/// fails the build too.
let arguments = CommandLine.arguments.dropFirst()
guard let output = arguments.first else {
    FileHandle.standardError.write(Data("usage: rule-catalog-generator OUTPUT RULE.yaml...\n".utf8))
    exit(2)
}

/// A raw string literal that holds `text` verbatim, with enough `#`s to never end early.
func rawLiteral(_ text: String) -> String {
    var hashes = "#"
    while text.contains("\"" + hashes) || text.contains("\\" + hashes) { hashes += "#" }
    return "\(hashes)\"\"\"\n\(text)\(text.hasSuffix("\n") ? "" : "\n")\"\"\"\(hashes)"
}

/// The top-level `examples:` section of a catalog file, which only the tests read.
func examplesSection(_ text: String) -> String {
    var examples: [Substring] = []
    var inExamples = false
    for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
        if let first = line.first, first != " ", first != "#" { inExamples = line.hasPrefix("examples:") }
        if inExamples { examples.append(line) }
    }
    return examples.joined(separator: "\n")
}

/// A Swift expression for `description`; strings are written as escaped literals (`debugDescription`), enum
/// values by their case names.
func swiftValue(_ description: RuleDescription) -> String {
    func string(_ text: String) -> String { text.debugDescription }
    func strings(_ texts: [String]) -> String { "[" + texts.map(string).joined(separator: ", ") + "]" }
    return """
        RuleDescription(
                        id: \(string(description.id.rawValue)), title: \(string(description.title)),
                        summary: \(string(description.summary)), severity: .\(description.severity),
                        securitySeverity: \(description.securitySeverity), category: .\(description.category),
                        owasp: \(strings(description.owasp)), cwe: \(strings(description.cwe)),
                        precision: .\(description.precision), rationale: \(string(description.rationale)),
                        remediation: \(string(description.remediation)), references: \(strings(description.references)),
                        recommended: \(description.recommended),
                        recommendedReason: \(string(description.recommendedReason)),
                        absence: \(description.absence.map(string) ?? "nil"))
        """
}

var entries: [String] = []
var problems: [String] = []
for path in arguments.dropFirst() {
    let url = URL(fileURLWithPath: path)
    let id = RuleID(url.deletingPathExtension().lastPathComponent)
    let text = try String(contentsOf: url, encoding: .utf8)
    do throws(CatalogError) {
        let description = try RuleDescription.parse(id: id, text: text)
        _ = try RuleExamples.parse(id: id, text: text)
        entries.append(
            """
                    RuleRegistration(
                        rule: \(id.typeName)(),
                        description: \(swiftValue(description)),
                        examplesText: \(rawLiteral(examplesSection(text)))),
            """)
    } catch {
        problems.append(LoadError(path: path, position: error.position, message: error.message).description)
    }
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
