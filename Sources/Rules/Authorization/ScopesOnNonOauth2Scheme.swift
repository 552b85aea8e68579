import OpenAPIModel
import RuleEngine

/// Flags Swagger 2.0 and OpenAPI 3.0 requirements that list scopes for a scheme other than OAuth 2.0 or OpenID Connect.
struct ScopesOnNonOauth2Scheme: Rule {
    func check(_ context: RuleContext) {
        let api = context.api
        // OpenAPI 3.1 allows role names here.
        guard api.version != .openAPI31 else { return }
        for list in api.securityRequirementLists {
            for requirement in list.requirements {
                for entry in requirement.entries where !entry.namedScopes.isEmpty {
                    guard let scheme = api.securityScheme(named: entry.schemeName) else { continue }
                    let kind: String
                    switch scheme.type {
                    case .apiKey: kind = "an API key scheme"
                    case .http: kind = "an HTTP \(scheme.httpScheme.map { "'\($0)' " } ?? "")scheme"
                    case .mutualTLS: kind = "a mutual TLS scheme"
                    case .oauth2, .openIdConnect, .other: continue
                    }
                    let scopes = entry.namedScopes.map { "'\($0.name)'" }.joined(separator: ", ")
                    let noun = entry.namedScopes.count == 1 ? "scope" : "scopes"
                    context.report(
                        entry.keyNode,
                        "security requirement lists \(noun) \(scopes) for '\(scheme.name)', \(kind), which takes none before OpenAPI 3.1",
                        cause: scheme.name)
                }
            }
        }
    }
}
