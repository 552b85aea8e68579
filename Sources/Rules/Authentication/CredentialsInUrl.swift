import Lexicon
import OpenAPIModel
import RuleEngine

/// Flags query and path parameters whose names say they carry a credential.
struct CredentialsInUrl: Rule {
    /// Whether the parameter carries a credential: its name says so, and it is not a pagination cursor, an
    /// idempotency key or the identifier of a session resource.
    static func carriesCredential(_ parameter: Parameter, of operation: Operation) -> Bool {
        guard SensitiveNames.namesCredentialParameter(parameter.name) else { return false }
        let description = parameter.node["description"]?.scalar
        return !SensitiveNames.isCursorOrIdempotencyKey(parameter.name, description: description)
            && !SensitiveNames.identifiesSessionResource(
                parameter.name, location: parameter.location.description, path: operation.path)
    }

    func check(_ context: RuleContext) {
        for operation in context.api.operations {
            for parameter in operation.parameters
            where parameter.location.isInURL
                && Self.carriesCredential(parameter, of: operation)
            {
                context.report(
                    parameter.node,
                    "\(parameter.location) parameter '\(parameter.name)' of \(operation.displayName) carries a credential in the URL, where it gets logged"
                )
            }
        }
    }
}
