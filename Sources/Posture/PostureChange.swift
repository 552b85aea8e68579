import RuleEngine
import SourceTree

/// One regression or improvement found by `SpecDiff`, with the place it concerns.
public struct PostureChange: Sendable {
    public let kind: ChangeKind
    /// The kind's severity, or a stronger or weaker one for this instance (a password is worse than an e-mail).
    public let severity: Severity
    /// One sentence naming the concrete thing.
    public let message: String
    /// `GET /pets/{id}` when the change concerns an operation.
    public let operation: String?
    /// In the new document for every regression; in the old one for improvements about something removed.
    public let location: ChangeLocation

    public var isRegression: Bool { kind.isRegression }

    /// Whether `location` is in the new document.
    public var isInNewDocument: Bool { location.node != nil }

    /// A change at a node of the new document.
    init(
        _ kind: ChangeKind, _ message: String, at node: NodeRef, operation: String? = nil, severity: Severity? = nil
    ) {
        self.init(kind, message, at: ChangeLocation(node), operation: operation, severity: severity)
    }

    init(
        _ kind: ChangeKind, _ message: String, at location: ChangeLocation, operation: String? = nil,
        severity: Severity? = nil
    ) {
        self.kind = kind
        self.severity = severity ?? kind.severity
        self.message = message
        self.operation = operation
        self.location = location
    }

    /// Orders by file, position, then kind and message.
    static func precedes(_ lhs: PostureChange, _ rhs: PostureChange) -> Bool {
        if lhs.isInNewDocument != rhs.isInNewDocument { return lhs.isInNewDocument }
        if lhs.location.path != rhs.location.path { return lhs.location.path < rhs.location.path }
        let (left, right) = (lhs.location.position, rhs.location.position)
        if left != right { return left < right }
        if lhs.kind != rhs.kind { return lhs.kind.rawValue < rhs.kind.rawValue }
        return lhs.message < rhs.message
    }
}

/// Where a change points: a node's file, position and JSON pointer, and the node itself in the new document (the old
/// one's tree is released before the new one loads).
public struct ChangeLocation: Sendable {
    /// The file's path as loaded, before reports map it for display.
    public let path: String
    public let position: Position
    public let pointer: String
    /// The node, in the new document; nil in the old one.
    public let node: NodeRef?

    /// The place of `node`, with the node.
    init(_ node: NodeRef) {
        path = node.file.path
        position = node.position
        pointer = node.pointer
        self.node = node
    }

    private init(path: String, position: Position, pointer: String) {
        self.path = path
        self.position = position
        self.pointer = pointer
        node = nil
    }

    /// The same place without the node, which an old version's location must not keep alive.
    var detached: ChangeLocation { ChangeLocation(path: path, position: position, pointer: pointer) }
}
