import Foundation
import RuleEngine
import SourceTree

/// Checks every catalog file and writes `RuleRegistry.swift`: each file's text and the Swift rule type its id names.
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

var entries: [String] = []
var problems: [String] = []
for path in arguments.dropFirst() {
    let url = URL(fileURLWithPath: path)
    let id = RuleID(url.deletingPathExtension().lastPathComponent)
    let text = try String(contentsOf: url, encoding: .utf8)
    do throws(CatalogError) {
        _ = try RuleDescription.parse(id: id, text: text)
        _ = try RuleExamples.parse(id: id, text: text)
    } catch {
        problems.append(LoadError(path: path, position: error.position, message: error.message).description)
    }
    let (documentation, examples) = split(text)
    entries.append(
        """
                RuleRegistration(
                    id: "\(id)", rule: \(id.typeName)(),
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
