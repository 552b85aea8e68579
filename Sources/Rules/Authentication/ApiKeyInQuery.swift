import OpenAPIModel
import RuleEngine

/// Flags API keys sent in the query string.
struct ApiKeyInQuery: Rule {
    func check(_ context: RuleContext) {
        for scheme in context.api.securitySchemes where scheme.type == .apiKey && scheme.apiKeyLocation == .query {
            let parameter = scheme.apiKeyName.map { " '\($0)'" } ?? ""
            context.report(
                scheme.apiKeyLocationNode ?? scheme.nameNode,
                "security scheme '\(scheme.name)' sends its API key in the query parameter\(parameter), where URLs get logged"
            )
        }
    }
}
