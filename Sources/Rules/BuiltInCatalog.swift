import RuleEngine

extension RuleCatalog {
    /// The catalog built into this binary: every rule of `rules/*.yaml` with its implementation.
    public static let builtIn = RuleCatalog(registrations: RuleRegistry.registrations)
}
