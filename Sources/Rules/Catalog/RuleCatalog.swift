import RuleEngine

/// The rules with their parsed catalog entries, in id order.
public struct RuleCatalog: Sendable {
    /// One rule, ready to run.
    public struct Entry: Sendable {
        public let description: RuleDescription
        public let rule: any Rule
        /// The catalog file's `examples:` section, read only by those who need it (the tests).
        let examplesText: String
        public var id: String { description.id }

        /// A rule defined at run time (an organisation policy), which has no examples.
        public init(description: RuleDescription, rule: any Rule) {
            self.init(description: description, rule: rule, examplesText: "")
        }

        init(description: RuleDescription, rule: any Rule, examplesText: String) {
            self.description = description
            self.rule = rule
            self.examplesText = examplesText
        }

        /// The rule's examples.
        public func examples() throws(CatalogError) -> RuleExamples {
            try RuleExamples.parse(id: id, text: examplesText)
        }
    }

    public let entries: [Entry]
    /// Catalog files that could not be read (the tests require this to be empty).
    public let errors: [CatalogError]

    /// The catalog built into this binary.
    public static let builtIn = RuleCatalog(registrations: RuleRegistry.registrations)

    init(registrations: [RuleRegistration]) {
        var entries: [Entry] = []
        var errors: [CatalogError] = []
        for registration in registrations {
            do {
                let description = try RuleDescription.parse(id: registration.id, text: registration.catalogText)
                entries.append(
                    Entry(description: description, rule: registration.rule, examplesText: registration.examplesText))
            } catch {
                errors.append(error)
            }
        }
        self.entries = entries
        self.errors = errors
    }

    private init(entries: [Entry], errors: [CatalogError]) {
        self.entries = entries
        self.errors = errors
    }

    /// This catalog with `extra` rules after its own.
    public func adding(_ extra: [Entry]) -> RuleCatalog { RuleCatalog(entries: entries + extra, errors: errors) }

    /// The ids of the rules a preset turns on: the recommended ones, or all.
    public func ids(in preset: RulePreset) -> Set<String> {
        Set(entries.filter { preset == .all || $0.description.recommended }.map(\.id))
    }

    /// The entry for `id`.
    public func entry(_ id: String) -> Entry? { entries.first { $0.id == id } }
}
