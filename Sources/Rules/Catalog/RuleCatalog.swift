import RuleEngine

/// The rules with their parsed catalog entries, in id order.
public struct RuleCatalog: Sendable {
    /// One rule, ready to run.
    public struct Entry: Sendable {
        public let description: RuleDescription
        public let rule: any Rule
        public var id: String { description.id }
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
                entries.append(Entry(description: description, rule: registration.rule))
            } catch {
                errors.append(error)
            }
        }
        self.entries = entries
        self.errors = errors
    }

    /// The entry for `id`.
    public func entry(_ id: String) -> Entry? { entries.first { $0.id == id } }
}
