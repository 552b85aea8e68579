import OpenAPIModel
import RuleEngine

/// Flags received maps — objects taking any number of extra members — that set no `maxProperties`.
struct UnboundedMap: Rule {
    func check(_ context: RuleContext) {
        let api = context.api
        let graph = api.schemas
        for (id, operation) in context.facts.requestValues {
            let group = graph.allOfClosure(id)
            guard let declaring = group.first(where: { Self.takesExtraMembers(graph[$0], api.version) }),
                !group.contains(where: { graph[$0].node["maxProperties"]?.number != nil || graph[$0].isEnumerated })
            else { continue }
            context.report(
                graph[declaring].node,
                "\(graph.label(of: id)) \(SchemaRole.request.phrase(api.operations[operation])) is a map without `maxProperties`, so a caller may send any number of keys"
            )
        }
    }

    /// Whether the schema accepts members by the pattern rather than by name: `additionalProperties` or
    /// `unevaluatedProperties` set to `true` or a schema, or (3.1) `patternProperties`.
    static func takesExtraMembers(_ schema: Schema, _ version: SpecVersion) -> Bool {
        func takes(_ extra: ExtraMembers) -> Bool {
            switch extra {
            case .allowed(let allowed): allowed
            case .schema: true
            case .unspecified: false
            }
        }
        return takes(schema.additionalProperties) || takes(schema.unevaluatedProperties)
            || version == .openAPI31 && schema.node["patternProperties"]?.isMapping == true
    }
}
