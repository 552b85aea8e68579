import OpenAPIModel
import RuleEngine

/// Flags scopes that an OAuth 2.0 requirement asks for but none of the scheme's flows defines.
struct ScopeUndefined: Rule {
    func check(_ context: RuleContext) {
        let api = context.api
        for list in api.securityRequirementLists {
            for requirement in list.requirements {
                for entry in requirement.entries {
                    guard let scheme = api.securityScheme(named: entry.schemeName), scheme.type == .oauth2,
                        scheme.definesScopes
                    else { continue }
                    let defined = context.facts.definedScopes(of: scheme)
                    for scope in entry.namedScopes where !defined.contains(scope.name) {
                        context.report(
                            scope.node,
                            "security requirement asks '\(scheme.name)' for scope '\(scope.name)', which none of its flows defines"
                        )
                    }
                }
            }
        }
    }
}
