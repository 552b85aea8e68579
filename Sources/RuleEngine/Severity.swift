/// How serious a finding is; ordered `note` < `warning` < `error`.
public enum Severity: String, Sendable, Comparable, CaseIterable, Codable {
    case note, warning, error

    private var rank: Int {
        switch self {
        case .note: 0
        case .warning: 1
        case .error: 2
        }
    }

    public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }
}

/// The area of API security a rule belongs to.
public enum RuleCategory: String, Sendable, CaseIterable {
    case authentication, authorization, transport, data
    case rateLimits = "rate-limits"
    case inventory
    /// Problems with the document itself: broken references, duplicate keys, suppressions.
    case document
    /// The organisation's own requirements, from the configuration's `policies` (rule ids `policy/ID`).
    case policy

    /// What every policy's rule id starts with.
    public static let policyRulePrefix = "policy/"
}
