import SourceTree

/// Queries over security schemes and requirements that several rules share.
extension APIModel {
    /// Every `security` list as written: the top-level one first, then each operation's own, in document order.
    public var securityRequirementLists: [SecurityRequirementList] {
        [security].compactMap { $0 } + operations.compactMap(\.security)
    }
}

extension SecurityScheme {
    /// Whether requirements for this scheme name OAuth 2.0 scopes: an OAuth 2.0 or OpenID Connect scheme.
    public var takesScopes: Bool { type == .oauth2 || type == .openIdConnect }

    /// The keys, in every flow, that define the scope `name`.
    public func scopeKeys(named name: String) -> [NodeRef] {
        flows.flatMap { flow in flow.scopes.filter { $0.name == name }.map(\.keyNode) }
    }
}

extension SecurityRequirementEntry {
    /// The scopes (or 3.1 role names) the entry lists, without empty or null items (`- oauth: [~]`).
    public var namedScopes: [ScopeReference] { scopes.filter { !$0.name.isEmpty } }
}
