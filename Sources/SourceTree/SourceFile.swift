/// A node of one file's tree: an index into that file's flat node storage.
public struct NodeID: Hashable, Comparable, Sendable {
    public let index: Int32

    init(_ index: Int32) { self.index = index }

    public static func < (lhs: NodeID, rhs: NodeID) -> Bool { lhs.index < rhs.index }
}

/// An optional `NodeID` in four bytes, where a `NodeID?` field takes eight: for values kept by the hundred.
@propertyWrapper
public struct CompactNodeID: Sendable {
    /// The node's index, or -1 for none.
    private var index: Int32 = -1

    public init() {}

    public init(wrappedValue: NodeID?) { index = wrappedValue?.index ?? -1 }

    public var wrappedValue: NodeID? {
        get { index < 0 ? nil : NodeID(index) }
        set { index = newValue?.index ?? -1 }
    }
}

/// What a node holds.
public enum NodeKind: UInt8, Sendable {
    case scalar, mapping, sequence
}

/// One node as stored: kind, extent, place in the tree, and its content range (16 bytes: a document holds nodes by
/// the hundred thousand, about one per 9 bytes of YAML).
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
    /// `parentDistance` of a node whose parent is that many nodes or more before it: the parent is kept in
    /// `SourceFile.farParents` (the members of large mappings, such as `paths` and `schemas`).
    static let farParent = UInt16.max
    /// `shortCount` of a node whose count does not fit: it is kept just before the node's text in
    /// `ScalarText.copies` (4 bytes) or before its children in `children` (scalars of 64 KB or more, collections of
    /// 65,535 members or more).
    static let longCount = UInt16.max

    var kind: NodeKind
    var flags: UInt8
    /// How many characters the node spans, or `longLength` when that does not fit (nodes of 64 K characters or
    /// more, and ends libyaml moved past the end of the text).
    var length: UInt16
    /// Where the node starts, as a character index into the parsed text (`LineIndex`).
    var start: UInt32
    /// Scalars: byte offset of the text (`ScalarText`); collections: offset into `children`.
    var first: Int32
    /// How many nodes before this one the enclosing mapping or sequence is: 0 for the root, `farParent` when that
    /// does not fit.
    var parentDistance: UInt16
    /// Scalars: byte length; sequences: item count; mappings: entry count (children hold key, value pairs); or
    /// `longCount` when that does not fit.
    var shortCount: UInt16

    init(kind: NodeKind, flags: UInt8, start: UInt32, first: Int32, shortCount: UInt16) {
        self.kind = kind
        self.flags = flags
        length = 0
        self.start = start
        self.first = first
        parentDistance = 0
        self.shortCount = shortCount
    }

    /// The enclosing mapping or sequence of node `index` whose record this is, or -1 for the root.
    @inline(__always)
    func parent(of index: Int32, farParents: FarParents) -> Int32 {
        switch parentDistance {
        case 0: return -1
        case Self.farParent: return farParents.parent(of: index)
        default: return index - Int32(parentDistance)
        }
    }

    /// Records `parent` (-1 for none) as the parent of node `index` whose record this is; far parents are recorded
    /// in node order.
    @inline(__always)
    mutating func setParent(_ parent: Int32, of index: Int32, farParents: inout FarParents) {
        let distance = parent < 0 ? 0 : index - parent
        if distance < Int32(Self.farParent) {
            parentDistance = UInt16(truncatingIfNeeded: distance)
        } else {
            parentDistance = Self.farParent
            farParents.append(node: index, parent: parent)
        }
    }

    /// A collection's entry or item count, read from `children` when it does not fit the record.
    @inline(__always)
    func collectionCount(children: [Int32]) -> Int {
        shortCount == Self.longCount ? Int(children[Int(first) - 1]) : Int(shortCount)
    }

    /// `shortCount` for a count.
    static func shortCount(_ count: Int) -> UInt16 { UInt16(min(count, Int(longCount))) }

    /// The key node of the mapping value `value` whose record this is.
    func key(ofValue value: Int32, collectionKeys: [Int32: Int32]) -> Int32 {
        flags & Self.followsCollectionKey == 0 ? value - 1 : collectionKeys[value] ?? -1
    }
}

/// The parents of the nodes too far after them for `NodeRecord.parentDistance`, in node order.
struct FarParents: Equatable {
    private var nodes: [Int32] = []
    private var parents: [Int32] = []

    /// Records the parent of `node`, which comes after every node recorded before it. (Rare: kept out of the tree
    /// builder's inlined steps.)
    @inline(never)
    mutating func append(node: Int32, parent: Int32) {
        nodes.append(node)
        parents.append(parent)
    }

    /// The parent recorded for `node`, found by halving; -1 when none is.
    func parent(of node: Int32) -> Int32 {
        var low = 0
        var high = nodes.count
        while low < high {
            let middle = (low + high) / 2
            if nodes[middle] < node { low = middle + 1 } else { high = middle }
        }
        return low < nodes.count && nodes[low] == node ? parents[low] : -1
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
    /// The parent of each node whose `parentDistance` is `NodeRecord.farParent`.
    let farParents: FarParents

    init(
        path: String, root: NodeID?, nodes: [NodeRecord], children: [Int32], scalarText: ScalarText,
        lines: LineIndex, linesIndexBytes: Bool, longEnds: [Int32: UInt32], collectionKeys: [Int32: Int32],
        farParents: FarParents, duplicateKeys: [(first: NodeID, duplicate: NodeID)], referenceNodes: [NodeID],
        suppressionNodes: [NodeID]
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
        self.farParents = farParents
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
        let parent = parentIndex(node.index)
        return parent < 0 ? nil : NodeID(parent)
    }

    /// The index of node `index`'s parent, or -1 for the root.
    @inline(__always)
    func parentIndex(_ index: Int32) -> Int32 { nodes[Int(index)].parent(of: index, farParents: farParents) }

    /// The key under which this node is a mapping value.
    public func key(of node: NodeID) -> NodeID? {
        let record = nodes[Int(node.index)]
        guard record.flags & NodeRecord.isKey == 0 else { return nil }
        let parent = record.parent(of: node.index, farParents: farParents)
        guard parent >= 0, nodes[Int(parent)].kind == .mapping else { return nil }
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
        return MappingEntries(
            children: children, start: Int(record.first), count: record.collectionCount(children: children))
    }

    /// The items of a sequence, in order (empty for other nodes).
    public func items(_ node: NodeID) -> SequenceItems {
        let record = nodes[Int(node.index)]
        guard record.kind == .sequence else { return SequenceItems(children: children, start: 0, count: 0) }
        return SequenceItems(
            children: children, start: Int(record.first), count: record.collectionCount(children: children))
    }

    /// How many entries or items a collection has; 0 for scalars.
    public func count(_ node: NodeID) -> Int {
        let record = nodes[Int(node.index)]
        return record.kind == .scalar ? 0 : record.collectionCount(children: children)
    }

    /// The value stored under `key` in a mapping.
    public func value(_ node: NodeID, _ key: String) -> NodeID? { entry(node, key)?.value }

    /// The key node named `key` in a mapping.
    public func keyNode(_ node: NodeID, _ key: String) -> NodeID? { entry(node, key)?.key }

    /// The first entry of a mapping whose key is `key`.
    public func entry(_ node: NodeID, _ key: String) -> (key: NodeID, value: NodeID)? {
        var key = key
        return key.withUTF8 { entry(node, bytes: $0) }
    }

    /// The first entry of a mapping whose key is the scalar of UTF-8 bytes `key`.
    public func entry(_ node: NodeID, bytes key: UnsafeBufferPointer<UInt8>) -> (key: NodeID, value: NodeID)? {
        for entry in entries(node) where scalarEquals(entry.key, key) { return entry }
        return nil
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
        // A long scalar's count is only known to be `longCount` or more: its bytes decide.
        guard record.kind == .scalar, Int(record.shortCount) == min(wanted.count, Int(NodeRecord.longCount)) else {
            return false
        }
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
        var high = low + record.collectionCount(children: children)
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
                current = NodeID(parentIndex(current.index))
            }
            for step in path {
                output.append(UInt8(ascii: "/"))
                let parent = NodeID(parentIndex(step.index))
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
        let range = textRange(record)
        if record.flags & NodeRecord.textInFile != 0 {
            return file.withUnsafeBufferPointer { body(UnsafeBufferPointer(rebasing: $0[range])) }
        }
        return copies.withUnsafeBufferPointer { body(UnsafeBufferPointer(rebasing: $0[range])) }
    }

    /// A scalar's text as a slice of the array that holds it.
    func slice(_ record: NodeRecord) -> ArraySlice<UInt8> {
        let range = textRange(record)
        return record.flags & NodeRecord.textInFile != 0 ? file[range] : copies[range]
    }

    /// Where a scalar's text lies in the array that holds it; a long scalar's length is in the 4 bytes (little
    /// endian) before its text in `copies`.
    @inline(__always)
    func textRange(_ record: NodeRecord) -> Range<Int> {
        let first = Int(record.first)
        let count = record.shortCount == NodeRecord.longCount ? longCount(before: first) : Int(record.shortCount)
        return first..<first + count
    }

    /// The length kept before the text of a long scalar that starts at `first` in `copies`.
    @inline(never)
    func longCount(before first: Int) -> Int {
        copies[(first - 4)..<first].reversed().reduce(0) { $0 << 8 | Int($1) }
    }

    /// Appends a scalar's text to `copies`, with its length before it when that does not fit `shortCount`; the
    /// offset of the text.
    mutating func appendCopy<Text: Collection<UInt8>>(_ text: Text) -> Int32 {
        if text.count >= Int(NodeRecord.longCount) {
            copies += (0..<4).map { UInt8(truncatingIfNeeded: text.count >> ($0 * 8)) }
        }
        let offset = Int32(copies.count)
        copies.append(contentsOf: text)
        return offset
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
