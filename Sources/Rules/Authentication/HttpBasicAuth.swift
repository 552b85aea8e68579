import OpenAPIModel
import RuleEngine

/// Flags HTTP Basic security schemes.
struct HttpBasicAuth: Rule {
    func check(_ context: RuleContext) {
        for scheme in context.api.securitySchemes where scheme.type == .http && scheme.httpScheme == "basic" {
            context.report(
                scheme.httpSchemeNode ?? scheme.nameNode,
                "security scheme '\(scheme.name)' uses HTTP Basic authentication")
        }
    }
}
