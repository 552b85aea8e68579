import Lexicon
import OpenAPIModel
import RuleEngine
import SourceTree

/// Flags servers reached over plain HTTP or WebSocket.
struct ServerUrlPlainHttp: Rule {
    func check(_ context: RuleContext) {
        let api = context.api
        // Operations repeat the servers they inherit from their path item or the document: each is judged once.
        var judged: Set<NodeRef> = []
        let servers = api.servers + api.pathItems.flatMap(\.servers) + api.operations.flatMap(\.servers)
        for server in servers where judged.insert(server.node).inserted {
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
