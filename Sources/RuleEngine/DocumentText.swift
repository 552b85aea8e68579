import SourceTree

/// A scalar value written in a file, with where it sits.
public struct TextPlace: Sendable {
    public let node: NodeRef
    /// The key the scalar is written under; for sequence items, the sequence's key.
    public let key: String?
    /// Inside the value of an `x-` extension.
    public let inExtension: Bool
    /// Inside sample data: an `example`, an example's `value`, a `default`, an `enum` or a `const`.
    public let inSampleData: Bool
}

/// Walks every scalar value of a file (keys excluded), for rules that read text wherever it is written.
public enum DocumentText {
    /// Keys whose value is sample data rather than part of the description.
    static let sampleKeys: Set<String> = ["example", "x-example", "x-examples", "default", "enum", "const", "value"]

    /// Every scalar value of `file`, in document order.
    public static func scalars(of file: SourceFile) -> [TextPlace] {
        guard let root = file.root else { return [] }
        struct Pending {
            let node: NodeID
            let key: String?
            let inExtension: Bool
            let inSampleData: Bool
            /// Depth below an `examples` key: 1 for its value, 2 for an example object of a map.
            let examplesDepth: Int
        }
        var places: [TextPlace] = []
        var stack = [Pending(node: root, key: nil, inExtension: false, inSampleData: false, examplesDepth: 0)]
        while let pending = stack.popLast() {
            switch file.kind(pending.node) {
            case .scalar:
                places.append(
                    TextPlace(
                        node: NodeRef(file, pending.node), key: pending.key, inExtension: pending.inExtension,
                        inSampleData: pending.inSampleData))
            case .sequence:
                // The items of a 3.1 schema's `examples` list are sample values.
                let sample = pending.inSampleData || pending.examplesDepth == 1
                for item in file.items(pending.node).reversed() {
                    stack.append(
                        Pending(
                            node: item, key: pending.key, inExtension: pending.inExtension, inSampleData: sample,
                            examplesDepth: 0))
                }
            case .mapping:
                for entry in file.entries(pending.node).reversed() {
                    let key = file.string(entry.key)
                    // An example object's `summary` and `description` are prose; its `value` is sample data.
                    let sample =
                        pending.inSampleData
                        || sampleKeys.contains(key) && (key != "value" || pending.examplesDepth == 2)
                    let depth = key == "examples" ? 1 : pending.examplesDepth == 1 ? 2 : 0
                    stack.append(
                        Pending(
                            node: entry.value, key: key, inExtension: pending.inExtension || key.hasPrefix("x-"),
                            inSampleData: sample, examplesDepth: depth))
                }
            }
        }
        return places
    }
}
