import Lexicon
import OpenAPIModel
import RuleEngine

/// Flags input that nothing validates: request bodies and parameters without a schema, and received schemas that
/// accept any value (empty, free-form objects, arrays of anything).
struct RequestSchemaMissing: Rule {
    func check(_ context: RuleContext) {
        let api = context.api
        let graph = api.schemas
        var seeds: [(operation: Int, schema: SchemaID)] = []
        var binary = MediaTypeNames.Memo()
        for (index, operation) in api.operations.enumerated() where !operation.isWebhook {
            for content in operation.requestBody?.contents ?? [] where !binary.isBinary(content.name) {
                if let schema = content.schema {
                    seeds.append((index, schema))
                } else if content.node["schema"] == nil {
                    let place = api.version == .swagger2 ? "body parameter" : "request body '\(content.name)'"
                    context.report(content.node, "the \(place) of \(operation.displayName) has no schema")
                }
            }
            for parameter in operation.parameters {
                if let schema = parameter.schema, !Self.isUntyped(parameter, api.version) {
                    seeds.append((index, schema))
                } else if parameter.node["schema"] == nil && parameter.node["content"] == nil {
                    context.report(
                        parameter.node,
                        "\(parameter.location) parameter '\(parameter.name)' of \(operation.displayName) has no \(api.version == .swagger2 ? "type" : "schema")"
                    )
                }
            }
        }
        let reached = SchemaGraph.reach(from: seeds, role: .request, schemas: graph.schemas)
        for id in graph.valueRoots(.request, seeds: seeds, reached: reached) {
            let schema = graph[id]
            guard !schema.readOnly, let operation = reached[id] else { continue }
            let problem: String
            if schema.constrainsNothing {
                problem = "is an empty schema, so any value is accepted"
            } else if graph.isFreeFormObject(id) {
                problem = "is an object with no `properties` and no typed or forbidden `additionalProperties`"
            } else if graph.isUntypedArray(id) {
                problem = "is an array without `items`"
            } else {
                continue
            }
            context.report(
                schema.node,
                "\(graph.label(of: id)) \(SchemaRole.request.phrase(api.operations[operation])) \(problem)")
        }
    }

    /// 2.0: a parameter other than `in: body` describes its value itself, and must name a `type`.
    static func isUntyped(_ parameter: Parameter, _ version: SpecVersion) -> Bool {
        version == .swagger2 && parameter.location != .body && parameter.node["type"] == nil
    }
}
