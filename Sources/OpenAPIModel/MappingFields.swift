import SourceTree

/// The keys the model reads in one kind of object, each case named as its key is spelled (at most 16).
protocol ObjectField: RawRepresentable<Int>, CaseIterable, Sendable {
    static var spellings: KeySpellings<Self> { get }
}

extension ObjectField {
    /// Every case, spelled by its name.
    static func spelledByName() -> KeySpellings<Self> {
        precondition(allCases.count <= 16, "MappingFields holds at most 16 fields")
        return KeySpellings(allCases.map { (String(describing: $0), $0) })
    }
}

/// One mapping read in a single pass: the first entry under each key of `Field`, and its extension entries.
///
/// Looking keys up one by one would scan the mapping once per key; this matches each key's bytes once, and
/// allocates nothing unless the mapping has extensions.
struct MappingFields<Field: ObjectField> {
    let file: SourceFile
    private let entries: MappingEntries
    /// For each field, the position of its first entry, or -1.
    private var positions = SIMD16<Int32>(repeating: -1)
    /// The positions of the `x-…` entries, in order.
    private var extensionPositions: [Int32] = []

    init(_ node: NodeRef) {
        file = node.file
        entries = file.entries(node.node)
        for position in entries.indices {
            let (field, isExtension) = file.withScalarBytes(entries[position].key) {
                (Field.spellings.word($0), SourceFile.startsWithExtensionPrefix($0))
            }
            if let field {
                if positions[field.rawValue] < 0 { positions[field.rawValue] = Int32(position) }
            } else if isExtension {
                extensionPositions.append(Int32(position))
            }
        }
    }

    /// The first entry under `field`.
    private func entry(_ field: Field) -> (key: NodeID, value: NodeID)? {
        let position = positions[field.rawValue]
        return position < 0 ? nil : entries[Int(position)]
    }

    /// The value of the first `field` key.
    subscript(field: Field) -> NodeRef? { entry(field).map { NodeRef(file, $0.value) } }

    /// The first `field` key.
    func keyNode(_ field: Field) -> NodeRef? { entry(field).map { NodeRef(file, $0.key) } }

    /// The extensions by lowercased name (of names equal but for case, the last).
    var extensions: [String: NodeRef] {
        ModelBuilder.extensions(extensionPositions.map { entries[Int($0)] }, in: file)
    }
}
