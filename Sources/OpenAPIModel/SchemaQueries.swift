import SourceTree

extension SchemaGraph {
    /// The schemas each operation takes in (`.request`) or hands out (`.response`) directly, in operation order.
    ///
    /// Parameters (2.0: the parameter itself), request bodies (2.0: `in: body`), response bodies and response headers.
    /// A 3.1 webhook is a request the API *sends*: its body is output and the subscriber's response is input.
    /// Without `parameters`, only bodies (and response headers) count: what a server binds to its models.
    public static func seeds(
        of operations: [Operation], role: SchemaRole, parameters: Bool = true
    ) -> [(operation: Int, schema: SchemaID)] {
        // Fields are read in place: binding each parameter, response or media type would retain and release its
        // names, nodes and lists.
        var seeds: [(operation: Int, schema: SchemaID)] = []
        func append(_ contents: [MediaType], of operation: Int) {
            for content in contents.indices { if let id = contents[content].schema { seeds.append((operation, id)) } }
        }
        for (index, operation) in operations.enumerated() {
            let sent = operation.isWebhook ? role == .response : role == .request
            if sent {
                let list = operation.parameters
                for parameter in list.indices where parameters || list[parameter].location == .formData {
                    if let id = list[parameter].schema { seeds.append((index, id)) }
                }
                if let body = operation.requestBody { append(body.contents, of: index) }
            } else {
                let responses = operation.responses
                for response in responses.indices {
                    append(responses[response].contents, of: index)
                    let headers = responses[response].headers
                    for header in headers.indices { if let id = headers[header].schema { seeds.append((index, id)) } }
                }
            }
        }
        return seeds
    }

    /// Every schema's id, in graph order.
    public var ids: [SchemaID] { schemas.indices.map { SchemaID(index: $0) } }

    /// The schemas reached in `role`, each with the first operation that reaches it.
    public func reached(_ role: SchemaRole) -> OperationPerSchema {
        role == .request ? receivedBy : returnedBy
    }

    /// `id` and every schema it includes through `allOf`, transitively: the schemas that always apply together.
    public func allOfClosure(_ id: SchemaID) -> [SchemaID] {
        // Most schemas include none.
        if self[id].allOf.isEmpty { return [id] }
        var result = [id]
        // Most closures hold a few schemas, where searching the list is cheaper than hashing; a long one is hashed.
        var seen: Set<SchemaID> = []
        func isNew(_ member: SchemaID) -> Bool {
            if result.count < Self.closureSearchLimit { return !result.contains(member) }
            if seen.isEmpty { seen = Set(result) }
            return seen.insert(member).inserted
        }
        var index = 0
        while index < result.count {
            for member in self[result[index]].allOf where isNew(member) {
                result.append(member)
            }
            index += 1
        }
        return result
    }

    /// How many schemas `allOfClosure` holds before it hashes them instead of searching them.
    static let closureSearchLimit = 16

    /// The schemas whose `allOfClosure` holds a schema satisfying `predicate`, found for every schema at once by
    /// walking `allOf` edges backwards from the schemas that satisfy it: linear in the graph, where asking each
    /// schema's closure is quadratic on a long `allOf` chain.
    public func includingThroughAllOf(_ predicate: (Schema) -> Bool) -> SchemaSet {
        var found = SchemaSet(count: schemas.count)
        var pending: [SchemaID] = []
        // Member and includer, unlabelled as `SchemaLists` takes them.
        var inclusions: [(Int, Int)] = []
        for index in schemas.indices {
            for member in schemas[index].allOf { inclusions.append((member.index, index)) }
            let id = SchemaID(index: index)
            if predicate(schemas[index]), found.insert(id) { pending.append(id) }
        }
        let includers = SchemaLists(count: schemas.count, pairs: inclusions)
        while let id = pending.popLast() {
            for includer in includers[id.index] where found.insert(SchemaID(index: includer)) {
                pending.append(SchemaID(index: includer))
            }
        }
        return found
    }

    /// Schemas reached in `role` that describe a value on their own, in graph order: what an operation takes or hands
    /// out directly, a property, array item or map value, or a `oneOf`/`anyOf` alternative — everything but the
    /// schemas reached only as `allOf` members, which are judged together with the schema that includes them.
    ///
    /// Without `alternatives`, `oneOf`/`anyOf` alternatives only count when another edge reaches them.
    public func valueRoots(
        _ role: SchemaRole, seeds: [(operation: Int, schema: SchemaID)], reached: OperationPerSchema,
        alternatives: Bool = true
    ) -> [SchemaID] {
        var roots = SchemaSet(count: schemas.count)
        for seed in seeds { roots.insert(seed.schema) }
        for parent in schemas.indices where reached.contains(parent) {
            let schema = schemas[parent]
            // Fields are read in place, as in `forEachChild`.
            let properties = schema.properties
            for index in properties.indices where isInRole(properties[index], role) {
                roots.insert(properties[index].schema)
            }
            if let items = schema.items { roots.insert(items) }
            if case .schema(let extra) = schema.additionalProperties { roots.insert(extra) }
            if case .schema(let extra) = schema.unevaluatedProperties { roots.insert(extra) }
            if alternatives {
                for member in schema.oneOf { roots.insert(member) }
                for member in schema.anyOf { roots.insert(member) }
            }
        }
        return roots.members
    }

    /// Whether data in `role` flows through `property`: `readOnly` ones are not sent, `writeOnly` ones not returned.
    public func isInRole(_ property: Property, _ role: SchemaRole) -> Bool {
        role == .request ? !property.readOnly : !property.writeOnly
    }
}

extension APIModel {
    /// The schemas that describe a value on their own in `role` (see `SchemaGraph.valueRoots`), in graph order, each
    /// with the first operation reaching it; schemas marked `readOnly` (request) or `writeOnly` (response) themselves
    /// are left out.
    public func values(_ role: SchemaRole) -> [(schema: SchemaID, operation: Int)] {
        let reached = schemas.reached(role)
        let seeds = SchemaGraph.seeds(of: operations, role: role)
        return schemas.valueRoots(role, seeds: seeds, reached: reached).compactMap { id in
            let schema = schemas[id]
            if role == .request ? schema.readOnly : schema.writeOnly { return nil }
            return reached[id].map { (id, $0) }
        }
    }
}

extension APIModel {
    /// The received schemas that only parameters outside the body reach — path, query, header and cookie values,
    /// which servers already bound with their limits on URL and header size: no request body (2.0: no `in: body`
    /// or `formData`) and no webhook reply contains them.
    public func receivedOnlyOutsideBodies() -> SchemaSet {
        let bodies = SchemaGraph.seeds(of: operations, role: .request, parameters: false)
        let inBodies = SchemaGraph.reach(from: bodies, role: .request, schemas: schemas.schemas)
        var result = SchemaSet(count: schemas.schemas.count)
        for id in schemas.received where inBodies[id] == nil { result.insert(id) }
        return result
    }
}

/// A set of the schemas of one graph, as a flag per schema: no hashing.
public struct SchemaSet: Sendable {
    private var flags: [Bool]

    /// An empty set for a graph of `count` schemas.
    init(count: Int) {
        flags = [Bool](repeating: false, count: count)
    }

    public func contains(_ id: SchemaID) -> Bool { flags[id.index] }

    /// Adds `id`; whether it was not in the set before.
    @discardableResult
    mutating func insert(_ id: SchemaID) -> Bool {
        defer { flags[id.index] = true }
        return !flags[id.index]
    }

    /// The schemas in the set, in graph order.
    public var members: [SchemaID] { flags.indices.filter { flags[$0] }.map { SchemaID(index: $0) } }
}
