import OpenAPIModel
import RuleEngine

/// Flags query and path parameters whose names say they carry a credential.
struct CredentialsInUrl: Rule {
    /// A final word that names a credential on its own.
    static let credentialWords: Set<String> = [
        "token", "password", "passwd", "pwd", "passphrase", "secret", "apikey", "accesstoken", "refreshtoken",
        "idtoken", "authtoken", "sessionid", "session", "jwt", "credential", "credentials",
    ]
    /// Final word pairs that name a credential.
    static let credentialPhrases: [[String]] = [
        ["api", "key"], ["session", "id"], ["private", "key"], ["secret", "key"],
    ]

    /// Whether a parameter named `name` carries a credential, by its name alone.
    static func isCredential(_ name: String) -> Bool {
        let words = NameWords.split(name)
        guard let last = words.last else { return false }
        if credentialPhrases.contains(where: { NameWords.endsWith(words, phrase: $0) }) { return true }
        return credentialWords.contains(last)
    }

    /// Whether the parameter carries a credential: its name says so, and it is not a pagination cursor, an
    /// idempotency key or the identifier of a session resource.
    static func carriesCredential(_ parameter: Parameter, of operation: Operation) -> Bool {
        guard isCredential(parameter.name) else { return false }
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
