import Lexicon
import OpenAPIModel

/// How hard a security scheme is to defeat, in the order the diff uses to call a change of scheme a weakening:
///
/// `none` < `apiKey` in the query < HTTP `basic` (and Digest, NTLM, Negotiate, OAuth 1) < `apiKey` in a header or
/// cookie < other HTTP schemes (`bearer`, …) < `oauth2`, `openIdConnect` and `mutualTLS`.
///
/// A query key leaks into logs and referrers; Basic sends a reusable password with every call; a header key is a
/// long-lived shared secret; a bearer token may be short-lived but its issuance is undescribed; OAuth 2.0, OpenID
/// Connect and mutual TLS describe scoped, expiring or key-bound credentials. A scheme that is named but not
/// defined, or of an unknown type, ranks with the other HTTP schemes, so it never makes a change look weaker.
public enum SchemeStrength: Int, Sendable, Comparable, CaseIterable {
    case none = 0
    case apiKeyInQuery
    case weakHTTP
    case apiKeyInHeader
    case httpToken
    case delegated

    public static func < (lhs: SchemeStrength, rhs: SchemeStrength) -> Bool { lhs.rawValue < rhs.rawValue }

    /// `API key in the query`, `HTTP Basic`, …: how messages name the level.
    public var label: String {
        switch self {
        case .none: "no authentication"
        case .apiKeyInQuery: "an API key in the query"
        case .weakHTTP: "HTTP Basic or another weak HTTP scheme"
        case .apiKeyInHeader: "an API key in a header or cookie"
        case .httpToken: "an HTTP token scheme"
        case .delegated: "OAuth 2.0, OpenID Connect or mutual TLS"
        }
    }

    /// The strength of one scheme; nil (not defined) ranks as `httpToken`.
    public static func of(_ scheme: SecurityScheme?) -> SchemeStrength {
        guard let scheme else { return .httpToken }
        switch scheme.type {
        case .apiKey: return scheme.apiKeyLocation == .query ? .apiKeyInQuery : .apiKeyInHeader
        case .http: return HTTPAuthSchemes.asWeakAsBasic.contains(scheme.httpScheme ?? "") ? .weakHTTP : .httpToken
        case .oauth2, .openIdConnect, .mutualTLS: return .delegated
        case .other: return .httpToken
        }
    }

    /// The strength of one alternative: its strongest scheme, since all must be satisfied; `none` when anonymous.
    public static func of(_ requirement: SecurityRequirement, in api: APIModel) -> SchemeStrength {
        requirement.entries.map { of(api.securityScheme(named: $0.schemeName)) }.max() ?? .none
    }

    /// The strength of an operation: its weakest alternative, since a caller picks the easiest; `none` without any.
    public static func of(_ operation: Operation, in api: APIModel) -> SchemeStrength {
        operation.effectiveSecurity.map { of($0, in: api) }.min() ?? .none
    }
}
