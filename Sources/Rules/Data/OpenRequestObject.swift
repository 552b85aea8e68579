import Lexicon
import OpenAPIModel
import RuleEngine

/// Flags received object schemas that accept properties they do not declare (mass assignment).
struct OpenRequestObject: Rule {
    func check(_ context: RuleContext) {
        let api = context.api
        for (id, operation) in api.openObjects(.request) {
            // A plain open object (a filter, settings) rarely lets a caller set anything that matters: for `all`.
            context.report(
                api.schemas[id].node,
                "\(api.schemas.label(of: id)) \(SchemaRole.request.phrase(api.operations[operation])) is an object that \(api.schemas[id].opennessPhrase), so callers can send fields the server may bind",
                preset: Self.carriesWhatMatters(id, graph: api.schemas) ? .recommended : .all)
        }
    }

    /// Whether binding extra fields to the object can matter: it has a privileged-looking or sensitive field of its
    /// own (`role`, `isAdmin`, `owner_id`, `password`, `email`), or the API also returns it — the entity itself is
    /// bound, the classic mass-assignment shape.
    static func carriesWhatMatters(_ id: SchemaID, graph: SchemaGraph) -> Bool {
        let members = graph.allOfClosure(id)
        if members.contains(where: { graph.returnedBy[$0] != nil }) { return true }
        return members.flatMap { graph[$0].properties }.contains { property in
            !property.readOnly
                && (SensitiveNames.privilege(property.name) != nil || SensitiveNames.secret(property.name) != nil
                    || SensitiveNames.personalData(property.name) != nil)
        }
    }
}

extension Schema {
    /// How an open object leaves itself open (here and in `open-response-object`): it allows extra members
    /// explicitly, or says nothing.
    var opennessPhrase: String {
        additionalProperties == .allowed(true)
            ? "sets `additionalProperties: true`" : "does not set `additionalProperties: false`"
    }
}
