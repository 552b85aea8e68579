import OpenAPIModel
import RuleEngine

/// Flags received integers and numbers that lack a lower or an upper bound.
struct UnboundedInteger: Rule {
    func check(_ context: RuleContext) {
        let api = context.api
        let graph = api.schemas
        // A page size without a maximum is reported by `unbounded-page-size`, once.
        let pageSizes = Set(UnboundedPageSize.unbounded(in: api).compactMap(\.parameter.schema))
        for (id, operation) in context.facts.requestValues where !pageSizes.contains(id) {
            let group = graph.allOfClosure(id)
            guard
                let declaring = group.first(where: {
                    graph[$0].types.contains(.integer) || graph[$0].types.contains(.number)
                }),
                !group.contains(where: { graph[$0].isEnumerated })
            else { continue }
            let lower = group.contains { graph[$0].hasLowerBound }
            let upper = group.contains { graph[$0].hasUpperBound }
            let missing: String
            switch (lower, upper) {
            case (true, true): continue
            case (false, false): missing = "neither a `minimum` nor a `maximum`"
            case (false, true): missing = "no `minimum`"
            case (true, false): missing = "no `maximum`"
            }
            let kind = graph[declaring].types.contains(.integer) ? "an integer" : "a number"
            context.report(
                graph[declaring].node,
                "\(graph.label(of: id)) \(SchemaRole.request.phrase(api.operations[operation])) is \(kind) with \(missing)"
            )
        }
    }
}
