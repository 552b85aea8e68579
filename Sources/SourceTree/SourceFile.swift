/// A node of one file's tree: an index into that file's flat node storage.
public struct NodeID: Hashable, Comparable, Sendable {
    public let index: Int32

    init(_ index: Int32) { self.index = index }

    public static func < (lhs: NodeID, rhs: NodeID) -> Bool { lhs.index < rhs.index }
}

/// What a node holds.
public enum NodeKind: UInt8, Sendable {
    case scalar, mapping, sequence
}

/// One node as stored: kind, extent, place in the tree, and its content range (20 bytes: a document holds nodes by
/// the hundred thousand).
struct NodeRecord: Equatable {
    /// Flag bits in `flags`.
    static let quoted: UInt8 = 1
    static let isKey: UInt8 = 2
    static let isAlias: UInt8 = 4
    static let isBlockScalar: UInt8 = 8
    /// A mapping whose `$ref` key holds a scalar.
    static let holdsReference: UInt8 = 16
    /// A collection inside an example, default, enum, const or extension value, where `$ref` is data.
    static let isLiteral: UInt8 = 32
    /// A mapping value whose key is a collection (its key is in `collectionKeys`); every other mapping value's
    /// key is the node just before it.
    static let followsCollectionKey: UInt8 = 64
    /// A scalar whose text is a range of the file's bytes (see `ScalarText`).
    static let textInFile: UInt8 = 128

    /// `length` of a node whose end is kept in `SourceFile.longEnds`.
    static let longLength = UInt16.max

    var kind: NodeKind
    var flags: UInt8
    /// How many characters the node spans, or `longLength` when that does not fit (nodes of 64 K characters or
    /// more, and ends libyaml moved past the end of the text).
    var length: UInt16
    /// Where the node starts, as a character index into the parsed text (`LineIndex`).
    var start: UInt32
    /// The enclosing mapping or sequence, or -1 for the root.
    var parent: Int32
    /// Scalars: byte offset of the text (`ScalarText`); collections: offset into `children`.
    var first: Int32
    /// Scalars: byte length; sequences: item count; mappings: entry count (children hold key, value pairs).
    var count: Int32

    /// The key node of the mapping value `value` whose record this is.
    func key(ofValue value: Int32, collectionKeys: [Int32: Int32]) -> Int32 {
        flags & Self.followsCollectionKey == 0 ? value - 1 : collectionKeys[value] ?? -1
    }
}

/// A parsed YAML or JSON file: its bytes and a flat, positioned node tree.
///
/// Every node knows its 1-based line and column, its extent, its parent and therefore its JSON pointer.
/// Aliases share the storage of their anchor, so expanding them costs nothing.
public final class SourceFile: Sendable {
    /// The path as given by the user or derived from a reference; used in every message.
    public let path: String
    /// The file's bytes, kept for code frames and hashing (and most scalars' text).
    public var bytes: [UInt8] { scalarText.file }
    /// The top-level node, or nil for a file with no document.
    public let root: NodeID?
    /// Mapping keys that repeat an earlier key of the same mapping: (first, duplicate).
    public let duplicateKeys: [(first: NodeID, duplicate: NodeID)]
    /// Mapping nodes that contain a `$ref` key, in document order.
    public let referenceNodes: [NodeID]
    /// Mapping nodes that contain an `x-oasguard-ignore` key, in document order.
    public let suppressionNodes: [NodeID]

    let nodes: [NodeRecord]
    let children: [Int32]
    let scalarText: ScalarText
    let lines: LineIndex
    /// Whether `lines` was made from `bytes` (not from text whose surrogate escapes were rewritten), so that
    /// `SourceLines` can share its line starts.
    let linesIndexBytes: Bool
    /// The end (a character index) of each node whose `length` is `NodeRecord.longLength`, by node.
    let longEnds: [Int32: UInt32]
    /// The key of each mapping value whose key is a collection, by value (rare: YAML's complex keys).
    let collectionKeys: [Int32: Int32]

    init(
        path: String, root: NodeID?, nodes: [NodeRecord], children: [Int32], scalarText: ScalarText,
        lines: LineIndex, linesIndexBytes: Bool, longEnds: [Int32: UInt32], collectionKeys: [Int32: Int32],
        duplicateKeys: [(first: NodeID, duplicate: NodeID)], referenceNodes: [NodeID], suppressionNodes: [NodeID]
    ) {
        self.path = path
        self.root = root
        self.nodes = nodes
        self.children = children
        self.scalarText = scalarText
        self.lines = lines
        self.linesIndexBytes = linesIndexBytes
        self.longEnds = longEnds
        self.collectionKeys = collectionKeys
        self.duplicateKeys = duplicateKeys
        self.referenceNodes = referenceNodes
        self.suppressionNodes = suppressionNodes
    }

    // MARK: - Shape

    public func kind(_ node: NodeID) -> NodeKind { nodes[Int(node.index)].kind }
    public func isMapping(_ node: NodeID) -> Bool { kind(node) == .mapping }
    public func isSequence(_ node: NodeID) -> Bool { kind(node) == .sequence }
    public func isScalar(_ node: NodeID) -> Bool { kind(node) == .scalar }

    /// Whether this node is a key of a mapping.
    public func isKey(_ node: NodeID) -> Bool { nodes[Int(node.index)].flags & NodeRecord.isKey != 0 }

    /// The mapping or sequence that contains this node.
    public func parent(_ node: NodeID) -> NodeID? {
        let parent = nodes[Int(node.index)].parent
        return parent < 0 ? nil : NodeID(parent)
    }

    /// The key under which this node is a mapping value.
    public func key(of node: NodeID) -> NodeID? {
        let record = nodes[Int(node.index)]
        guard record.flags & NodeRecord.isKey == 0, record.parent >= 0,
            nodes[Int(record.parent)].kind == .mapping
        else { return nil }
        let key = record.key(ofValue: node.index, collectionKeys: collectionKeys)
        return key >= 0 ? NodeID(key) : nil
    }

    /// The value a key node introduces (nil for other nodes, and for a key dropped as a duplicate).
    public func value(ofKey key: NodeID) -> NodeID? {
        guard isKey(key), let parent = parent(key) else { return nil }
        return entries(parent).first { $0.key == key }?.value
    }

    /// The key's text under which this node is a mapping value.
    public func keyText(of node: NodeID) -> String? { key(of: node).map(string) }

    // MARK: - Positions

    /// Where the node itself starts.
    public func position(_ node: NodeID) -> Position { lines.position(nodes[Int(node.index)].start) }

    /// Where the node's key starts when it is a mapping value; otherwise where the node starts.
    public func keyPosition(_ node: NodeID) -> Position { position(key(of: node) ?? node) }

    /// The node's extent.
    public func span(_ node: NodeID) -> SourceSpan {
        let record = nodes[Int(node.index)]
        let end =
            record.length == NodeRecord.longLength
            ? longEnds[node.index] ?? record.start : record.start + UInt32(record.length)
        return SourceSpan(start: lines.position(record.start), end: lines.position(end))
    }

    // MARK: - Collections

    /// The entries of a mapping, in document order (empty for other nodes).
    public func entries(_ node: NodeID) -> MappingEntries {
        let record = nodes[Int(node.index)]
        guard record.kind == .mapping else { return MappingEntries(children: children, start: 0, count: 0) }
        return MappingEntries(children: children, start: Int(record.first), count: Int(record.count))
    }

    /// The items of a sequence, in order (empty for other nodes).
    public func items(_ node: NodeID) -> SequenceItems {
        let record = nodes[Int(node.index)]
        guard record.kind == .sequence else { return SequenceItems(children: children, start: 0, count: 0) }
        return SequenceItems(children: children, start: Int(record.first), count: Int(record.count))
    }

    /// How many entries or items a collection has; 0 for scalars.
    public func count(_ node: NodeID) -> Int {
        let record = nodes[Int(node.index)]
        return record.kind == .scalar ? 0 : Int(record.count)
    }

    /// The value stored under `key` in a mapping.
    public func value(_ node: NodeID, _ key: String) -> NodeID? { entry(node, key)?.value }

    /// The key node named `key` in a mapping.
    public func keyNode(_ node: NodeID, _ key: String) -> NodeID? { entry(node, key)?.key }

    /// The first entry of a mapping whose key is `key`.
    public func entry(_ node: NodeID, _ key: String) -> (key: NodeID, value: NodeID)? {
        var key = key
        return key.withUTF8 { wanted in
            for entry in entries(node) where scalarEquals(entry.key, wanted) { return entry }
            return nil
        }
    }

    // MARK: - Scalars

    /// A scalar's text; empty for collections.
    public func string(_ node: NodeID) -> String {
        let record = nodes[Int(node.index)]
        guard record.kind == .scalar else { return "" }
        return scalarText.withBytes(record) { String(decoding: $0, as: UTF8.self) }
    }

    /// Calls `body` with a scalar's text as UTF-8 bytes, without allocating; empty for collections.
    public func withScalarBytes<Result>(_ node: NodeID, _ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
        let record = nodes[Int(node.index)]
        guard record.kind == .scalar else { return body(UnsafeBufferPointer(start: nil, count: 0)) }
        return scalarText.withBytes(record, body)
    }

    /// A scalar's text if the node is a scalar.
    public func scalar(_ node: NodeID) -> String? { isScalar(node) ? string(node) : nil }

    /// Whether a scalar's text equals `text`, without allocating.
    public func scalarEquals(_ node: NodeID, _ text: String) -> Bool {
        var text = text
        return text.withUTF8 { scalarEquals(node, $0) }
    }

    func scalarEquals(_ node: NodeID, _ wanted: UnsafeBufferPointer<UInt8>) -> Bool {
        let record = nodes[Int(node.index)]
        guard record.kind == .scalar, Int(record.count) == wanted.count else { return false }
        return scalarText.withBytes(record) { $0.sameBytes(as: wanted) }
    }

    /// Whether the mapping is a JSON reference: its `$ref` holds a scalar, and it does not sit inside an example,
    /// default, enum, const or extension value (outside property maps), where `$ref` is data.
    public func isReference(_ node: NodeID) -> Bool {
        let record = nodes[Int(node.index)]
        return record.kind == .mapping
            && record.flags & (NodeRecord.holdsReference | NodeRecord.isLiteral)
                == NodeRecord.holdsReference
    }

    /// How many nodes the tree holds: every `NodeID` of this file is below it.
    public var nodeCount: Int { nodes.count }

    /// Whether a scalar's text starts with `x-` (as `String.hasPrefix` reads it), the mark of an extension key.
    public func isExtensionKey(_ node: NodeID) -> Bool {
        isScalar(node) && withScalarBytes(node, Self.startsWithExtensionPrefix)
    }

    /// Whether UTF-8 text starts with `x-` as `String.hasPrefix` reads it: a combining mark after the hyphen
    /// would join it into another character, so text that goes on with a non-ASCII byte is read as a string.
    public static func startsWithExtensionPrefix(_ text: UnsafeBufferPointer<UInt8>) -> Bool {
        guard text.count >= 2, text[0] == UInt8(ascii: "x"), text[1] == UInt8(ascii: "-") else { return false }
        guard text.count > 2, text[2] >= 0x80 else { return true }
        return String(decoding: text, as: UTF8.self).hasPrefix("x-")
    }

    /// Whether a scalar was written quoted (or as a block scalar), so it is a string whatever it reads.
    public func isQuoted(_ node: NodeID) -> Bool { nodes[Int(node.index)].flags & NodeRecord.quoted != 0 }

    /// The boolean a plain scalar denotes (`true`/`false` in any case), else nil.
    public func bool(_ node: NodeID) -> Bool? {
        guard isScalar(node), !isQuoted(node) else { return nil }
        switch string(node).lowercased() {
        case "true": return true
        case "false": return false
        default: return nil
        }
    }

    /// The number a plain scalar denotes, else nil; numbers too large for an integer come back as doubles.
    public func number(_ node: NodeID) -> Double? {
        guard isScalar(node), !isQuoted(node) else { return nil }
        let text = string(node)
        guard let first = text.utf8.first,
            first == UInt8(ascii: "-") || first == UInt8(ascii: "+")
                || first == UInt8(ascii: ".") || (first >= UInt8(ascii: "0") && first <= UInt8(ascii: "9"))
        else { return nil }
        guard let value = Double(text), value.isFinite else { return nil }
        return value
    }

    /// Whether the node is a null (`null`, `~` or nothing at all, unquoted).
    public func isNull(_ node: NodeID) -> Bool {
        guard isScalar(node), !isQuoted(node) else { return false }
        let text = string(node)
        return text.isEmpty || text == "~" || text.lowercased() == "null"
    }

    // MARK: - JSON pointers

    /// The index of `item` among the items of `sequence`, found by halving: items are stored in node order.
    func itemIndex(_ item: NodeID, in sequence: NodeID) -> Int {
        let record = nodes[Int(sequence.index)]
        var low = Int(record.first)
        var high = low + Int(record.count)
        while low < high {
            let middle = (low + high) / 2
            if children[middle] < item.index { low = middle + 1 } else { high = middle }
        }
        return low - Int(record.first)
    }

    /// The node's JSON pointer (`/paths/~1pets/get`); a key has the pointer of its value.
    public func pointer(_ node: NodeID) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(128)
        appendPointer(node, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Appends the node's JSON pointer as UTF-8: each token is the item's index or the key's text (nothing for a
    /// key that is a collection), escaped straight from the stored bytes (`~` → `~0`, `/` → `~1`).
    public func appendPointer(_ node: NodeID, to output: inout [UInt8]) {
        var depth = 0
        var current = node
        while let parent = parent(current) {
            depth += 1
            current = parent
        }
        withUnsafeTemporaryAllocation(of: NodeID.self, capacity: depth) { path in
            current = node
            for level in stride(from: depth - 1, through: 0, by: -1) {
                path[level] = current
                current = NodeID(nodes[Int(current.index)].parent)
            }
            for step in path {
                output.append(UInt8(ascii: "/"))
                let parent = NodeID(nodes[Int(step.index)].parent)
                if nodes[Int(parent.index)].kind == .sequence {
                    output.append(contentsOf: String(itemIndex(step, in: parent)).utf8)
                } else if let key = isKey(step) ? step : key(of: step), nodes[Int(key.index)].kind == .scalar {
                    scalarText.withBytes(nodes[Int(key.index)]) { JSONPointer.appendEscaped($0, to: &output) }
                }
            }
        }
    }
}

/// Where scalars' text is kept: most scalars are a range of the file's own bytes, kept once; the others (escapes,
/// folded lines, block scalars, and every scalar of a file whose surrogate escapes were rewritten) are copied.
struct ScalarText {
    /// The file's bytes, as `SourceFile.bytes`.
    let file: [UInt8]
    /// The text of scalars that are not a range of the file, one after another.
    var copies: [UInt8] = []

    /// Calls `body` with a scalar's text.
    func withBytes<Result>(_ record: NodeRecord, _ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
        let range = Int(record.first)..<Int(record.first) + Int(record.count)
        if record.flags & NodeRecord.textInFile != 0 {
            return file.withUnsafeBufferPointer { body(UnsafeBufferPointer(rebasing: $0[range])) }
        }
        return copies.withUnsafeBufferPointer { body(UnsafeBufferPointer(rebasing: $0[range])) }
    }

    /// A scalar's text as a slice of the array that holds it.
    func slice(_ record: NodeRecord) -> ArraySlice<UInt8> {
        let range = Int(record.first)..<Int(record.first) + Int(record.count)
        return record.flags & NodeRecord.textInFile != 0 ? file[range] : copies[range]
    }
}

/// The (key, value) pairs of a mapping.
public struct MappingEntries: RandomAccessCollection, Sendable {
    let children: [Int32]
    let start: Int
    public let count: Int

    public var startIndex: Int { 0 }
    public var endIndex: Int { count }
    public subscript(position: Int) -> (key: NodeID, value: NodeID) {
        (NodeID(children[start + 2 * position]), NodeID(children[start + 2 * position + 1]))
    }
}

/// The items of a sequence.
public struct SequenceItems: RandomAccessCollection, Sendable {
    let children: [Int32]
    let start: Int
    public let count: Int

    public var startIndex: Int { 0 }
    public var endIndex: Int { count }
    public subscript(position: Int) -> NodeID { NodeID(children[start + position]) }
}
