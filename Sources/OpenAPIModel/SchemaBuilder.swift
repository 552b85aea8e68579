import Platform
import References
import SourceTree
import Synchronization

/// Collects schemas into a graph without recursion: each node gets an id on first sight and is read later.
///
/// A struct, so that its arrays are mutated without the run-time exclusivity checks a class's properties need.
struct SchemaBuilder {
    let resolver: ReferenceResolver
    /// The schemas' mappings, in id order.
    private var nodes: [NodeRef] = []
    /// For each file that holds schemas, every node's schema id, or -1: finding a node's id is an array read.
    private var idTables: [[Int32]] = []
    private var idTableByFile: [ObjectIdentifier: Int] = [:]
    /// The file of the last id looked up and its table: schemas mostly sit in one file.
    private var lastFile: (id: ObjectIdentifier, table: Int)?
    /// Each schema's first `readOnly` and `writeOnly`, as booleans, by id: what a property leading to it takes;
    /// nil until the schema is read.
    private var access: [(readOnly: Bool?, writeOnly: Bool?)?] = []

    init(resolver: ReferenceResolver) {
        self.resolver = resolver
    }

    /// The id of the schema at `node` (following `$ref`s); nil for boolean schemas and broken references.
    mutating func schemaID(for node: NodeRef) -> SchemaID? {
        guard let target = resolver.follow(node), target.isMapping else { return nil }
        let table = idTable(of: target.file)
        let index = Int(target.node.index)
        let known = idTables[table][index]
        if known >= 0 { return SchemaID(index: Int(known)) }
        let id = SchemaID(index: nodes.count)
        idTables[table][index] = Int32(id.index)
        nodes.append(target)
        access.append(nil)
        return id
    }

    /// The position of `file`'s table in `idTables`, made on first use.
    private mutating func idTable(of file: SourceFile) -> Int {
        let fileID = ObjectIdentifier(file)
        if let last = lastFile, last.id == fileID { return last.table }
        let table: Int
        if let known = idTableByFile[fileID] {
            table = known
        } else {
            table = idTables.count
            idTables.append([Int32](repeating: -1, count: file.nodeCount))
            idTableByFile[fileID] = table
        }
        lastFile = (fileID, table)
        return table
    }

    /// How many drafts are handed out together to be built into schemas, for a root file of `nodeCount` nodes: 256
    /// (fewer hand-overs) from 64k nodes, else one per 256 nodes, at least 16. A draft takes about as much as 30 of
    /// the tree's nodes, and up to three blocks are held at once, so the drafts stay a small part of a small
    /// document's memory.
    static func draftsPerBlock(nodeCount: Int) -> Int { min(256, max(16, nodeCount / 256)) }

    /// Reads every schema seen so far, and those they lead to, in id order (ids are given on this thread). The
    /// drafts are handed out in blocks to be built into schemas, by `spare`'s helper if one is idle; at most one
    /// block waits to be taken while another is built and the next drafted. What a property takes from a schema
    /// not read yet when the property was read is read from that schema's mapping where the schema is built.
    mutating func finish(spare: SpareWork) -> [Schema] {
        let blocks = Mutex<[[Schema]]>([])
        let perBlock = Self.draftsPerBlock(nodeCount: resolver.rootFile.nodeCount)
        var index = 0
        while index < nodes.count {
            var drafts: [SchemaDraft] = []
            var properties: [PendingProperty] = []
            drafts.reserveCapacity(perBlock)
            while drafts.count < perBlock, index < nodes.count {
                drafts.append(draft(id: index, properties: &properties))
                index += 1
            }
            let block = blocks.withLock { blocks in
                blocks.append([])
                return blocks.count - 1
            }
            spare.offer(untaken: 1) { [drafts, properties] in
                let schemas = drafts.map { Self.schema($0, properties: properties[$0.properties]) }
                blocks.withLock { $0[block] = schemas }
            }
        }
        spare.finish()
        idTables = []
        idTableByFile = [:]
        lastFile = nil
        return blocks.withLock { blocks in
            defer { blocks = [] }
            return blocks.count == 1 ? blocks[0] : Array(blocks.joined())
        }
    }

    /// Reads the keywords of schema `id` and gives its subschemas ids, in the order they are written; its
    /// properties are appended to `properties`.
    private mutating func draft(id: Int, properties: inout [PendingProperty]) -> SchemaDraft {
        let node = nodes[id]
        // One pass over the keywords: schemas are read by the thousand, and each lookup would scan the mapping.
        let file = node.file
        var keywords = SchemaKeywords()
        for (key, value) in file.entries(node.node) {
            let (keyword, constrains) = file.withScalarBytes(key) { bytes in
                let keyword = SchemaKeyword.spellings.word(bytes)
                return (keyword, keyword?.isAnnotation != true && !SourceFile.startsWithExtensionPrefix(bytes))
            }
            if constrains { keywords.constrains = true }
            switch keyword {
            case .type: keywords.type = value
            case .format: keywords.format = value
            case .properties: keywords.properties = value
            case .required: keywords.required = value
            case .items:
                keywords.items = value
                keywords.firstItems = keywords.firstItems ?? value
            case .additionalProperties: keywords.additionalProperties = value
            case .unevaluatedProperties: keywords.unevaluatedProperties = value
            case .allOf: keywords.allOf = value
            case .oneOf: keywords.oneOf = value
            case .anyOf: keywords.anyOf = value
            case .readOnly:
                keywords.readOnly = value
                keywords.firstReadOnly = keywords.firstReadOnly ?? value
            case .writeOnly:
                keywords.writeOnly = value
                keywords.firstWriteOnly = keywords.firstWriteOnly ?? value
            case .enum: keywords.enumValues = keywords.enumValues ?? value
            case .const: keywords.constValue = keywords.constValue ?? value
            case .pattern: keywords.pattern = value
            case .maxLength:
                keywords.maxLength = value
                keywords.maxLengthKey = keywords.maxLengthKey ?? key
            case .maxItems:
                keywords.maxItems = value
                keywords.maxItemsKey = keywords.maxItemsKey ?? key
            case .minimum: keywords.minimum = value
            case .maximum:
                keywords.maximum = value
                keywords.maximumKey = keywords.maximumKey ?? key
            case .exclusiveMinimum:
                keywords.lastExclusiveMinimum = value
                keywords.exclusiveMinimum = keywords.exclusiveMinimum ?? value
            case .exclusiveMaximum:
                keywords.lastExclusiveMaximum = value
                if keywords.exclusiveMaximumKey == nil {
                    keywords.exclusiveMaximumKey = key
                    keywords.exclusiveMaximum = value
                }
            case .uniqueItems: keywords.uniqueItems = keywords.uniqueItems ?? value
            case .example: keywords.example = keywords.example ?? value
            case .default: keywords.defaultValue = keywords.defaultValue ?? value
            case .extensionExample: keywords.extensionExample = keywords.extensionExample ?? value
            case .examples: keywords.examples = keywords.examples ?? value
            case .patternProperties: keywords.hasPatternProperties = true
            case .not: keywords.hasNot = true
            case .prefixItems: keywords.hasPrefixItems = true
            case .description, .title, .nullable, .deprecated, .externalDocs, .xml, .discriminator, .comment, .id,
                .dialect, .anchor, .dynamicAnchor, nil:
                break
            }
        }
        access[id] = (keywords.firstReadOnly.flatMap(file.bool), keywords.firstWriteOnly.flatMap(file.bool))
        let firstProperty = properties.count
        if let propertiesNode = keywords.properties {
            for (key, value) in file.entries(propertiesNode) {
                guard let id = schemaID(for: NodeRef(file, value)) else { continue }
                // Beside a `$ref`, `readOnly` and `writeOnly` override those of the schema it points at.
                let own: (readOnly: Bool?, writeOnly: Bool?) =
                    file.isReference(value) ? Self.writtenAccess(of: value, in: file) : (nil, nil)
                properties.append(
                    PendingProperty(
                        key: key, schema: id, schemaNode: nodes[id.index], schemaAccess: access[id.index],
                        readOnly: own.readOnly, writeOnly: own.writeOnly))
            }
        }
        return SchemaDraft(
            node: node, keywords: keywords, properties: firstProperty..<properties.count,
            items: keywords.items.flatMap { schemaID(for: NodeRef(file, $0)) },
            additionalProperties: extraMembers(keywords.additionalProperties, in: file),
            unevaluatedProperties: extraMembers(keywords.unevaluatedProperties, in: file),
            allOf: list(keywords.allOf, in: file), oneOf: list(keywords.oneOf, in: file),
            anyOf: list(keywords.anyOf, in: file))
    }

    /// The schema a draft describes, given its properties.
    private static func schema(_ draft: SchemaDraft, properties pendingProperties: ArraySlice<PendingProperty>)
        -> Schema
    {
        let file = draft.node.file
        let keywords = draft.keywords
        var properties: [Property] = []
        properties.reserveCapacity(pendingProperties.count)
        for pending in pendingProperties {
            let target =
                pending.schemaAccess ?? writtenAccess(of: pending.schemaNode.node, in: pending.schemaNode.file)
            properties.append(
                Property(
                    name: file.string(pending.key), keyNode: NodeRef(file, pending.key), schema: pending.schema,
                    readOnly: pending.readOnly ?? target.readOnly ?? false,
                    writeOnly: pending.writeOnly ?? target.writeOnly ?? false))
        }
        var enumeratedValues = scalars(keywords.enumValues, in: file)
        if let constValue = keywords.constValue.flatMap(file.scalar) { enumeratedValues.append(constValue) }
        let example = [
            keywords.example, keywords.defaultValue, keywords.extensionExample,
            keywords.examples.flatMap { file.items($0).first },
        ]
        .lazy.compactMap { $0 }.first(where: file.isScalar)
        return Schema(
            node: draft.node, types: types(keywords.type, in: file), format: keywords.format.flatMap(file.scalar),
            properties: properties, required: scalars(keywords.required, in: file), items: draft.items,
            additionalProperties: draft.additionalProperties, unevaluatedProperties: draft.unevaluatedProperties,
            allOf: draft.allOf, oneOf: draft.oneOf, anyOf: draft.anyOf,
            readOnly: keywords.readOnly.flatMap(file.bool) ?? false,
            writeOnly: keywords.writeOnly.flatMap(file.bool) ?? false, hasEnum: keywords.enumValues != nil,
            hasConst: keywords.constValue != nil, pattern: keywords.pattern.flatMap(file.scalar),
            maxLength: keywords.maxLength.flatMap(file.number), maxItems: keywords.maxItems.flatMap(file.number),
            minimum: keywords.minimum.flatMap(file.number), maximum: keywords.maximum.flatMap(file.number),
            hasExclusiveMinimum: keywords.lastExclusiveMinimum.map { exclusiveBound($0, in: file) } ?? false,
            hasExclusiveMaximum: keywords.lastExclusiveMaximum.map { exclusiveBound($0, in: file) } ?? false,
            exclusiveMinimum: keywords.exclusiveMinimum.flatMap(file.number),
            exclusiveMaximum: keywords.exclusiveMaximum.flatMap(file.number),
            boundNodes: BoundNodes(
                maxLength: keywords.maxLengthKey, maxItems: keywords.maxItemsKey, maximum: keywords.maximumKey,
                exclusiveMaximum: keywords.exclusiveMaximumKey),
            hasUniqueItems: keywords.uniqueItems.flatMap(file.bool) == true,
            forbidsExtraItems: keywords.firstItems.flatMap(file.bool) == false,
            enumeratedValues: enumeratedValues,
            example: example, constrainsNothing: !keywords.constrains,
            hasPatternProperties: keywords.hasPatternProperties, hasNot: keywords.hasNot,
            hasPrefixItems: keywords.hasPrefixItems)
    }

    /// The first `readOnly` and `writeOnly` keys of a mapping (a schema, or a `$ref` with siblings), as booleans.
    private static func writtenAccess(of mapping: NodeID, in file: SourceFile) -> (readOnly: Bool?, writeOnly: Bool?) {
        var readOnly: NodeID?
        var writeOnly: NodeID?
        for (key, value) in file.entries(mapping) {
            switch file.withScalarBytes(key, SchemaKeyword.spellings.word) {
            case .readOnly: readOnly = readOnly ?? value
            case .writeOnly: writeOnly = writeOnly ?? value
            default: break
            }
        }
        return (readOnly.flatMap(file.bool), writeOnly.flatMap(file.bool))
    }

    /// One list shared by every schema whose `type` names only that type.
    private static let typeLists = KeySpellings<[JSONSchemaType]>(
        [JSONSchemaType.string, .integer, .number, .boolean, .object, .array, .null].map { ($0.description, [$0]) })

    /// `type`, as a list (a single name becomes a list of one).
    private static func types(_ node: NodeID?, in file: SourceFile) -> [JSONSchemaType] {
        guard let node else { return [] }
        /// The type a scalar names, as a list of one; nil for a collection.
        func typeList(_ node: NodeID) -> [JSONSchemaType]? {
            guard file.isScalar(node) else { return nil }
            return file.withScalarBytes(node, typeLists.word) ?? [JSONSchemaType(file.string(node))]
        }
        if file.isSequence(node) { return file.items(node).compactMap { typeList($0)?[0] } }
        return typeList(node) ?? []
    }

    /// The scalars of a sequence, as text.
    private static func scalars(_ node: NodeID?, in file: SourceFile) -> [String] {
        guard let node else { return [] }
        return file.items(node).compactMap(file.scalar)
    }

    private mutating func list(_ node: NodeID?, in file: SourceFile) -> [SchemaID] {
        guard let node, file.isSequence(node) else { return [] }
        return file.items(node).compactMap { schemaID(for: NodeRef(file, $0)) }
    }

    private mutating func extraMembers(_ node: NodeID?, in file: SourceFile) -> ExtraMembers {
        guard let node else { return .unspecified }
        if let flag = file.bool(node) { return .allowed(flag) }
        if file.isMapping(node) {
            if file.count(node) == 0 { return .allowed(true) }
            return schemaID(for: NodeRef(file, node)).map(ExtraMembers.schema) ?? .unspecified
        }
        return .unspecified
    }

    /// 3.0 `exclusiveMinimum: true` (with `minimum`) or 3.1 `exclusiveMinimum: 5`.
    private static func exclusiveBound(_ node: NodeID, in file: SourceFile) -> Bool {
        file.number(node) != nil || file.bool(node) == true
    }
}

/// The keywords the model reads, and the annotations that say nothing about a value, recognised from a key's bytes.
private enum SchemaKeyword: String, CaseIterable {
    case type, format, properties, required, items, additionalProperties, unevaluatedProperties
    case allOf, oneOf, anyOf, readOnly, writeOnly
    case `enum`, const, pattern, maxLength, maxItems, minimum, maximum, exclusiveMinimum, exclusiveMaximum
    case uniqueItems, example, `default`, examples, patternProperties, not, prefixItems
    case extensionExample = "x-example"
    case description, title, nullable, deprecated, externalDocs, xml, discriminator
    case comment = "$comment", id = "$id", dialect = "$schema", anchor = "$anchor", dynamicAnchor = "$dynamicAnchor"

    static let spellings = KeySpellings<SchemaKeyword>()

    /// Whether the keyword describes a value without constraining it: a schema with only these (and extensions)
    /// constrains nothing.
    var isAnnotation: Bool {
        switch self {
        case .description, .title, .example, .examples, .default, .nullable, .readOnly, .writeOnly, .deprecated,
            .externalDocs, .xml, .comment, .id, .dialect, .anchor, .dynamicAnchor, .discriminator:
            true
        default: false
        }
    }
}

/// The keywords of one schema mapping, gathered in a single pass; nodes are in the schema's file. Each node takes
/// four bytes (`CompactNodeID`): a block of drafts holds hundreds of these.
private struct SchemaKeywords {
    @CompactNodeID var type: NodeID?
    @CompactNodeID var format: NodeID?
    @CompactNodeID var properties: NodeID?
    @CompactNodeID var required: NodeID?
    @CompactNodeID var items: NodeID?
    @CompactNodeID var additionalProperties: NodeID?
    @CompactNodeID var unevaluatedProperties: NodeID?
    @CompactNodeID var allOf: NodeID?
    @CompactNodeID var oneOf: NodeID?
    @CompactNodeID var anyOf: NodeID?
    @CompactNodeID var readOnly: NodeID?
    @CompactNodeID var writeOnly: NodeID?
    @CompactNodeID var pattern: NodeID?
    @CompactNodeID var maxLength: NodeID?
    @CompactNodeID var maxItems: NodeID?
    @CompactNodeID var minimum: NodeID?
    @CompactNodeID var maximum: NodeID?
    @CompactNodeID var lastExclusiveMinimum: NodeID?
    @CompactNodeID var lastExclusiveMaximum: NodeID?
    // The first of a keyword written twice, as lookups by name find it.
    @CompactNodeID var firstItems: NodeID?
    @CompactNodeID var firstReadOnly: NodeID?
    @CompactNodeID var firstWriteOnly: NodeID?
    @CompactNodeID var uniqueItems: NodeID?
    @CompactNodeID var enumValues: NodeID?
    @CompactNodeID var constValue: NodeID?
    @CompactNodeID var exclusiveMinimum: NodeID?
    @CompactNodeID var exclusiveMaximum: NodeID?
    @CompactNodeID var example: NodeID?
    @CompactNodeID var defaultValue: NodeID?
    @CompactNodeID var extensionExample: NodeID?
    @CompactNodeID var examples: NodeID?
    @CompactNodeID var maxLengthKey: NodeID?
    @CompactNodeID var maxItemsKey: NodeID?
    @CompactNodeID var maximumKey: NodeID?
    @CompactNodeID var exclusiveMaximumKey: NodeID?
    /// Some key is neither an annotation nor an extension.
    var constrains = false
    var hasPatternProperties = false
    var hasNot = false
    var hasPrefixItems = false
}

/// A schema read but not yet built: its keywords, where its properties sit in its block's list, and the ids of its
/// subschemas.
private struct SchemaDraft {
    let node: NodeRef
    let keywords: SchemaKeywords
    let properties: Range<Int>
    let items: SchemaID?
    let additionalProperties: ExtraMembers
    let unevaluatedProperties: ExtraMembers
    let allOf: [SchemaID]
    let oneOf: [SchemaID]
    let anyOf: [SchemaID]
}

/// A property as read: its key in the schema's file, its schema (with that schema's first `readOnly` and
/// `writeOnly` if it was read already), and any `readOnly`/`writeOnly` beside a `$ref`.
private struct PendingProperty {
    let key: NodeID
    let schema: SchemaID
    let schemaNode: NodeRef
    let schemaAccess: (readOnly: Bool?, writeOnly: Bool?)?
    let readOnly: Bool?
    let writeOnly: Bool?
}
