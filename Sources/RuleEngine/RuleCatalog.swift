/// The rules with their parsed catalog entries, in id order.
public struct RuleCatalog: Sendable {
    /// One rule, ready to run.
    public struct Entry: Sendable {
        public let description: RuleDescription
        public let rule: any Rule
        /// The catalog file's `examples:` section, read only by those who need it (the tests).
        let examplesText: String
        /// Whether the rule is built in, documented by its `rules/<id>.yaml` (not an organisation policy).
        public let isBuiltIn: Bool
        public var id: RuleID { description.id }

        /// A rule defined at run time (an organisation policy), which has no examples.
        public init(description: RuleDescription, rule: any Rule) {
            self.description = description
            self.rule = rule
            self.examplesText = ""
            self.isBuiltIn = false
        }

        init(description: RuleDescription, rule: any Rule, examplesText: String) {
            self.description = description
            self.rule = rule
            self.examplesText = examplesText
            self.isBuiltIn = true
        }

        /// The rule's examples.
        public func examples() throws(CatalogError) -> RuleExamples {
            try RuleExamples.parse(id: id, text: examplesText)
        }
    }

    public let entries: [Entry]

    /// The catalog of `registrations`, whose descriptions rule-catalog-generator read and checked when it embedded
    /// them: a malformed one fails the build, and no run parses a catalog file.
    public init(registrations: [RuleRegistration]) {
        entries = registrations.map {
            Entry(description: $0.description, rule: $0.rule, examplesText: $0.examplesText)
        }
    }

    private init(entries: [Entry]) {
        self.entries = entries
    }

    /// This catalog with `extra` rules after its own.
    public func adding(_ extra: [Entry]) -> RuleCatalog { RuleCatalog(entries: entries + extra) }

    /// The ids of the rules a preset turns on: the recommended ones, or all.
    public func ids(in preset: RulePreset) -> Set<RuleID> {
        Set(entries.filter { preset == .all || $0.description.recommended }.map(\.id))
    }

    /// The entry for `id`.
    public func entry(_ id: RuleID) -> Entry? { entries.first { $0.id == id } }
}
