import RuleEngine

/// A kind of change in security posture between two versions of a document: a regression or an improvement.
///
/// Regressions carry a default severity and a security-severity (the same scale as the rules, for SARIF), and an
/// id that names what is flagged, like rule ids.
public enum ChangeKind: String, Sendable, CaseIterable {
    // MARK: Regressions
    case operationAddedUnauthenticated = "operation-added-unauthenticated"
    case operationAddedAnonymous = "operation-added-anonymous"
    case authenticationRemoved = "authentication-removed"
    case anonymousAccessAdded = "anonymous-access-added"
    case authenticationWeakened = "authentication-weakened"
    case scopeRequirementRemoved = "scope-requirement-removed"
    case sensitiveFieldReturned = "sensitive-field-returned"
    case inputBoundRemoved = "input-bound-removed"
    case rateLimitRemoved = "rate-limit-removed"
    case serverPlainHTTP = "server-plain-http"
    case serverAdded = "server-added"
    case scopeGrantsReadAndWrite = "scope-grants-read-and-write-added"

    // MARK: Improvements
    case unauthenticatedOperationRemoved = "unauthenticated-operation-removed"
    case authenticationAdded = "authentication-added"
    case anonymousAccessRemoved = "anonymous-access-removed"
    case authenticationStrengthened = "authentication-strengthened"
    case scopeRequirementAdded = "scope-requirement-added"
    case sensitiveFieldRemoved = "sensitive-field-removed"
    case inputBoundAdded = "input-bound-added"
    case rateLimitAdded = "rate-limit-added"
    case serverHTTPS = "server-https"
    case serverRemoved = "server-removed"
    case scopeGrantsReadAndWriteRemoved = "scope-grants-read-and-write-removed"

    /// Whether the change weakens the API's security.
    public var isRegression: Bool { Self.regressions.contains(self) }

    /// The regression kinds, in report order.
    public static let regressions: [ChangeKind] = [
        .operationAddedUnauthenticated, .operationAddedAnonymous, .authenticationRemoved, .anonymousAccessAdded,
        .authenticationWeakened, .scopeRequirementRemoved, .sensitiveFieldReturned, .inputBoundRemoved,
        .rateLimitRemoved, .serverPlainHTTP, .serverAdded, .scopeGrantsReadAndWrite,
    ]

    /// How serious a regression of this kind is by default (improvements: `note`).
    public var severity: Severity {
        switch self {
        case .operationAddedUnauthenticated, .authenticationRemoved, .serverPlainHTTP: .error
        case .sensitiveFieldReturned: .error
        case .operationAddedAnonymous, .anonymousAccessAdded, .authenticationWeakened, .scopeRequirementRemoved,
            .inputBoundRemoved, .rateLimitRemoved:
            .warning
        default: .note
        }
    }

    /// 0.0–10.0, as in the rule catalog: what code scanning ranks security alerts by.
    public var securitySeverity: Double {
        switch self {
        case .operationAddedUnauthenticated, .authenticationRemoved: 7.5
        case .serverPlainHTTP: 7.4
        case .sensitiveFieldReturned: 7.5
        case .operationAddedAnonymous, .anonymousAccessAdded: 5.3
        case .authenticationWeakened: 5.9
        case .scopeRequirementRemoved: 5.4
        case .inputBoundRemoved, .rateLimitRemoved: 5.3
        case .scopeGrantsReadAndWrite: 3.5
        case .serverAdded: 3.1
        default: 0
        }
    }

    /// The catalog category the change belongs to.
    public var category: RuleCategory {
        switch self {
        case .operationAddedUnauthenticated, .operationAddedAnonymous, .authenticationRemoved, .anonymousAccessAdded,
            .authenticationWeakened, .unauthenticatedOperationRemoved, .authenticationAdded, .anonymousAccessRemoved,
            .authenticationStrengthened:
            .authentication
        case .scopeRequirementRemoved, .scopeGrantsReadAndWrite, .scopeRequirementAdded,
            .scopeGrantsReadAndWriteRemoved:
            .authorization
        case .sensitiveFieldReturned, .inputBoundRemoved, .sensitiveFieldRemoved, .inputBoundAdded: .data
        case .rateLimitRemoved, .rateLimitAdded: .rateLimits
        case .serverPlainHTTP, .serverHTTPS: .transport
        case .serverAdded, .serverRemoved: .inventory
        }
    }

    /// A short title: what the change is.
    public var title: String {
        switch self {
        case .operationAddedUnauthenticated: "New operation without authentication"
        case .operationAddedAnonymous: "New operation allowing anonymous access"
        case .authenticationRemoved: "Operation no longer authenticated"
        case .anonymousAccessAdded: "Operation newly allows anonymous access"
        case .authenticationWeakened: "Operation moved to a weaker security scheme"
        case .scopeRequirementRemoved: "Operation no longer requires a scope"
        case .sensitiveFieldReturned: "Response newly returns a sensitive field"
        case .inputBoundRemoved: "Input newly unbounded"
        case .rateLimitRemoved: "Rate-limit declaration removed"
        case .serverPlainHTTP: "Server moved to plain HTTP"
        case .serverAdded: "New server exposed"
        case .scopeGrantsReadAndWrite: "Scope newly grants both read and write"
        case .unauthenticatedOperationRemoved: "Unauthenticated operation removed"
        case .authenticationAdded: "Operation now authenticated"
        case .anonymousAccessRemoved: "Anonymous access removed"
        case .authenticationStrengthened: "Operation moved to a stronger security scheme"
        case .scopeRequirementAdded: "Operation now requires a scope"
        case .sensitiveFieldRemoved: "Sensitive field no longer returned"
        case .inputBoundAdded: "Input newly bounded"
        case .rateLimitAdded: "Rate limit now declared"
        case .serverHTTPS: "Server moved to HTTPS"
        case .serverRemoved: "Server removed"
        case .scopeGrantsReadAndWriteRemoved: "Scope no longer grants both read and write"
        }
    }

    /// One sentence: what the diff flags and how to fix it (SARIF help).
    public var help: String {
        switch self {
        case .operationAddedUnauthenticated:
            "A new operation has no security requirement, on itself or the document, so anyone can call it. Add a `security` requirement, or justify a public endpoint."
        case .operationAddedAnonymous:
            "A new operation lists an empty alternative `{}` in its security, so callers may skip authentication. Remove `{}` unless anonymous access is intended."
        case .authenticationRemoved:
            "An operation that required authentication in the old version requires none in the new one (`security: []` or a removed requirement). Restore its security requirement."
        case .anonymousAccessAdded:
            "An operation that required authentication now also accepts anonymous callers through an empty alternative `{}`. Remove `{}`."
        case .authenticationWeakened:
            "An operation's weakest security alternative is now a weaker kind of scheme (none < API key in query < HTTP Basic < API key in header < HTTP bearer < OAuth 2.0/OpenID Connect/mutual TLS). Keep the stronger scheme."
        case .scopeRequirementRemoved:
            "An operation no longer requires an OAuth 2.0 scope that every alternative required before, so tokens with less privilege can call it. Restore the scope."
        case .sensitiveFieldReturned:
            "A response now contains a field named like a credential, financial or personal datum that it did not return before. Remove the field or mark it `writeOnly`."
        case .inputBoundRemoved:
            "A received value lost its `maxLength`, `maxItems` or `maximum`, or the bound was raised at least tenfold, so callers can send much larger input. Restore a tight bound."
        case .rateLimitRemoved:
            "An operation no longer declares a `429` response, rate-limit headers or a rate-limit extension that it declared before. Restore the declaration (and the limit)."
        case .serverPlainHTTP:
            "A server now uses plain `http://` (or `ws://`), so traffic is unencrypted. Serve the API over HTTPS only."
        case .serverAdded:
            "The API is exposed on a server the old version did not list. Check that the new host is meant to be reachable and protected like the others."
        case .scopeGrantsReadAndWrite:
            "An OAuth 2.0 scope now alone allows both reading and changing data, with no narrower scope for reading. Split it into read and write scopes."
        default:
            "An improvement in security posture."
        }
    }
}
