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

    /// The text of the key the scalar is written under.
    public func key(in file: SourceFile) -> String? { keyNode.map(file.string) }

    /// Whether the scalar is written under one of `keys` (as UTF-8 bytes), compared without building the key's text.
    public func isUnder(oneOf keys: [[UInt8]], in file: SourceFile) -> Bool {
        guard let keyNode else { return false }
        return file.withScalarBytes(keyNode) { key in keys.contains { DocumentText.bytes(key, equal: $0) } }
    }
}

/// Walks every scalar value of a file (keys excluded), for rules that read text wherever it is written.
public enum DocumentText {
    /// Keys whose value is sample data rather than part of the description.
    static let sampleKeys = ["example", "x-example", "x-examples", "default", "enum", "const", "value"].map {
        Array($0.utf8)
    }
    static let valueKey = Array("value".utf8)
    static let examplesKey = Array("examples".utf8)

    /// Calls `visit` with every scalar value of `file`, in document order.
    ///
    /// `visit` sees each scalar's UTF-8 bytes where they are stored: a rule rules most text out with a byte scan
    /// before any `String` is made.
    public static func forEachScalar(of file: SourceFile, _ visit: (TextPlace, UnsafeBufferPointer<UInt8>) -> Void) {
        guard let root = file.root else { return }
        var stack = [
            Pending(
                place: TextPlace(node: root, keyNode: nil, inExtension: false, inSampleData: false), examplesDepth: 0)
        ]
        while let pending = stack.popLast() {
            let place = pending.place
            switch file.kind(place.node) {
            case .scalar:
                file.withScalarBytes(place.node) { visit(place, $0) }
            case .sequence:
                // The items of a 3.1 schema's `examples` list are sample values.
                let sample = place.inSampleData || pending.examplesDepth == 1
                for item in file.items(place.node).reversed() {
                    stack.append(
                        Pending(
                            place: TextPlace(
                                node: item, keyNode: place.keyNode, inExtension: place.inExtension,
                                inSampleData: sample),
                            examplesDepth: 0))
                }
            case .mapping:
                for entry in file.entries(place.node).reversed() {
                    let (isSampleKey, isValue, isExamples, isExtension) = file.withScalarBytes(entry.key) { key in
                        (
                            sampleKeys.contains { bytes(key, equal: $0) }, bytes(key, equal: valueKey),
                            bytes(key, equal: examplesKey), SourceFile.startsWithExtensionPrefix(key)
                        )
                    }
                    // An example object's `summary` and `description` are prose; its `value` is sample data.
                    let sample = place.inSampleData || isSampleKey && (!isValue || pending.examplesDepth == 2)
                    let depth = isExamples ? 1 : pending.examplesDepth == 1 ? 2 : 0
                    stack.append(
                        Pending(
                            place: TextPlace(
                                node: entry.value, keyNode: entry.key, inExtension: place.inExtension || isExtension,
                                inSampleData: sample),
                            examplesDepth: depth))
                }
            }
        }
    }

    /// A node still to visit.
    struct Pending {
        let place: TextPlace
        /// Depth below an `examples` key: 1 for its value, 2 for an example object of a map.
        let examplesDepth: Int
    }

    /// Whether `text` is `wanted`, byte for byte; most keys differ in length, which is compared first.
    static func bytes(_ text: UnsafeBufferPointer<UInt8>, equal wanted: [UInt8]) -> Bool {
        guard text.count == wanted.count else { return false }
        for index in wanted.indices where text[index] != wanted[index] { return false }
        return true
    }
}
