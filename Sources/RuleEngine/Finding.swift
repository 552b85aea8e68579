import SourceTree

/// One problem at one node.
public struct Finding: Sendable {
    public let ruleID: String
    public var severity: Severity
    /// One sentence naming the concrete thing.
    public let message: String
    /// The most specific offending node.
    public let location: NodeRef
    /// Further places with the same root cause, grouped into this finding (empty when it has one place).
    public var occurrences: [NodeRef] = []
    /// Set when an ignore, the configuration or a baseline excuses the finding.
    public var suppression: Suppression?
    /// Set when a baseline is in use.
    public var baselineState: BaselineState?
    /// Whether the source at the location must not be shown (it holds a secret): reporters print the message only.
    public var concealsSource = false

    public init(ruleID: String, severity: Severity, message: String, location: NodeRef) {
        self.ruleID = ruleID
        self.severity = severity
        self.message = message
        self.location = location
    }

    public var file: SourceFile { location.file }
    public var span: SourceSpan { location.file.span(location.node) }
    public var position: Position { location.file.position(location.node) }
    public var pointer: String { location.pointer }

    /// Whether the finding counts: shown in text output and considered by `--fail-on`.
    public var isActive: Bool { suppression == nil }

    /// Orders findings by file, line, column, then rule, so output never depends on scheduling.
    public static func precedes(_ lhs: Finding, _ rhs: Finding) -> Bool {
        if lhs.file.path != rhs.file.path { return lhs.file.path < rhs.file.path }
        let (left, right) = (lhs.position, rhs.position)
        if left != right { return left < right }
        if lhs.ruleID != rhs.ruleID { return lhs.ruleID < rhs.ruleID }
        return lhs.message < rhs.message
    }
}
