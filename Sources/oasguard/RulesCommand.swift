import ArgumentParser
import Lexicon
import Linter
import Posture
import Reporters
import RuleEngine
import Rules

/// `oasguard rules [ID]`: the catalog with the policies in force and diff's regression kinds, or one rule's (policy's,
/// kind's) documentation.
struct RulesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rules",
        abstract: "List the rules, the policies in force and diff's regression kinds, or show one's documentation.")

    /// Bumped when a field of `--format json` changes meaning or disappears.
    static let formatVersion = 1

    /// The formats of `oasguard rules`.
    enum Format: String, CaseIterable, ExpressibleByArgument {
        case text, json
    }

    @Argument(help: "A rule id (or policy/ID), or a diff regression kind, to document.")
    var id: String?

    @OptionGroup var settings: ConfigurationFlags

    @Option(help: "Output format: text or json (the whole catalog, or the one entry, for tools).")
    var format: Format = .text

    func run() throws {
        let catalog = try settings.load(cwd: workingDirectory()).catalog
        if let id, catalog.entry(RuleID(id)) == nil, ChangeKind(rawValue: id) == nil {
            throw ValidationError(catalog.unknownNameMessage(id, what: "rule or regression kind"))
        }
        let rules = catalog.entries.map(\.description).filter { id == nil || $0.id.rawValue == id }
        let kinds = ChangeKind.regressions.filter { id == nil || $0.rawValue == id }
        switch format {
        case .json:
            let document = JSONValue.object([
                ("tool", .string("oasguard")), ("version", .string(OASGuardVersion.current)),
                ("formatVersion", .int(Self.formatVersion)),
                ("rules", .array(rules.map(Self.json))), ("regressionKinds", .array(kinds.map(Self.json))),
            ])
            print(document.serialized())
        case .text where id == nil:
            Self.printTable(
                rules.map {
                    [
                        $0.id.rawValue, $0.severity.rawValue, Self.defaultLabel($0), $0.category.rawValue,
                        $0.owasp.joined(separator: ","), $0.title,
                    ]
                })
            print("\nRegressions `oasguard diff` reports (`oasguard rules KIND` explains one):\n")
            Self.printTable(kinds.map { [$0.rawValue, $0.severity.rawValue, $0.category.rawValue, "", $0.title] })
        case .text:
            if let rule = rules.first { print(Self.text(rule)) }
            if let kind = kinds.first { print(Self.text(kind)) }
        }
    }

    /// Rows of equal length, every cell but the last padded to its column's widest.
    static func printTable(_ rows: [[String]]) {
        let last = (rows.first?.count ?? 1) - 1
        let widths = (0..<last).map { column in rows.map { $0[column].count }.max() ?? 0 }
        for row in rows {
            let padded = (0..<last).map { row[$0].padding(to: widths[$0]) }
            print((padded + [row[last]]).joined(separator: "  "))
        }
    }

    /// `recommended` for a rule on by default, `opt-in` for one that runs only with `--preset all` or when named.
    static func defaultLabel(_ rule: RuleDescription) -> String { rule.recommended ? "recommended" : "opt-in" }

    static func text(_ rule: RuleDescription) -> String {
        """
        \(rule.id): \(rule.title)

        \(rule.summary)

        Severity: \(rule.severity.rawValue) (security-severity \(rule.securitySeverity))
        Default:  \(Self.defaultLabel(rule)) — \(rule.recommendedReason.trimmingSpaces)
        Category: \(rule.category.rawValue)\(rule.owasp.isEmpty ? "" : "\nOWASP:    " + rule.owasp.joined(separator: ", "))\(rule.cwe.isEmpty ? "" : "\nCWE:      " + rule.cwe.joined(separator: ", "))

        \(rule.rationale.trimmingSpaces)

        How to fix it:

        \(rule.remediation.trimmingSpaces)
        """
            + (rule.references.isEmpty
                ? "" : "\n\nReferences:\n" + rule.references.map { "  - \($0)" }.joined(separator: "\n"))
    }

    static func text(_ kind: ChangeKind) -> String {
        """
        \(kind.rawValue): \(kind.title) (a regression `oasguard diff` reports)

        Severity: \(kind.severity.rawValue) (security-severity \(kind.securitySeverity))
        Category: \(kind.category.rawValue)

        \(kind.help)
        """
    }

    static func json(_ rule: RuleDescription) -> JSONValue {
        .object([
            ("id", .string(rule.id.rawValue)), ("title", .string(rule.title)), ("summary", .string(rule.summary)),
            ("severity", .string(rule.severity.rawValue)), ("securitySeverity", .double(rule.securitySeverity)),
            ("category", .string(rule.category.rawValue)), ("owasp", .array(rule.owasp.map(JSONValue.string))),
            ("cwe", .array(rule.cwe.map(JSONValue.string))), ("precision", .string(rule.precision.rawValue)),
            ("recommended", .bool(rule.recommended)),
            ("recommendedReason", .string(rule.recommendedReason.trimmingSpaces)),
            ("rationale", .string(rule.rationale.trimmingSpaces)),
            ("remediation", .string(rule.remediation.trimmingSpaces)),
            ("references", .array(rule.references.map(JSONValue.string))),
        ])
    }

    static func json(_ kind: ChangeKind) -> JSONValue {
        .object([
            ("id", .string(kind.rawValue)), ("title", .string(kind.title)),
            ("severity", .string(kind.severity.rawValue)),
            ("securitySeverity", .double(kind.securitySeverity)), ("category", .string(kind.category.rawValue)),
            ("help", .string(kind.help)),
        ])
    }
}

extension String {
    /// Pads with spaces on the right to `width` characters.
    func padding(to width: Int) -> String { self + String(repeating: " ", count: max(0, width - count)) }
}
