import OpenAPIModel
import RuleEngine

/// Flags OAuth 2.0 resource-owner password flows.
struct Oauth2PasswordFlow: Rule {
    func check(_ context: RuleContext) {
        for scheme in context.api.securitySchemes {
            for flow in scheme.flows where flow.kind == .password {
                context.report(
                    flow.node,
                    "security scheme '\(scheme.name)' uses the OAuth 2.0 password flow, which hands the user's password to the client"
                )
            }
        }
    }
}
