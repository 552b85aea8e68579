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
    /// Words before `token` that make it a pagination or sync cursor, not a credential.
    static let cursorWords: Set<String> = [
        "page", "next", "prev", "previous", "continuation", "sync", "cursor", "pagination", "resume", "start", "skip",
        "delta",
    ]

    /// Whether a parameter named `name` carries a credential.
    static func isCredential(_ name: String) -> Bool {
        let words = NameWords.split(name)
        guard let last = words.last else { return false }
        if credentialPhrases.contains(where: { NameWords.endsWith(words, phrase: $0) }) { return true }
        guard credentialWords.contains(last) else { return false }
        if last == "token", words.count > 1, cursorWords.contains(words[words.count - 2]) { return false }
        return true
    }

    func check(_ context: RuleContext) {
        for operation in context.api.operations {
            for parameter in operation.parameters
            where (parameter.location == "query" || parameter.location == "path") && Self.isCredential(parameter.name) {
                context.report(
                    parameter.node,
                    "\(parameter.location) parameter '\(parameter.name)' of \(operation.displayName) carries a credential in the URL, where it gets logged"
                )
            }
        }
    }
}
