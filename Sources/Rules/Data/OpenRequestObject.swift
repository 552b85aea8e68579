import Lexicon
import OpenAPIModel
import RuleEngine

/// Flags received object schemas that accept properties they do not declare (mass assignment).
struct OpenRequestObject: Rule {
    func check(_ context: RuleContext) {
        let api = context.api
        // Names repeat across schemas (`id`, `name`, `type`): each is read once.
        var namesThatMatter: [String: Bool] = [:]
        for (id, operation) in api.openObjects(.request) {
            // A plain open object (a filter, settings) rarely lets a caller set anything that matters: for `all`.
            context.report(
                api.schemas[id].node,
                "\(api.schemas.label(of: id)) \(SchemaRole.request.phrase(api.operations[operation])) is an object that \(api.schemas[id].opennessPhrase), so callers can send fields the server may bind",
                preset: Self.carriesWhatMatters(id, graph: api.schemas, names: &namesThatMatter)
                    ? .recommended : .all)
        }
    }

    /// Whether binding extra fields to the object can matter: it has a privileged-looking or sensitive field of its
    /// own (`role`, `isAdmin`, `owner_id`, `password`, `email`), or the API also returns it — the entity itself is
    /// bound, the classic mass-assignment shape. `names` remembers which property names matter.
    static func carriesWhatMatters(_ id: SchemaID, graph: SchemaGraph, names: inout [String: Bool]) -> Bool {
        let members = graph.allOfClosure(id)
        if members.contains(where: { graph.returnedBy[$0] != nil }) { return true }
        return members.flatMap { graph[$0].properties }.contains { property in
            guard !property.readOnly else { return false }
            if let known = names[property.name] { return known }
            let matters =
                SensitiveNames.privilege(property.name) != nil || SensitiveNames.secret(property.name) != nil
                || SensitiveNames.personalData(property.name) != nil
            names[property.name] = matters
            return matters
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
