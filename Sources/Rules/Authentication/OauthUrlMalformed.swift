import Lexicon
import OpenAPIModel
import RuleEngine

/// Flags OAuth 2.0 and OpenID Connect endpoint URLs that are malformed or point somewhere other than they seem.
struct OauthUrlMalformed: Rule {
    func check(_ context: RuleContext) {
        let api = context.api
        for scheme in api.securitySchemes {
            let urls: [(String, URLValue?)] =
                scheme.flows.flatMap {
                    [
                        ("authorizationUrl", $0.authorizationURL), ("tokenUrl", $0.tokenURL),
                        ("refreshUrl", $0.refreshURL),
                    ]
                } + [("openIdConnectUrl", scheme.openIdConnectURL)]
            for case let (name, value?) in urls {
                guard let problem = Self.problem(with: value.url, allowsRelative: api.version != .swagger2) else {
                    continue
                }
                context.report(
                    value.keyNode.value ?? value.keyNode,
                    "the `\(name)` of security scheme '\(scheme.name)' \(problem)")
            }
        }
    }

    /// Characters never allowed unencoded in a URL.
    static let forbiddenCharacters: Set<Character> = ["<", ">", "\"", "\\", "^", "`", "|", "{", "}"]

    /// What is wrong with `url`, for messages; nil when it is a usable endpoint.
    static func problem(with url: String, allowsRelative: Bool) -> String? {
        if url.isEmpty { return "is empty" }
        if url.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) {
            return "contains control characters"
        }
        if url.contains(where: \.isWhitespace) { return "contains whitespace" }
        if url.contains("{") && url.contains("}") {
            return "contains a `{variable}`, which OpenAPI never expands in OAuth URLs"
        }
        if url.contains(where: forbiddenCharacters.contains) {
            return "contains characters a URL cannot hold unencoded"
        }
        if url.contains("#") { return "has a fragment, which an OAuth 2.0 endpoint must not have" }
        let parsed = URLText(url)
        guard let scheme = parsed.scheme else {
            guard allowsRelative else { return "is not an absolute URL" }
            // A relative reference has no scheme: `https:/token` and `auth.example.com:443/token` are typos.
            let firstSegment = url.prefix { $0 != "/" && $0 != "?" }
            return firstSegment.contains(":") ? "is neither an absolute URL nor a relative reference" : nil
        }
        if scheme != "https" && scheme != "http" { return "uses the scheme '\(scheme)' instead of https" }
        let rest = url[url.index(url.startIndex, offsetBy: scheme.count + 3)...]
        let authority = rest.prefix { $0 != "/" && $0 != "?" }
        if authority.contains("@") {
            return "carries userinfo before '@', so it leads to '\(parsed.host)', not to the host it seems to name"
        }
        if parsed.host.isEmpty { return "has no host" }
        return nil
    }
}
