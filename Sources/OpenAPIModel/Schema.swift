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
/// A class, so that the many lookups rules make share one instance instead of copying its arrays.
public final class Schema: Sendable {
    /// The schema's mapping after following `$ref`s (for 2.0 non-body parameters, the parameter itself).
    public let node: NodeRef
    /// `type`, as a list (3.1 allows several; `null` included).
    public let types: [JSONSchemaType]
    public let format: String?
    public let properties: [Property]
    public let required: [String]
    public let items: SchemaID?
    public let additionalProperties: ExtraMembers
    public let unevaluatedProperties: ExtraMembers
    public let allOf: [SchemaID]
    public let oneOf: [SchemaID]
    public let anyOf: [SchemaID]
    public let readOnly: Bool
    public let writeOnly: Bool
    public let hasEnum: Bool
    public let hasConst: Bool
    public let pattern: String?
    public let maxLength: Double?
    public let maxItems: Double?
    public let minimum: Double?
    public let maximum: Double?
    /// 3.0 `exclusiveMinimum: true` or 3.1 `exclusiveMinimum: 5`.
    public let hasExclusiveMinimum: Bool
    public let hasExclusiveMaximum: Bool
    /// A numeric (3.1) `exclusiveMinimum`.
    public let exclusiveMinimum: Double?
    /// A numeric (3.1) `exclusiveMaximum`.
    public let exclusiveMaximum: Double?
    /// Where the upper bounds are written, for findings that point at them.
    public let boundKeys: BoundKeys
    /// `uniqueItems: true`.
    public let hasUniqueItems: Bool
    /// 3.1 `items: false`: nothing beyond `prefixItems`.
    public let forbidsExtraItems: Bool
    /// The values of `enum` and `const` that are scalars.
    public let enumeratedValues: [String]
    /// An `example`, `default`, `x-example` or first `examples` entry given as a scalar.
    public let example: NodeRef?
    /// Whether every key is an annotation or an extension, as in `{}`.
    public let constrainsNothing: Bool
    public let hasPatternProperties: Bool
    public let hasNot: Bool
    public let hasPrefixItems: Bool

    init(
        node: NodeRef, types: [JSONSchemaType], format: String?, properties: [Property], required: [String], items: SchemaID?,
        additionalProperties: ExtraMembers, unevaluatedProperties: ExtraMembers, allOf: [SchemaID], oneOf: [SchemaID],
        anyOf: [SchemaID], readOnly: Bool, writeOnly: Bool, hasEnum: Bool, hasConst: Bool, pattern: String?,
        maxLength: Double?, maxItems: Double?, minimum: Double?, maximum: Double?, hasExclusiveMinimum: Bool,
        hasExclusiveMaximum: Bool, exclusiveMinimum: Double?, exclusiveMaximum: Double?, boundKeys: BoundKeys,
        hasUniqueItems: Bool, forbidsExtraItems: Bool, enumeratedValues: [String], example: NodeRef?,
        constrainsNothing: Bool, hasPatternProperties: Bool, hasNot: Bool, hasPrefixItems: Bool
    ) {
        self.node = node
        self.types = types
        self.format = format
        self.properties = properties
        self.required = required
        self.items = items
        self.additionalProperties = additionalProperties
        self.unevaluatedProperties = unevaluatedProperties
        self.allOf = allOf
        self.oneOf = oneOf
        self.anyOf = anyOf
        self.readOnly = readOnly
        self.writeOnly = writeOnly
        self.hasEnum = hasEnum
        self.hasConst = hasConst
        self.pattern = pattern
        self.maxLength = maxLength
        self.maxItems = maxItems
        self.minimum = minimum
        self.maximum = maximum
        self.hasExclusiveMinimum = hasExclusiveMinimum
        self.hasExclusiveMaximum = hasExclusiveMaximum
        self.exclusiveMinimum = exclusiveMinimum
        self.exclusiveMaximum = exclusiveMaximum
        self.boundKeys = boundKeys
        self.hasUniqueItems = hasUniqueItems
        self.forbidsExtraItems = forbidsExtraItems
        self.enumeratedValues = enumeratedValues
        self.example = example
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

/// Every schema of a document, deduplicated by the node it is written at, with precomputed reachability.
public struct SchemaGraph: Sendable {
    public let schemas: [Schema]
    /// For each schema an operation receives (request role), the first operation that does.
    public let receivedBy: [SchemaID: Int]
    /// For each schema an operation returns (response role), the first operation that does.
    public let returnedBy: [SchemaID: Int]

    public subscript(id: SchemaID) -> Schema { schemas[id.index] }

    /// Schemas received by some operation, in graph order.
    public var received: [SchemaID] { receivedBy.keys.sorted() }

    /// Schemas returned by some operation, in graph order.
    public var returned: [SchemaID] { returnedBy.keys.sorted() }
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
        let schema = self[id]
        // Nothing below a `readOnly` schema is sent (the items of a read-only array), nor below a `writeOnly` one
        // returned.
        if role == .request ? schema.readOnly : schema.writeOnly { return [] }
        var result: [SchemaID] = []
        for property in schema.properties {
            if role == .request && property.readOnly { continue }
            if role == .response && property.writeOnly { continue }
            result.append(property.schema)
        }
        if let items = schema.items { result.append(items) }
        if case .schema(let extra) = schema.additionalProperties { result.append(extra) }
        if case .schema(let extra) = schema.unevaluatedProperties { result.append(extra) }
        result += schema.composed
        return result
    }

    /// Breadth-first reachability from seeds given per operation; each schema maps to the first operation.
    public static func reach(
        from seeds: [(operation: Int, schema: SchemaID)], role: SchemaRole, schemas: [Schema]
    ) -> [SchemaID: Int] {
        let graph = SchemaGraph(schemas: schemas, receivedBy: [:], returnedBy: [:])
        var reached: [SchemaID: Int] = [:]
        var queue: [(Int, SchemaID)] = []
        for seed in seeds where reached[seed.schema] == nil {
            reached[seed.schema] = seed.operation
            queue.append((seed.operation, seed.schema))
        }
        var head = 0
        while head < queue.count {
            let (operation, id) = queue[head]
            head += 1
            for child in graph.children(of: id, role: role) where reached[child] == nil {
                reached[child] = operation
                queue.append((operation, child))
            }
        }
        return reached
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
