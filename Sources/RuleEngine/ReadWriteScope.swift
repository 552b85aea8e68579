import Lexicon
import OpenAPIModel
import SourceTree

/// A neutrally named scope that on its own lets a token both read and change data, when reading needs no narrower
/// scope: what `scope-grants-read-and-write` reports and what the diff compares between two versions.
public struct ReadWriteScope: Sendable {
    /// The OAuth 2.0 scheme whose operations ask for the scope.
    public let scheme: SecurityScheme
    public let scope: String
    /// An operation that only reads and one that changes state (indexes into `APIModel.operations`), both callable
    /// with a token holding only `scope`.
    public let reading: Int
    public let writing: Int

    /// The keys, in every flow of the scheme, that define the scope.
    public var keys: [NodeRef] { scheme.scopeKeys(named: scope) }

    /// How a finding says it.
    public func message(in api: APIModel) -> String {
        "scope '\(scope)' of security scheme '\(scheme.name)' alone allows both \(api.operations[reading].displayName) and \(api.operations[writing].displayName), so a token meant for reading can also change data"
    }
}

extension APIModel {
    /// One operation's OAuth 2.0 alternatives for one scheme: the scopes each asks for.
    private struct Alternatives {
        /// Index into `operations`.
        let operation: Int
        let scopeSets: [Set<String>]
    }

    /// The scopes that alone allow both reading and changing data: for each OAuth 2.0 scheme in document order, in
    /// the order of the read-only operations that ask for them alone; each scope once per scheme.
    public func scopesGrantingReadAndWrite() -> [ReadWriteScope] {
        // Each scheme's alternatives, gathered in one pass over the operations (not one pass per scheme).
        var usesByScheme: [String: [Alternatives]] = [:]
        for (index, operation) in operations.enumerated() where !operation.isWebhook {
            // An operation names few schemes: they are found in a list, in the order they first appear, without
            // hashing their names.
            var schemes: [(name: String, scopeSets: [Set<String>])] = []
            for requirement in operation.effectiveSecurity {
                for entry in requirement.entries {
                    let scopes = Set(entry.namedScopes.map(\.name))
                    if let known = schemes.firstIndex(where: { $0.name == entry.schemeName }) {
                        schemes[known].scopeSets.append(scopes)
                    } else {
                        schemes.append((entry.schemeName, [scopes]))
                    }
                }
            }
            for (name, scopeSets) in schemes {
                usesByScheme[name, default: []].append(Alternatives(operation: index, scopeSets: scopeSets))
            }
        }
        var grants: [ReadWriteScope] = []
        for scheme in securitySchemes where scheme.type == .oauth2 {
            let uses = usesByScheme[scheme.name] ?? []
            let writes = uses.filter { operations[$0.operation].changesState }
            var allowed: [Set<String>: Int?] = [:]
            /// The first state-changing operation a token with exactly `scopes` can call (alternatives without
            /// scopes are left to oauth2-requirement-without-scopes); remembered, as many operations share scopes.
            func writeAllowed(by scopes: Set<String>) -> Int? {
                if let known = allowed[scopes] { return known }
                let found = writes.first { $0.scopeSets.contains { !$0.isEmpty && $0.isSubset(of: scopes) } }?.operation
                allowed[scopes] = found
                return found
            }
            var found: Set<String> = []
            for read in uses where operations[read.operation].method.isReadOnly {
                // Reading is possible with less when some alternative grants no write, or names only read scopes.
                let narrower = read.scopeSets.contains { scopes in
                    writeAllowed(by: scopes) == nil || scopes.allSatisfy(ScopeNames.isReadOnly)
                }
                guard !narrower else { continue }
                for set in read.scopeSets where set.count == 1 {
                    // A scope named for writing (`pets:write`, `admin:manage`) is not requested to read.
                    guard let scope = set.first, !found.contains(scope), !ScopeNames.grantsWrite(scope),
                        let write = writeAllowed(by: set)
                    else { continue }
                    found.insert(scope)
                    grants.append(ReadWriteScope(scheme: scheme, scope: scope, reading: read.operation, writing: write))
                }
            }
        }
        return grants
    }
}
