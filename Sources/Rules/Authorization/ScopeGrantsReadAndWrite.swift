import Lexicon
import OpenAPIModel
import RuleEngine

/// Flags neutrally named scopes that on their own allow both reading and changing data, when reading needs no narrower
/// scope.
struct ScopeGrantsReadAndWrite: Rule {
    /// One operation's OAuth 2.0 alternatives for one scheme: the scopes each asks for.
    struct Alternatives {
        /// Index into `api.operations`.
        let operation: Int
        let scopeSets: [Set<String>]
    }

    func check(_ context: RuleContext) {
        let api = context.api
        // Each scheme's alternatives, gathered in one pass over the operations (not one pass per scheme).
        var usesByScheme: [String: [Alternatives]] = [:]
        for (index, operation) in api.operations.enumerated() where !operation.isWebhook {
            var sets: [String: [Set<String>]] = [:]
            var order: [String] = []
            for requirement in operation.effectiveSecurity {
                for entry in requirement.entries {
                    if sets[entry.schemeName] == nil { order.append(entry.schemeName) }
                    sets[entry.schemeName, default: []].append(Set(entry.namedScopes.map(\.name)))
                }
            }
            for name in order {
                usesByScheme[name, default: []].append(Alternatives(operation: index, scopeSets: sets[name] ?? []))
            }
        }
        for scheme in api.securitySchemes where scheme.type == .oauth2 {
            let uses = usesByScheme[scheme.name] ?? []
            let writes = uses.filter { api.operations[$0.operation].changesState }
            var allowed: [Set<String>: Int?] = [:]
            /// The first state-changing operation a token with exactly `scopes` can call (alternatives without
            /// scopes are left to oauth2-requirement-without-scopes); remembered, as many operations share scopes.
            func writeAllowed(by scopes: Set<String>) -> Int? {
                if let known = allowed[scopes] { return known }
                let found = writes.first { $0.scopeSets.contains { !$0.isEmpty && $0.isSubset(of: scopes) } }?.operation
                allowed[scopes] = found
                return found
            }
            var reported: Set<String> = []
            for read in uses where api.operations[read.operation].method.isReadOnly {
                // Reading is possible with less when some alternative grants no write, or names only read scopes.
                let narrower = read.scopeSets.contains { scopes in
                    writeAllowed(by: scopes) == nil || scopes.allSatisfy(ScopeNames.isReadOnly)
                }
                guard !narrower else { continue }
                for set in read.scopeSets where set.count == 1 {
                    // A scope named for writing (`pets:write`, `admin:manage`) is not requested to read.
                    guard let scope = set.first, !reported.contains(scope), !ScopeNames.grantsWrite(scope),
                        let write = writeAllowed(by: set)
                    else { continue }
                    reported.insert(scope)
                    for key in scheme.scopeKeys(named: scope) {
                        context.report(
                            key,
                            "scope '\(scope)' of security scheme '\(scheme.name)' alone allows both \(api.operations[read.operation].displayName) and \(api.operations[write].displayName), so a token meant for reading can also change data"
                        )
                    }
                }
            }
        }
    }
}
