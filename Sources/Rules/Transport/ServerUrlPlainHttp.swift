import Lexicon
import OpenAPIModel
import RuleEngine

/// Flags servers reached over plain HTTP or WebSocket.
struct ServerUrlPlainHttp: Rule {
    func check(_ context: RuleContext) {
        let api = context.api
        for server in api.distinctServers {
            let url = URLText(server.expandedURL)
            guard url.isPlainText, !url.isLoopback else { continue }
            if api.version == .swagger2 {
                context.report(
                    server.node, "`schemes` lists plain '\(url.scheme ?? "")', so the API is served unencrypted")
            } else {
                context.report(
                    server.node, "server '\(server.url)' uses plain '\(url.scheme ?? "")', so traffic is unencrypted")
            }
        }
    }
}
