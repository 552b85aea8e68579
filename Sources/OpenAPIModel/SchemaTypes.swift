extension SchemaGraph {
    /// How many schemas `declaredTypes` reads, through compositions, before it stops.
    static let maxSchemasForDeclaredTypes = 64

    /// The types `id` declares; with none, what its keywords imply (`properties`: object, `items`: array) or, failing
    /// that, the types of the schemas it is composed of. Empty when nothing says.
    public func declaredTypes(_ id: SchemaID) -> Set<JSONSchemaType> {
        // Most schemas name their types.
        if !self[id].types.isEmpty { return Set(self[id].types.filter { $0 != .null }) }
        var result: Set<JSONSchemaType> = []
        var seen: Set<SchemaID> = [id]
        var queue = [id]
        var index = 0
        while index < queue.count && index < Self.maxSchemasForDeclaredTypes {
            let schema = self[queue[index]]
            index += 1
            if !schema.types.isEmpty {
                result.formUnion(schema.types.filter { $0 != .null })
                continue
            }
            if !schema.properties.isEmpty { result.insert(.object) }
            if schema.items != nil { result.insert(.array) }
            if !schema.properties.isEmpty || schema.items != nil { continue }
            for member in schema.composed where seen.insert(member).inserted { queue.append(member) }
        }
        return result
    }

    /// Whether `id` or a schema it includes through `allOf` fixes the value (`enum`, `const`).
    public func isEnumerated(_ id: SchemaID) -> Bool {
        allOfClosure(id).contains { self[$0].isEnumerated }
    }
}
