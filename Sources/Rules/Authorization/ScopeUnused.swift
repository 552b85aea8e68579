import Lexicon
import OpenAPIModel
import RuleEngine

/// Flags scopes an OAuth 2.0 scheme defines but no security requirement asks for.
struct ScopeUnused: Rule {
    func check(_ context: RuleContext) {
        let api = context.api
        var used: [String: Set<String>] = [:]
        for list in api.securityRequirementLists {
            for requirement in list.requirements {
                for entry in requirement.entries {
                    used[entry.schemeName, default: []].formUnion(entry.namedScopes.map(\.name))
                }
            }
        }
        for scheme in api.securitySchemes where scheme.type == .oauth2 {
            // A scheme nobody uses is reported once, by security-scheme-unused.
            guard let usedScopes = used[scheme.name] else { continue }
            for flow in scheme.flows {
                for scope in flow.scopes
                where !usedScopes.contains(scope.name)
                    && !ScopeNames.openIDConnectScopes.contains(scope.name)
                {
                    context.report(
                        scope.keyNode,
                        "scope '\(scope.name)' of security scheme '\(scheme.name)' is defined but no security requirement asks for it"
                    )
                }
            }
        }
    }
}
