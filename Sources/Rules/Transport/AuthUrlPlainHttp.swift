import Lexicon
import OpenAPIModel
import RuleEngine

/// Flags OAuth 2.0 and OpenID Connect endpoints reached over plain HTTP.
struct AuthUrlPlainHttp: Rule {
    func check(_ context: RuleContext) {
        for scheme in context.api.securitySchemes {
            let urls =
                scheme.flows.flatMap { [$0.authorizationURL, $0.tokenURL, $0.refreshURL] } + [scheme.openIdConnectURL]
            for case let value? in urls {
                let url = URLText(value.url)
                guard url.scheme == "http", !url.isLoopback else { continue }
                context.report(
                    value.keyNode,
                    "security scheme '\(scheme.name)' sends credentials to '\(value.url)' over plain HTTP")
            }
        }
    }
}
