import RuleEngine
import SourceTree

/// One regression or improvement found by `SpecDiff`, with the node it concerns.
public struct PostureChange: Sendable {
    public let kind: ChangeKind
    /// The kind's severity, or a stronger or weaker one for this instance (a password is worse than an e-mail).
    public let severity: Severity
    /// One sentence naming the concrete thing.
    public let message: String
    /// `GET /pets/{id}` when the change concerns an operation.
    public let operation: String?
    /// In the new document for every regression; in the old one for improvements about something removed.
    public let location: NodeRef
    /// Whether `location` is in the new document.
    public let isInNewDocument: Bool

    public var isRegression: Bool { kind.isRegression }

    public init(
        _ kind: ChangeKind, _ message: String, at location: NodeRef, operation: String? = nil,
        severity: Severity? = nil, inNewDocument: Bool = true
    ) {
        self.kind = kind
        self.severity = severity ?? kind.severity
        self.message = message
        self.operation = operation
        self.location = location
        self.isInNewDocument = inNewDocument
    }

    /// Orders by file, position, then kind and message.
    static func precedes(_ lhs: PostureChange, _ rhs: PostureChange) -> Bool {
        if lhs.isInNewDocument != rhs.isInNewDocument { return lhs.isInNewDocument }
        if lhs.location.file.path != rhs.location.file.path { return lhs.location.file.path < rhs.location.file.path }
        let (left, right) = (lhs.location.position, rhs.location.position)
        if left != right { return left < right }
        if lhs.kind != rhs.kind { return lhs.kind.rawValue < rhs.kind.rawValue }
        return lhs.message < rhs.message
    }
}
