import OpenAPIModel
import RuleEngine

/// Flags received object schemas that accept properties they do not declare (mass assignment).
struct OpenRequestObject: Rule {
    func check(_ context: RuleContext) {
        let api = context.api
        for (id, operation) in api.openObjects(.request) {
            let schema = api.schemas[id]
            let how =
                schema.additionalProperties == .allowed(true)
                ? "sets `additionalProperties: true`" : "does not set `additionalProperties: false`"
            context.report(
                schema.node,
                "\(api.schemas.label(of: id)) \(SchemaRole.request.phrase(api.operations[operation])) is an object that \(how), so callers can send fields the server may bind"
            )
        }
    }
}
