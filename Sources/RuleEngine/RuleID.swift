/// A rule's kebab-case id (`api-key-in-query`), and the Swift type and SARIF name derived from it.
public struct RuleID: Hashable, Sendable, CustomStringConvertible {
    public let rawValue: String

    public init(_ rawValue: String) { self.rawValue = rawValue }

    public var description: String { rawValue }

    /// The Swift type implementing the rule, also SARIF's `name` for it: `api-key-in-query` → `ApiKeyInQuery`.
    public var typeName: String {
        rawValue.split(separator: "-").map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
    }
}
