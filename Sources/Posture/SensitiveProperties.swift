import Lexicon
import OpenAPIModel

/// The sensitive properties of each schema, classified once, and the breadth-first walk that collects them.
struct SensitiveProperties {
    let graph: SchemaGraph
    /// Per schema: its sensitive properties with whether each is `readOnly` and `writeOnly`.
    private let properties: [[(field: SensitiveField, property: Property)]]

    init(graph: SchemaGraph) {
        self.graph = graph
        var known: [String: (DataClass, SensitiveNames.Match)?] = [:]
        properties = graph.schemas.map { schema in
            schema.properties.compactMap { property in
                let classified: (DataClass, SensitiveNames.Match)?
                if let cached = known[property.name] {
                    classified = cached
                } else {
                    classified = DataClass.classify(property.name)
                    known[property.name] = classified
                }
                guard let (dataClass, match) = classified else { return nil }
                return (DataFlow.field(property.name, dataClass, match, property.keyNode), property)
            }
        }
    }

    /// Every sensitive property reachable from `start` in `role`, each once, in breadth-first order.
    func reachable(from start: SchemaID, role: SchemaRole) -> [SensitiveField] {
        var result: [SensitiveField] = []
        var visited: Set<SchemaID> = [start]
        var queue = [start]
        var head = 0
        while head < queue.count {
            let id = queue[head]
            head += 1
            for (field, property) in properties[id.index] where graph.isInRole(property, role) { result.append(field) }
            for child in graph.children(of: id, role: role) where visited.insert(child).inserted { queue.append(child) }
        }
        return result
    }
}
