import Lexicon
import OpenAPIModel
import RuleEngine

/// Flags documents that ask for credentials but never say over which scheme the API is reached.
struct TransportUnspecified: Rule {
    func check(_ context: RuleContext) {
        let api = context.api
        let credentialSchemes = api.securityRequirementLists.lazy.flatMap(\.requirements).flatMap(\.entries)
            .compactMap { api.securityScheme(named: $0.schemeName) }
            .filter { [.apiKey, .http, .oauth2, .openIdConnect].contains($0.type) }
        guard let scheme = credentialSchemes.first else { return }
        let servers = api.distinctServers
        guard !servers.contains(where: { URLText($0.expandedURL).scheme != nil }) else { return }
        let missing =
            api.version == .swagger2
            ? "lists no `schemes`, so clients use whatever scheme served the description"
            : servers.isEmpty ? "declares no server" : "declares only relative server URLs"
        context.report(
            api.versionNode,
            "the document asks for credentials (security scheme '\(scheme.name)') but \(missing): nothing pins HTTPS"
        )
    }
}
