/// Names of request headers and cookies that carry credentials, and the security scheme that declares each.
public enum CredentialHeaders {
    /// A credential-carrying header or cookie: what it holds and the scheme to declare instead.
    public struct Match: Sendable, Equatable {
        /// A noun phrase for messages: `the Authorization header`, `a credential`.
        public let description: String
        /// The security scheme that declares the credential, for messages.
        public let scheme: String
    }

    /// Headers that carry credentials by definition, by lowercased name.
    public static let standardHeaders: [String: Match] = [
        "authorization": Match(
            description: "the Authorization header",
            scheme: "an `http` scheme (`bearer` or `basic`), an `oauth2` or an `openIdConnect` scheme"),
        "proxy-authorization": Match(
            description: "the Proxy-Authorization header", scheme: "an `http` security scheme"),
        "cookie": Match(description: "the Cookie header", scheme: "an `apiKey` scheme with `in: cookie`"),
    ]

    /// The last words of a header or cookie name that holds an API key (`X-API-Key`, `api_key`,
    /// `Ocp-Apim-Subscription-Key`, `X-Auth-Token`).
    public static let apiKeyPhrases: [[String]] = [
        ["api", "key"], ["apikey"], ["api", "token"], ["apitoken"], ["subscription", "key"], ["auth", "token"],
        ["authtoken"], ["access", "token"], ["accesstoken"], ["auth", "key"],
    ]

    /// What the header or cookie parameter `name` carries, if it is a credential.
    public static func credential(named name: String, in location: String) -> Match? {
        if location == "header", let match = standardHeaders[name.lowercased()] { return match }
        let words = NameWords.split(name)
        guard apiKeyPhrases.contains(where: { NameWords.endsWith(words, phrase: $0) }) else { return nil }
        return Match(
            description: "a credential", scheme: "an `apiKey` scheme with `in: \(location)` and `name: \(name)`")
    }
}
