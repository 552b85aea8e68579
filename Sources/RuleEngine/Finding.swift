import SourceTree

/// One problem at one node.
///
/// The stored properties are declared largest first, so that the small ones fill the room after `location` and a
/// finding takes 80 bytes; a suppression, which few findings have, is kept out of line.
public struct Finding: Sendable {
    public let ruleID: RuleID
    /// One sentence naming the concrete thing.
    public let message: String
    /// The most specific offending node.
    public private(set) var location: NodeRef
    public var severity: Severity
    /// Set when a baseline is in use.
    public var baselineState: BaselineState?
    /// Whether the source at the location must not be shown (it holds a secret): reporters print the message only.
    public var concealsSource = false
    /// Set when the finding stands for every operation of its document (which are then its occurrences) and
    /// its location is the document's `paths`.
    public var isDocumentWide = false
    /// Further places with the same root cause, grouped into this finding (empty when it has one place).
    public var occurrences: [NodeRef] = []
    /// What makes findings of one rule one root cause: given by the rule, or set when findings are grouped
    /// (see `FindingGrouping`); nil before grouping when the rule gave none.
    public var cause: String?
    private var storedSuppression: StoredSuppression?

    /// Set when an ignore, the configuration or a baseline excuses the finding.
    public var suppression: Suppression? {
        get { storedSuppression?.suppression }
        set { storedSuppression = newValue.map(StoredSuppression.init) }
    }

    public init(ruleID: RuleID, severity: Severity, message: String, location: NodeRef, cause: String? = nil) {
        self.ruleID = ruleID
        self.severity = severity
        self.message = message
        self.location = location
        self.cause = cause
    }

    public var file: SourceFile { location.file }
    public var span: SourceSpan { location.file.span(location.node) }
    public var position: Position { location.file.position(location.node) }
    public var pointer: String { location.pointer }

    /// This finding with each of its places replaced by `move`'s (e.g. the same node in a compacted copy of its file).
    public func moved(_ move: (NodeRef) -> NodeRef) -> Finding {
        var moved = self
        moved.location = move(location)
        moved.occurrences = occurrences.map(move)
        return moved
    }

    /// The first place and then the others.
    public var places: [NodeRef] { [location] + occurrences }

    /// How many places the finding stands for: its occurrences alone when it is document-wide.
    public var placeCount: Int { isDocumentWide ? max(1, occurrences.count) : 1 + occurrences.count }

    /// Whether the finding counts: shown in text output and considered by `--fail-on`.
    public var isActive: Bool { storedSuppression == nil }

    /// What findings are ordered by, computed once per finding (its file's path and its position are looked up).
    public var order: FindingOrderKey {
        FindingOrderKey(path: file.path, position: position, ruleID: ruleID, message: message)
    }

    /// Orders findings by file, line, column, then rule and message, so output never depends on scheduling.
    public static func precedes(_ lhs: Finding, _ rhs: Finding) -> Bool { lhs.order < rhs.order }
}

/// A finding's suppression, out of line (see `Finding`).
private final class StoredSuppression: Sendable {
    let suppression: Suppression

    init(_ suppression: Suppression) { self.suppression = suppression }
}

/// The order of findings: file, line, column, then rule and message.
public struct FindingOrderKey: Comparable {
    let path: String
    let position: Position
    let ruleID: RuleID
    let message: String

    public static func < (lhs: FindingOrderKey, rhs: FindingOrderKey) -> Bool {
        (lhs.path, lhs.position, lhs.ruleID, lhs.message) < (rhs.path, rhs.position, rhs.ruleID, rhs.message)
    }
}
