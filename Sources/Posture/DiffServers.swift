import Lexicon
import OpenAPIModel
import Platform
import RuleEngine
import SourceTree

// Servers added, removed, or moved between plain HTTP and HTTPS.
extension Comparison {
    /// A server by what it reaches: lowercased host and path without scheme and trailing slash.
    struct ServerSite: Sendable {
        let key: String
        let scheme: String?
        let url: String
        let location: ChangeLocation

        /// The same site at its detached location (`ChangeLocation.detached`).
        var detached: ServerSite { ServerSite(key: key, scheme: scheme, url: url, location: location.detached) }
    }

    static func sites(_ api: APIModel) -> [ServerSite] {
        var result: [ServerSite] = []
        var seen: Set<String> = []
        for server in api.distinctServers {
            let url = URLText(server.expandedURL)
            // Relative URLs are on the host that serves the description; loopback reaches no one else.
            guard url.scheme != nil, !url.host.isEmpty, !url.isLoopback else { continue }
            var rest = Substring(server.expandedURL.trimmingSpaces)
            if let range = rest.firstRange(ofCharacters: "://") { rest = rest[range.upperBound...] }
            var key = rest.lowercased()
            while key.hasSuffix("/") { key.removeLast() }
            let scheme = url.scheme == "ws" ? "http" : url.scheme == "wss" ? "https" : url.scheme
            guard seen.insert("\(scheme ?? "") \(key)").inserted else { continue }
            result.append(
                ServerSite(key: key, scheme: scheme, url: server.url, location: ChangeLocation(server.node)))
        }
        return result
    }

    /// `after`: the new version's servers (`sites`).
    mutating func compareServers(_ after: [ServerSite]) {
        let before = old.serverSites
        let oldByKey = Dictionary(grouping: before, by: \.key)
        let newByKey = Dictionary(grouping: after, by: \.key)
        for site in after {
            let previous = oldByKey[site.key] ?? []
            let url = site.url
            if site.scheme == "http" {
                if previous.isEmpty {
                    add(
                        PostureChange(
                            .serverPlainHTTP, "server '\(url)' is new and uses plain HTTP, so traffic is unencrypted",
                            at: site.location))
                } else if !previous.contains(where: { $0.scheme == "http" }) {
                    add(
                        PostureChange(
                            .serverPlainHTTP,
                            "server '\(url)' now uses plain HTTP (it was '\(previous[0].url)')",
                            at: site.location))
                }
            } else if previous.isEmpty {
                add(
                    PostureChange(
                        .serverAdded, "server '\(url)' is new: the API is now also exposed there", at: site.location)
                )
            } else if site.scheme == "https", previous.allSatisfy({ $0.scheme == "http" }),
                !(newByKey[site.key] ?? []).contains(where: { $0.scheme == "http" })
            {
                add(
                    PostureChange(
                        .serverHTTPS, "server '\(url)' now uses HTTPS (it was '\(previous[0].url)')",
                        at: site.location))
            }
        }
        for site in before where newByKey[site.key] == nil {
            add(
                PostureChange(
                    .serverRemoved, "server '\(site.url)' is no longer listed", at: site.location))
        }
    }
}
