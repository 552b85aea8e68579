import OpenAPIModel
import RuleEngine

/// Flags returned object schemas that allow properties they do not declare.
struct OpenResponseObject: Rule {
    func check(_ context: RuleContext) {
        let api = context.api
        for (id, operation) in api.openObjects(.response) {
            let schema = api.schemas[id]
            let how =
                schema.additionalProperties == .allowed(true)
                ? "sets `additionalProperties: true`" : "does not set `additionalProperties: false`"
            context.report(
                schema.node,
                "\(api.schemas.label(of: id)) \(SchemaRole.response.phrase(api.operations[operation])) is an object that \(how), so fields the description does not list can leak"
            )
        }
    }
}
