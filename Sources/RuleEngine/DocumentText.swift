import SourceTree

/// A scalar value written in a file, with where it sits; plain node ids, so walking a file copies no references.
public struct TextPlace: Sendable {
    public let node: NodeID
    /// The key the scalar is written under; for sequence items, the sequence's key.
    public let keyNode: NodeID?
    /// Inside the value of an `x-` extension.
    public let inExtension: Bool
    /// Inside sample data: an `example`, an example's `value`, a `default`, an `enum` or a `const`.
    public let inSampleData: Bool
    /// The shape of `keyNode`'s text, read once by the walk.
    let keyShape: KeyShape

    /// The text of the key the scalar is written under.
    public func key(in file: SourceFile) -> String? { keyNode.map(file.string) }

    /// Whether the scalar is written under one of `keys`: most keys differ from them in length or in their first or
    /// last eight bytes, which the walk read once, so the key's text is read again only for a name longer than 16
    /// bytes.
    public func isUnder(oneOf keys: KeyNames, in file: SourceFile) -> Bool {
        guard let keyNode else { return false }
        return keys.firstIndex(shape: keyShape) { name in
            file.withScalarBytes(keyNode) { DocumentText.bytes($0, equal: name) }
        } != nil
    }
}

/// A key's length with its first and last eight bytes (zero beyond a shorter key's end): two keys of up to 16 bytes
/// are equal exactly when their shapes are, and most keys differ from a wanted name in their shape.
struct KeyShape: Equatable, Sendable {
    /// The longest key a shape tells apart from every other.
    static let exactLength = 16
    /// The shape of no key (a scalar not in a mapping, or a key that is a collection).
    static var none: KeyShape { KeyShape(UnsafeBufferPointer(start: nil, count: 0)) }
    let length: Int
    let prefix: UInt64
    let suffix: UInt64

    init(_ bytes: UnsafeBufferPointer<UInt8>) {
        length = bytes.count
        guard let base = bytes.baseAddress, bytes.count >= 8 else {
            var prefix: UInt64 = 0
            for index in 0..<bytes.count { prefix |= UInt64(bytes[index]) << (8 * index) }
            (self.prefix, suffix) = (prefix, 0)
            return
        }
        prefix = UInt64(littleEndian: UnsafeRawPointer(base).loadUnaligned(as: UInt64.self))
        suffix = UInt64(littleEndian: UnsafeRawPointer(base + bytes.count - 8).loadUnaligned(as: UInt64.self))
    }
}

/// Names of keys to look for, each with its shape, so that a key is compared by its length and first and last eight
/// bytes before byte by byte.
public struct KeyNames: Sendable {
    let shapes: [KeyShape]
    let bytes: [[UInt8]]
    /// Bit `n` set when a name is `n` bytes long (names of 64 bytes or more set none).
    let lengths: UInt64

    public init(_ names: [String]) {
        bytes = names.map { Array($0.utf8) }
        shapes = bytes.map { $0.withUnsafeBufferPointer(KeyShape.init) }
        lengths = bytes.reduce(0) { lengths, name in name.count < 64 ? lengths | 1 << name.count : lengths }
    }

    /// Whether some name may be `length` bytes long: most keys are not as long as any name.
    func mayHaveLength(_ length: Int) -> Bool { length >= 64 || lengths >> length & 1 != 0 }

    /// The position in the list of the name that `key`, whose shape is `shape`, is, if any.
    func firstIndex(of key: UnsafeBufferPointer<UInt8>, shape: KeyShape) -> Int? {
        firstIndex(shape: shape) { DocumentText.bytes(key, equal: $0) }
    }

    /// The position of the name a key whose shape is `shape` is, if any: `equals` compares the key with a name of
    /// the same shape byte by byte, asked only for a name longer than `KeyShape.exactLength`.
    func firstIndex(shape: KeyShape, equals: ([UInt8]) -> Bool) -> Int? {
        guard mayHaveLength(shape.length) else { return nil }
        for index in shapes.indices where shapes[index] == shape {
            if shape.length <= KeyShape.exactLength || equals(bytes[index]) { return index }
        }
        return nil
    }
}

/// Walks every scalar value of a file (keys excluded), for rules that read text wherever it is written.
public enum DocumentText {
    /// Keys whose value is sample data rather than part of the description, `value` (sample data in an example
    /// object) last but one, then `examples`, whose value holds examples: the walk reads their positions.
    static let walkedKeys = KeyNames(
        ["example", "x-example", "x-examples", "default", "enum", "const", "value", "examples"])

    /// Calls `visit` with every scalar value of `file`, in document order.
    ///
    /// `visit` sees each scalar's UTF-8 bytes where they are stored: a rule rules most text out with a byte scan
    /// before any `String` is made.
    public static func forEachScalar(of file: SourceFile, _ visit: (TextPlace, UnsafeBufferPointer<UInt8>) -> Void) {
        guard let root = file.root else { return }
        // Read once: the loop reads them at every key.
        let keys = walkedKeys
        let (valueIndex, examplesIndex) = (keys.shapes.count - 2, keys.shapes.count - 1)
        // The nodes still to visit, the next on top; only collections push, each its children in reverse.
        var stack = [
            Pending(
                place: TextPlace(
                    node: root, keyNode: nil, inExtension: false, inSampleData: false,
                    keyShape: KeyShape.none),
                examplesDepth: 0)
        ]
        while let pending = stack.popLast() {
            let place = pending.place
            switch file.kind(place.node) {
            case .scalar:
                file.withScalarBytes(place.node) { visit(place, $0) }
            case .sequence:
                // The items of a 3.1 schema's `examples` list are sample values.
                let sample = place.inSampleData || pending.examplesDepth == 1
                let items = file.items(place.node)
                for index in items.indices.reversed() {
                    stack.append(
                        Pending(
                            place: TextPlace(
                                node: items[index], keyNode: place.keyNode, inExtension: place.inExtension,
                                inSampleData: sample, keyShape: place.keyShape),
                            examplesDepth: 0))
                }
            case .mapping:
                let entries = file.entries(place.node)
                for index in entries.indices.reversed() {
                    let entry = entries[index]
                    // Set by the closure rather than returned: a generic result is copied through the calls that
                    // lend the bytes.
                    var shape = KeyShape.none
                    var named: Int?
                    var isExtension = false
                    file.withScalarBytes(entry.key) { key in
                        shape = KeyShape(key)
                        named = keys.firstIndex(of: key, shape: shape)
                        // Most keys do not start with `x-`; the exact test is a call into another module.
                        isExtension =
                            key.count >= 2 && key[0] == UInt8(ascii: "x") && key[1] == UInt8(ascii: "-")
                            && SourceFile.startsWithExtensionPrefix(key)
                    }
                    // An example object's `summary` and `description` are prose; its `value` is sample data.
                    let isSampleKey = named.map { $0 < examplesIndex } ?? false
                    let isValue = named == valueIndex
                    let sample = place.inSampleData || isSampleKey && (!isValue || pending.examplesDepth == 2)
                    let depth: UInt8 = named == examplesIndex ? 1 : pending.examplesDepth == 1 ? 2 : 0
                    stack.append(
                        Pending(
                            place: TextPlace(
                                node: entry.value, keyNode: entry.key, inExtension: place.inExtension || isExtension,
                                inSampleData: sample, keyShape: shape),
                            examplesDepth: depth))
                }
            }
        }
    }

    /// A node still to visit.
    struct Pending {
        let place: TextPlace
        /// Depth below an `examples` key: 1 for its value, 2 for an example object of a map.
        let examplesDepth: UInt8
    }

    /// Whether `text` is `wanted`, byte for byte; most keys differ in length, which is compared first.
    static func bytes(_ text: UnsafeBufferPointer<UInt8>, equal wanted: [UInt8]) -> Bool {
        guard text.count == wanted.count else { return false }
        for index in wanted.indices where text[index] != wanted[index] { return false }
        return true
    }
}
