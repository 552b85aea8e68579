/// A node together with the file that holds it: the address of anything in a multi-file description.
public struct NodeRef: Hashable, Sendable {
    public let file: SourceFile
    public let node: NodeID

    public init(_ file: SourceFile, _ node: NodeID) {
        self.file = file
        self.node = node
    }

    public static func == (lhs: NodeRef, rhs: NodeRef) -> Bool { lhs.file === rhs.file && lhs.node == rhs.node }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(ObjectIdentifier(file))
        hasher.combine(node)
    }

    // MARK: - Conveniences that read through to the file

    public var kind: NodeKind { file.kind(node) }
    public var isMapping: Bool { file.isMapping(node) }
    public var isSequence: Bool { file.isSequence(node) }
    public var isScalar: Bool { file.isScalar(node) }
    public var position: Position { file.position(node) }
    public var pointer: String { file.pointer(node) }
    public var string: String { file.string(node) }
    public var scalar: String? { file.scalar(node) }
    public var bool: Bool? { file.bool(node) }
    public var number: Double? { file.number(node) }

    /// The value under `key` when this is a mapping.
    public subscript(key: String) -> NodeRef? { file.value(node, key).map { NodeRef(file, $0) } }

    /// The key node named `key` when this is a mapping.
    public func keyNode(_ key: String) -> NodeRef? { file.keyNode(node, key).map { NodeRef(file, $0) } }

    /// The value this key introduces, when this is a key.
    public var value: NodeRef? { file.value(ofKey: node).map { NodeRef(file, $0) } }

    /// The key under which this node is a mapping value.
    public var key: NodeRef? { file.key(of: node).map { NodeRef(file, $0) } }

    /// The mapping's entries as node pairs.
    public var entries: [(key: NodeRef, value: NodeRef)] {
        file.entries(node).map { (NodeRef(file, $0.key), NodeRef(file, $0.value)) }
    }

    /// The sequence's items.
    public var items: [NodeRef] { file.items(node).map { NodeRef(file, $0) } }

    /// The mapping's keys as text, in order.
    public var keys: [String] { file.entries(node).map { file.string($0.key) } }
}
