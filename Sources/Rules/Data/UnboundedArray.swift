import OpenAPIModel
import RuleEngine

/// Flags received arrays without a limit on their number of items.
struct UnboundedArray: Rule {
    func check(_ context: RuleContext) {
        let api = context.api
        let graph = api.schemas
        let outsideBodies = context.facts.receivedOnlyOutsideBodies
        for (id, operation) in context.facts.requestValues {
            let group = graph.allOfClosure(id)
            guard
                let declaring = group.first(where: {
                    graph[$0].types.contains(.array) || (graph[$0].types.isEmpty && graph[$0].items != nil)
                }),
                !group.contains(where: { Self.bounds(graph[$0], graph: graph) })
            else { continue }
            context.report(
                graph[declaring].node,
                "\(graph.label(of: id)) \(SchemaRole.request.phrase(api.operations[operation])) is an array without `maxItems`",
                // A parameter outside the body is bounded by the server's URL and header size limits: for `all`.
                preset: outsideBodies.contains(id) ? .all : .recommended)
        }
    }

    /// Whether the schema bounds the number of items: `maxItems`, a fixed value, 3.1 `items: false`, or unique
    /// items drawn from a fixed set.
    static func bounds(_ schema: Schema, graph: SchemaGraph) -> Bool {
        if schema.maxItems != nil || schema.isEnumerated || schema.forbidsExtraItems { return true }
        guard schema.hasUniqueItems, let items = schema.items else { return false }
        return graph.isEnumerated(items) || graph.declaredTypes(items) == [.boolean]
    }
}
