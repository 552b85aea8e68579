import OpenAPIModel
import RuleEngine

/// Flags HTTP schemes that are weak (Digest, Negotiate, NTLM, OAuth 1) or not registered with IANA.
struct WeakHttpAuthScheme: Rule {
    /// Why each weak scheme is weak.
    static let weak: [String: String] = [
        "digest": "HTTP Digest, which relies on MD5 and a password the server must store recoverably",
        "negotiate": "HTTP Negotiate, which falls back to NTLM",
        "ntlm": "NTLM, which is open to relay and offline cracking",
        "oauth": "OAuth 1.0 signatures, superseded by OAuth 2.0",
    ]

    /// The IANA HTTP Authentication Scheme Registry, lowercased.
    static let registered: Set<String> = [
        "basic", "bearer", "concealed", "digest", "dpop", "gnap", "hoba", "mutual", "negotiate", "oauth",
        "privatetoken", "scram-sha-1", "scram-sha-256", "vapid",
    ]

    func check(_ context: RuleContext) {
        for scheme in context.api.securitySchemes where scheme.type == .http {
            guard let name = scheme.httpScheme, !name.isEmpty else { continue }
            let node = scheme.httpSchemeNode ?? scheme.nameNode
            if let reason = Self.weak[name] {
                context.report(node, "security scheme '\(scheme.name)' uses \(reason)")
            } else if !Self.registered.contains(name) {
                context.report(
                    node,
                    "security scheme '\(scheme.name)' uses '\(name)', which is not a registered HTTP authentication scheme"
                )
            }
        }
    }
}
