import OpenAPIModel
import RuleEngine

/// Flags OAuth 2.0 implicit flows, deprecated by the OAuth 2.0 Security Best Current Practice.
struct Oauth2ImplicitFlow: Rule {
    func check(_ context: RuleContext) {
        for scheme in context.api.securitySchemes {
            for flow in scheme.flows where flow.kind == .implicit {
                context.report(
                    flow.node,
                    "security scheme '\(scheme.name)' uses the OAuth 2.0 implicit flow, which returns tokens in the URL"
                )
            }
        }
    }
}
