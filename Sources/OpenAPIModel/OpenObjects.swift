extension APIModel {
    /// Object schemas in `role` that declare properties but accept undeclared ones, with one operation reaching each.
    ///
    /// An object closes itself with `additionalProperties` or (3.1) `unevaluatedProperties` set to `false` or to a
    /// schema. It counts as closed when any schema it includes through `allOf` closes (code generators and validators
    /// merge `allOf`), and when it is a `oneOf`/`anyOf` alternative or an `allOf` member of a closed schema. A schema
    /// reached only as an `allOf` member is judged as part of the schema that includes it, and a `oneOf`/`anyOf`
    /// alternative of an object that has properties of its own is part of that object. Objects without any declared
    /// property are maps or free-form values, not open records, and are never reported.
    public func openObjects(_ role: SchemaRole) -> [(schema: SchemaID, operation: Int)] {
        let graph = schemas
        // Parameters are parsed one by one, not bound to a model: only bodies (2.0: and form fields) count.
        let seeds = SchemaGraph.seeds(of: operations, role: role, parameters: false)
        let reached =
            role == .response ? graph.returnedBy : SchemaGraph.reach(from: seeds, role: role, schemas: graph.schemas)
        // Alternatives are judged from their parent, which may close them.
        let roots = graph.valueRoots(role, seeds: seeds, reached: reached, alternatives: false)
        let sealedGroups = graph.includingThroughAllOf(\.closesItself)
        let propertiedGroups = graph.includingThroughAllOf { !$0.properties.isEmpty }
        func sealed(_ id: SchemaID) -> Bool { sealedGroups.contains(id) }
        func shaped(_ id: SchemaID) -> Bool {
            let types = graph[id].types
            return (types.isEmpty || types.contains(.object)) && propertiedGroups.contains(id)
        }
        // A schema is visited at most once in each of the eight states of its three flags.
        var visited = [UInt8](repeating: 0, count: graph.schemas.count)
        var open = SchemaSet(count: graph.schemas.count)
        var stack: [OpenObjectVisit] = roots.map {
            OpenObjectVisit(id: $0, sealed: false, judged: true, enclosingShape: false)
        }
        while let state = stack.popLast() {
            guard visited[state.id.index] & state.bit == 0 else { continue }
            visited[state.id.index] |= state.bit
            let schema = graph[state.id]
            let groupSealed = state.sealed || sealed(state.id)
            let groupShape = state.enclosingShape || shaped(state.id)
            if state.judged && !groupSealed && shaped(state.id) { open.insert(state.id) }
            for member in schema.allOf {
                stack.append(
                    OpenObjectVisit(id: member, sealed: groupSealed, judged: false, enclosingShape: groupShape))
            }
            for member in schema.oneOf + schema.anyOf {
                stack.append(
                    OpenObjectVisit(id: member, sealed: groupSealed, judged: !groupShape, enclosingShape: groupShape))
            }
        }
        return open.members.compactMap { id in reached[id].map { (id, $0) } }
    }
}

/// A schema reached by `openObjects`' walk, with what the schemas it is reached through say about it.
private struct OpenObjectVisit {
    let id: SchemaID
    let sealed: Bool
    let judged: Bool
    let enclosingShape: Bool

    /// The visit's own bit among a schema's eight possible visits.
    var bit: UInt8 { 1 << ((sealed ? 1 : 0) | (judged ? 2 : 0) | (enclosingShape ? 4 : 0)) }
}

extension Schema {
    /// Whether the schema itself limits members beyond its properties: `additionalProperties` or
    /// `unevaluatedProperties` set to `false` or to a schema.
    public var closesItself: Bool {
        func closes(_ extra: ExtraMembers) -> Bool {
            switch extra {
            case .allowed(let allowed): return !allowed
            case .schema: return true
            case .unspecified: return false
            }
        }
        return closes(additionalProperties) || closes(unevaluatedProperties)
    }
}
