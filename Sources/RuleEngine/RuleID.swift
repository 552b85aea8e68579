/// A rule's kebab-case id (`api-key-in-query`), and the Swift type and SARIF name derived from it.
public struct RuleID: Hashable, Comparable, Sendable, CustomStringConvertible, ExpressibleByStringLiteral {
    public let rawValue: String

    public init(_ rawValue: String) { self.rawValue = rawValue }

    public init(stringLiteral rawValue: String) { self.rawValue = rawValue }

    /// The raw id, so interpolation prints it unchanged.
    public var description: String { rawValue }

    /// Ordered as the raw ids are, so sorting by id is unchanged.
    public static func < (lhs: RuleID, rhs: RuleID) -> Bool { lhs.rawValue < rhs.rawValue }

    /// Whether the id names an organisation policy (`policy/ID`) rather than a built-in rule.
    public var isPolicy: Bool { rawValue.hasPrefix(RuleCategory.policyRulePrefix) }

    /// The Swift type implementing the rule, also SARIF's `name` for it: `api-key-in-query` → `ApiKeyInQuery`.
    public var typeName: String {
        rawValue.split(separator: "-").map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
    }
}
