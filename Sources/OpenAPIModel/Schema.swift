import SourceTree

/// The index of a schema in `SchemaGraph.schemas`.
public struct SchemaID: Hashable, Comparable, Sendable {
    public let index: Int

    public static func < (lhs: SchemaID, rhs: SchemaID) -> Bool { lhs.index < rhs.index }
}

/// Whether an object schema accepts members beyond its declared properties.
public enum ExtraMembers: Sendable, Equatable {
    /// The keyword is absent.
    case unspecified
    /// `true` or `false`.
    case allowed(Bool)
    /// A schema every extra member must match.
    case schema(SchemaID)
}

/// A named property of an object schema.
public struct Property: Sendable {
    public let name: String
    /// The property's key under `properties`.
    public let keyNode: NodeRef
    public let schema: SchemaID
    /// `readOnly` on the property or on the schema it refers to.
    public let readOnly: Bool
    /// `writeOnly` on the property or on the schema it refers to.
    public let writeOnly: Bool
}

/// The keys of a schema's upper bounds (of a keyword written twice, the first), where findings about them point.
public struct BoundKeys: Sendable {
    public var maxLength: NodeRef?
    public var maxItems: NodeRef?
    public var maximum: NodeRef?
    public var exclusiveMaximum: NodeRef?
}

/// One schema where it is written, with its subschemas as graph edges.
///
/// A schema reached through several `$ref`s is one node of the graph, so recursion is a cycle, not a loop.
/// A class, so that the many lookups rules make share one instance instead of copying its arrays. Optional numbers,
/// ids and nodes are stored compactly (a document holds schemas by the ten thousand) and read through properties.
public final class Schema: Sendable {
    /// The schema's mapping after following `$ref`s (for 2.0 non-body parameters, the parameter itself).
    public let node: NodeRef
    /// `type`, as a list (3.1 allows several; `null` included).
    public let types: [JSONSchemaType]
    public let format: String?
    public let properties: [Property]
    public let required: [String]
    public let allOf: [SchemaID]
    public let oneOf: [SchemaID]
    public let anyOf: [SchemaID]
    public let readOnly: Bool
    public let writeOnly: Bool
    public let hasEnum: Bool
    public let hasConst: Bool
    public let pattern: String?
    /// 3.0 `exclusiveMinimum: true` or 3.1 `exclusiveMinimum: 5`.
    public let hasExclusiveMinimum: Bool
    public let hasExclusiveMaximum: Bool
    /// `uniqueItems: true`.
    public let hasUniqueItems: Bool
    /// 3.1 `items: false`: nothing beyond `prefixItems`.
    public let forbidsExtraItems: Bool
    /// The values of `enum` and `const` that are scalars.
    public let enumeratedValues: [String]
    /// Whether every key is an annotation or an extension, as in `{}`.
    public let constrainsNothing: Bool
    public let hasPatternProperties: Bool
    public let hasNot: Bool
    public let hasPrefixItems: Bool

    private let storedItems: CompactSchemaID
    private let storedAdditionalProperties: CompactExtraMembers
    private let storedUnevaluatedProperties: CompactExtraMembers
    /// nil when the schema has no numeric keyword (most have none).
    private let numeric: NumericKeywords?
    private let exampleNode: NodeID?

    public var items: SchemaID? { storedItems.id }
    public var additionalProperties: ExtraMembers { storedAdditionalProperties.value }
    public var unevaluatedProperties: ExtraMembers { storedUnevaluatedProperties.value }
    public var maxLength: Double? { numeric?.maxLength.number }
    public var maxItems: Double? { numeric?.maxItems.number }
    public var minimum: Double? { numeric?.minimum.number }
    public var maximum: Double? { numeric?.maximum.number }
    /// A numeric (3.1) `exclusiveMinimum`.
    public var exclusiveMinimum: Double? { numeric?.exclusiveMinimum.number }
    /// A numeric (3.1) `exclusiveMaximum`.
    public var exclusiveMaximum: Double? { numeric?.exclusiveMaximum.number }

    /// Where the upper bounds are written, for findings that point at them.
    public var boundKeys: BoundKeys {
        let file = node.file
        let boundNodes = numeric?.boundNodes ?? BoundNodes()
        return BoundKeys(
            maxLength: boundNodes.maxLength.map { NodeRef(file, $0) },
            maxItems: boundNodes.maxItems.map { NodeRef(file, $0) },
            maximum: boundNodes.maximum.map { NodeRef(file, $0) },
            exclusiveMaximum: boundNodes.exclusiveMaximum.map { NodeRef(file, $0) })
    }

    /// An `example`, `default`, `x-example` or first `examples` entry given as a scalar.
    public var example: NodeRef? { exampleNode.map { NodeRef(node.file, $0) } }

    /// `boundNodes` and `example` are nodes of `node`'s file.
    init(
        node: NodeRef, types: [JSONSchemaType], format: String?, properties: [Property], required: [String],
        items: SchemaID?,
        additionalProperties: ExtraMembers, unevaluatedProperties: ExtraMembers, allOf: [SchemaID], oneOf: [SchemaID],
        anyOf: [SchemaID], readOnly: Bool, writeOnly: Bool, hasEnum: Bool, hasConst: Bool, pattern: String?,
        maxLength: Double?, maxItems: Double?, minimum: Double?, maximum: Double?, hasExclusiveMinimum: Bool,
        hasExclusiveMaximum: Bool, exclusiveMinimum: Double?, exclusiveMaximum: Double?, boundNodes: BoundNodes,
        hasUniqueItems: Bool, forbidsExtraItems: Bool, enumeratedValues: [String], example: NodeID?,
        constrainsNothing: Bool, hasPatternProperties: Bool, hasNot: Bool, hasPrefixItems: Bool
    ) {
        self.node = node
        self.types = types
        self.format = format
        self.properties = properties
        self.required = required
        self.storedItems = CompactSchemaID(items)
        self.storedAdditionalProperties = CompactExtraMembers(additionalProperties)
        self.storedUnevaluatedProperties = CompactExtraMembers(unevaluatedProperties)
        self.allOf = allOf
        self.oneOf = oneOf
        self.anyOf = anyOf
        self.readOnly = readOnly
        self.writeOnly = writeOnly
        self.hasEnum = hasEnum
        self.hasConst = hasConst
        self.pattern = pattern
        self.hasExclusiveMinimum = hasExclusiveMinimum
        self.hasExclusiveMaximum = hasExclusiveMaximum
        let hasNumbers =
            maxLength != nil || maxItems != nil || minimum != nil || maximum != nil || exclusiveMinimum != nil
            || exclusiveMaximum != nil
        let hasBoundKeys =
            boundNodes.maxLength != nil || boundNodes.maxItems != nil || boundNodes.maximum != nil
            || boundNodes.exclusiveMaximum != nil
        self.numeric =
            !hasNumbers && !hasBoundKeys
            ? nil
            : NumericKeywords(
                maxLength: CompactNumber(maxLength), maxItems: CompactNumber(maxItems),
                minimum: CompactNumber(minimum), maximum: CompactNumber(maximum),
                exclusiveMinimum: CompactNumber(exclusiveMinimum), exclusiveMaximum: CompactNumber(exclusiveMaximum),
                boundNodes: boundNodes)
        self.hasUniqueItems = hasUniqueItems
        self.forbidsExtraItems = forbidsExtraItems
        self.enumeratedValues = enumeratedValues
        self.exampleNode = example
        self.constrainsNothing = constrainsNothing
        self.hasPatternProperties = hasPatternProperties
        self.hasNot = hasNot
        self.hasPrefixItems = hasPrefixItems
    }

    /// Whether `type` names `type` (or, with no `type`, whether the keywords imply it).
    public func isType(_ type: JSONSchemaType) -> Bool {
        if types.contains(type) { return true }
        if !types.isEmpty { return false }
        switch type {
        case .object: return !properties.isEmpty || additionalProperties != .unspecified
        case .array: return items != nil
        default: return false
        }
    }

    /// Subschemas reached by composition (`allOf`, `oneOf`, `anyOf`).
    public var composed: [SchemaID] { allOf + oneOf + anyOf }
}

/// The keys of a schema's upper bounds as nodes of the schema's file (see `BoundKeys`).
struct BoundNodes: Sendable {
    var maxLength, maxItems, maximum, exclusiveMaximum: NodeID?
}

/// A schema's numbers and the keys of its upper bounds, kept apart from it: most schemas have none, and then hold
/// eight bytes for them instead of eighty.
private final class NumericKeywords: Sendable {
    let maxLength, maxItems, minimum, maximum, exclusiveMinimum, exclusiveMaximum: CompactNumber
    /// Nodes of the schema's file.
    let boundNodes: BoundNodes

    init(
        maxLength: CompactNumber, maxItems: CompactNumber, minimum: CompactNumber, maximum: CompactNumber,
        exclusiveMinimum: CompactNumber, exclusiveMaximum: CompactNumber, boundNodes: BoundNodes
    ) {
        self.maxLength = maxLength
        self.maxItems = maxItems
        self.minimum = minimum
        self.maximum = maximum
        self.exclusiveMinimum = exclusiveMinimum
        self.exclusiveMaximum = exclusiveMaximum
        self.boundNodes = boundNodes
    }
}

/// A number that may be absent, in eight bytes: NaN stands for absent, as keywords hold only finite numbers.
private struct CompactNumber: Sendable {
    private let value: Double

    init(_ number: Double?) {
        precondition(number?.isNaN != true, "a keyword's number is finite")
        value = number ?? .nan
    }

    var number: Double? { value.isNaN ? nil : value }
}

/// A schema id that may be absent, in four bytes.
private struct CompactSchemaID: Sendable {
    private let index: Int32

    init(_ id: SchemaID?) { index = id.map { Int32($0.index) } ?? -1 }

    var id: SchemaID? { index < 0 ? nil : SchemaID(index: Int(index)) }
}

/// `ExtraMembers` in four bytes: a schema's index, or a negative code for the other cases.
private struct CompactExtraMembers: Sendable {
    private static let unspecified: Int32 = -1
    private static let forbidden: Int32 = -2
    private static let allowed: Int32 = -3
    private let code: Int32

    init(_ members: ExtraMembers) {
        switch members {
        case .unspecified: code = Self.unspecified
        case .allowed(let allowed): code = allowed ? Self.allowed : Self.forbidden
        case .schema(let id): code = Int32(id.index)
        }
    }

    var value: ExtraMembers {
        switch code {
        case Self.unspecified: .unspecified
        case Self.forbidden: .allowed(false)
        case Self.allowed: .allowed(true)
        default: .schema(SchemaID(index: Int(code)))
        }
    }
}

/// Every schema of a document, deduplicated by the node it is written at, with precomputed reachability.
public struct SchemaGraph: Sendable {
    public let schemas: [Schema]
    /// For each schema an operation receives (request role), the first operation that does.
    public let receivedBy: OperationPerSchema
    /// For each schema an operation returns (response role), the first operation that does.
    public let returnedBy: OperationPerSchema

    public subscript(id: SchemaID) -> Schema { schemas[id.index] }

    /// Schemas received by some operation, in graph order.
    public var received: [SchemaID] { receivedBy.schemas }

    /// Schemas returned by some operation, in graph order.
    public var returned: [SchemaID] { returnedBy.schemas }
}

/// The direction data travels through a schema.
public enum SchemaRole: Sendable {
    /// Sent by the caller: `readOnly` members are not part of it.
    case request
    /// Sent back by the server: `writeOnly` members are not part of it.
    case response
}

extension SchemaGraph {
    /// The direct subschemas of `id` that data in `role` flows into.
    public func children(of id: SchemaID, role: SchemaRole) -> [SchemaID] {
        var result: [SchemaID] = []
        forEachChild(of: id, role: role) { result.append($0) }
        return result
    }

    /// Calls `body` with each direct subschema of `id` that data in `role` flows into, in `children(of:role:)` order.
    func forEachChild(of id: SchemaID, role: SchemaRole, _ body: (SchemaID) -> Void) {
        let schema = self[id]
        // Nothing below a `readOnly` schema is sent (the items of a read-only array), nor below a `writeOnly` one
        // returned.
        if role == .request ? schema.readOnly : schema.writeOnly { return }
        // Fields are read in place: binding each property would retain and release its name and node.
        let properties = schema.properties
        for index in properties.indices {
            if role == .request ? properties[index].readOnly : properties[index].writeOnly { continue }
            body(properties[index].schema)
        }
        if let items = schema.items { body(items) }
        if case .schema(let extra) = schema.additionalProperties { body(extra) }
        if case .schema(let extra) = schema.unevaluatedProperties { body(extra) }
        for member in schema.allOf { body(member) }
        for member in schema.oneOf { body(member) }
        for member in schema.anyOf { body(member) }
    }

    /// Breadth-first reachability from seeds given per operation; each schema maps to the first operation.
    public static func reach(
        from seeds: [(operation: Int, schema: SchemaID)], role: SchemaRole, schemas: [Schema]
    ) -> OperationPerSchema {
        let graph = SchemaGraph(schemas: schemas, receivedBy: .init(), returnedBy: .init())
        // The queue holds each schema reached once; its operation is the one of the schema it was reached from.
        var firstOperation = [Int32](repeating: OperationPerSchema.none, count: schemas.count)
        var queue: [Int32] = []
        for seed in seeds where firstOperation[seed.schema.index] == OperationPerSchema.none {
            firstOperation[seed.schema.index] = Int32(seed.operation)
            queue.append(Int32(seed.schema.index))
        }
        var head = 0
        while head < queue.count {
            let index = Int(queue[head])
            head += 1
            let operation = firstOperation[index]
            graph.forEachChild(of: SchemaID(index: index), role: role) { child in
                guard firstOperation[child.index] == OperationPerSchema.none else { return }
                firstOperation[child.index] = operation
                queue.append(Int32(child.index))
            }
        }
        return OperationPerSchema(operations: firstOperation)
    }
}

/// A JSON Schema `type` name. Text naming no type is kept as written (`other`), so that a hostile or misspelt value
/// neither fails the build of the model nor matches a real type.
public enum JSONSchemaType: Hashable, Sendable, CustomStringConvertible {
    case string, integer, number, boolean, object, array, null
    case other(String)

    public init(_ text: String) {
        switch text {
        case "string": self = .string
        case "integer": self = .integer
        case "number": self = .number
        case "boolean": self = .boolean
        case "object": self = .object
        case "array": self = .array
        case "null": self = .null
        default: self = .other(text)
        }
    }

    /// The name as written.
    public var description: String {
        switch self {
        case .string: "string"
        case .integer: "integer"
        case .number: "number"
        case .boolean: "boolean"
        case .object: "object"
        case .array: "array"
        case .null: "null"
        case .other(let text): text
        }
    }
}
