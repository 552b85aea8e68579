import OpenAPIModel
import RuleEngine

/// Flags received object schemas that accept properties they do not declare (mass assignment).
struct OpenRequestObject: Rule {
    func check(_ context: RuleContext) {
        let api = context.api
        for (id, operation) in api.openObjects(.request) {
            context.report(
                api.schemas[id].node,
                "\(api.schemas.label(of: id)) \(SchemaRole.request.phrase(api.operations[operation])) is an object that \(api.schemas[id].opennessPhrase), so callers can send fields the server may bind"
            )
        }
    }
}
