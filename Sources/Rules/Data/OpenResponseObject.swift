import OpenAPIModel
import RuleEngine

/// Flags returned object schemas that allow properties they do not declare.
struct OpenResponseObject: Rule {
    func check(_ context: RuleContext) {
        let api = context.api
        for (id, operation) in api.openObjects(.response) {
            context.report(
                api.schemas[id].node,
                "\(api.schemas.label(of: id)) \(SchemaRole.response.phrase(api.operations[operation])) is an object that \(api.schemas[id].opennessPhrase), so fields the description does not list can leak"
            )
        }
    }
}
