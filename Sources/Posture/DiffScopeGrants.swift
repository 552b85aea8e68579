import OpenAPIModel
import RuleEngine
import SourceTree

// Scopes that start or stop allowing both reading and changing data on their own.
extension Comparison {
    /// A scope `scope-grants-read-and-write` reports, at one of the keys defining it.
    struct ScopeGrant: Sendable {
        let use: ScopeUse
        let message: String
        /// The key.
        let location: ChangeLocation

        /// The same grant at its detached location (`ChangeLocation.detached`).
        var detached: ScopeGrant { ScopeGrant(use: use, message: message, location: location.detached) }
    }

    /// The read-and-write scopes of a document at each key defining them, each key once, in the rule's order.
    static func scopeGrants(_ api: APIModel) -> [ScopeGrant] {
        var seen: Set<NodeRef> = []
        return api.scopesGrantingReadAndWrite().flatMap { grant in
            grant.keys.filter { seen.insert($0).inserted }.map { key in
                ScopeGrant(
                    use: ScopeUse(scheme: grant.scheme.name, scope: grant.scope), message: grant.message(in: api),
                    location: ChangeLocation(key))
            }
        }
    }

    /// `after`: the new version's read-and-write scopes (`scopeGrants`).
    mutating func compareScopeGrants(_ after: [ScopeGrant]) {
        let before = old.scopeGrants
        let oldSet = Set(before.map(\.use))
        let newSet = Set(after.map(\.use))
        var seen: Set<ScopeUse> = []
        for grant in after where !oldSet.contains(grant.use) && seen.insert(grant.use).inserted {
            add(PostureChange(.scopeGrantsReadAndWrite, grant.message, at: grant.location))
        }
        for grant in before where !newSet.contains(grant.use) && seen.insert(grant.use).inserted {
            add(
                PostureChange(
                    .scopeGrantsReadAndWriteRemoved,
                    "scope '\(grant.use.scope)' of security scheme '\(grant.use.scheme)' no longer alone allows both reading and changing data",
                    at: grant.location))
        }
    }
}
