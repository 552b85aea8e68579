import ArgumentParser
import RuleEngine
import Rules

/// `oasguard rules [ID]`: the catalog and the policies in force, or one rule's (or policy's) documentation.
struct RulesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rules",
        abstract: "List the rules and the policies in force, or show one rule's documentation.")

    @Argument(help: "A rule id (or policy/ID) to document.")
    var id: String?

    @OptionGroup var settings: ConfigurationFlags

    func run() throws {
        let catalog = try settings.load(cwd: workingDirectory()).catalog
        guard let id else {
            let rows = catalog.entries.map(\.description).map {
                [
                    $0.id, $0.severity.rawValue, Self.defaultLabel($0), $0.category.rawValue,
                    $0.owasp.joined(separator: ","), $0.title,
                ]
            }
            let widths = (0..<5).map { column in rows.map { $0[column].count }.max() ?? 0 }
            for row in rows {
                let padded = (0..<5).map { row[$0].padding(to: widths[$0]) }
                print((padded + [row[5]]).joined(separator: "  "))
            }
            return
        }
        guard let rule = catalog.entry(id)?.description else {
            let suggestion = catalog.entries.map(\.id).first { $0.contains(id) || id.contains($0) }
            throw ValidationError("unknown rule '\(id)'" + (suggestion.map { "; did you mean '\($0)'?" } ?? ""))
        }
        print(
            """
            \(rule.id): \(rule.title)

            \(rule.summary)

            Severity: \(rule.severity.rawValue) (security-severity \(rule.securitySeverity))
            Default:  \(Self.defaultLabel(rule)) — \(rule.recommendedReason.trimmingSpaces)
            Category: \(rule.category.rawValue)\(rule.owasp.isEmpty ? "" : "\nOWASP:    " + rule.owasp.joined(separator: ", "))\(rule.cwe.isEmpty ? "" : "\nCWE:      " + rule.cwe.joined(separator: ", "))

            \(rule.rationale.trimmingSpaces)

            How to fix it:

            \(rule.remediation.trimmingSpaces)

            References:
            \(rule.references.map { "  - \($0)" }.joined(separator: "\n"))
            """)
    }
}

extension RulesCommand {
    /// `recommended` for a rule on by default, `opt-in` for one that runs only with `--preset all` or when named.
    static func defaultLabel(_ rule: RuleDescription) -> String { rule.recommended ? "recommended" : "opt-in" }
}

extension String {
    /// Pads with spaces on the right to `width` characters.
    func padding(to width: Int) -> String { self + String(repeating: " ", count: max(0, width - count)) }
}
