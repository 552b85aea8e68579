import Lexicon
import OpenAPIModel
import RuleEngine

/// Flags HTTP schemes that are weak (Digest, Negotiate, NTLM, OAuth 1) or not registered with IANA.
struct WeakHttpAuthScheme: Rule {
    func check(_ context: RuleContext) {
        for scheme in context.api.securitySchemes where scheme.type == .http {
            guard let name = scheme.httpScheme, !name.isEmpty else { continue }
            let node = scheme.httpSchemeNode ?? scheme.nameNode
            if let reason = HTTPAuthSchemes.weaknesses[name] {
                context.report(node, "security scheme '\(scheme.name)' uses \(reason)")
            } else if !HTTPAuthSchemes.registered.contains(name) {
                context.report(
                    node,
                    "security scheme '\(scheme.name)' uses '\(name)', which is not a registered HTTP authentication scheme"
                )
            }
        }
    }
}
