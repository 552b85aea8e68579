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
        var seeds: [(operation: Int, schema: SchemaID)] = []
        for (index, operation) in operations.enumerated() {
            let sent = operation.isWebhook ? role == .response : role == .request
            if sent {
                for parameter in operation.parameters where parameters || parameter.location == .formData {
                    if let id = parameter.schema { seeds.append((index, id)) }
                }
                for content in operation.requestBody?.contents ?? [] {
                    if let id = content.schema { seeds.append((index, id)) }
                }
            } else {
                for response in operation.responses {
                    for content in response.contents {
                        if let id = content.schema { seeds.append((index, id)) }
                    }
                    for header in response.headers { if let id = header.schema { seeds.append((index, id)) } }
                }
            }
        }
        return seeds
    }

    /// Every schema's id, in graph order.
    public var ids: [SchemaID] { schemas.indices.map { SchemaID(index: $0) } }

    /// The schemas reached in `role`, each with the first operation that reaches it.
    public func reached(_ role: SchemaRole) -> [SchemaID: Int] {
        role == .request ? receivedBy : returnedBy
    }

    /// `id` and every schema it includes through `allOf`, transitively: the schemas that always apply together.
    public func allOfClosure(_ id: SchemaID) -> [SchemaID] {
        // Most schemas include none.
        if self[id].allOf.isEmpty { return [id] }
        var result = [id]
        var seen: Set<SchemaID> = [id]
        var index = 0
        while index < result.count {
            for member in self[result[index]].allOf where seen.insert(member).inserted {
                result.append(member)
            }
            index += 1
        }
        return result
    }

    /// The schemas whose `allOfClosure` holds a schema satisfying `predicate`, found for every schema at once by
    /// walking `allOf` edges backwards from the schemas that satisfy it: linear in the graph, where asking each
    /// schema's closure is quadratic on a long `allOf` chain.
    public func includingThroughAllOf(_ predicate: (Schema) -> Bool) -> Set<SchemaID> {
        var includers: [SchemaID: [SchemaID]] = [:]
        var found: Set<SchemaID> = []
        var pending: [SchemaID] = []
        for index in schemas.indices {
            let id = SchemaID(index: index)
            for member in schemas[index].allOf { includers[member, default: []].append(id) }
            if predicate(schemas[index]), found.insert(id).inserted { pending.append(id) }
        }
        while let id = pending.popLast() {
            for includer in includers[id] ?? [] where found.insert(includer).inserted { pending.append(includer) }
        }
        return found
    }

    /// Schemas reached in `role` that describe a value on their own: what an operation takes or hands out
    /// directly, a property, array item or map value, or a `oneOf`/`anyOf` alternative — everything but the schemas
    /// reached only as `allOf` members, which are judged together with the schema that includes them.
    ///
    /// Without `alternatives`, `oneOf`/`anyOf` alternatives only count when another edge reaches them.
    public func valueRoots(
        _ role: SchemaRole, seeds: [(operation: Int, schema: SchemaID)], reached: [SchemaID: Int],
        alternatives: Bool = true
    ) -> Set<SchemaID> {
        var roots = Set(seeds.map(\.schema))
        for parent in reached.keys {
            let schema = self[parent]
            for property in schema.properties where isInRole(property, role) {
                roots.insert(property.schema)
            }
            if let items = schema.items { roots.insert(items) }
            if case .schema(let extra) = schema.additionalProperties { roots.insert(extra) }
            if case .schema(let extra) = schema.unevaluatedProperties { roots.insert(extra) }
            if alternatives { for member in schema.oneOf + schema.anyOf { roots.insert(member) } }
        }
        return roots
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
        return schemas.valueRoots(role, seeds: seeds, reached: reached).sorted().compactMap { id in
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
    public func receivedOnlyOutsideBodies() -> Set<SchemaID> {
        let bodies = SchemaGraph.seeds(of: operations, role: .request, parameters: false)
        let inBodies = SchemaGraph.reach(from: bodies, role: .request, schemas: schemas.schemas)
        return Set(schemas.receivedBy.keys.filter { inBodies[$0] == nil })
    }
}
