import Lexicon
import OpenAPIModel
import RuleEngine

/// Flags properties of returned schemas whose names denote a secret or highly sensitive datum.
struct SensitiveFieldInResponse: Rule {
    func check(_ context: RuleContext) {
        let api = context.api
        let graph = api.schemas
        // What each operation is for, from its path: worked out once, as many properties ask.
        var purposes: [SensitiveNames.CredentialOperation?]?
        // Names repeat across schemas (`id`, `name`, `type`): split each once.
        var secrets: [String: (match: SensitiveNames.Match, kind: SensitiveNames.SecretKind)?] = [:]
        // For each kind of secret, the first operation reaching each schema that does not issue it.
        var others: [IssuerQuestion: OperationPerSchema] = [:]
        for id in graph.returned {
            for property in graph[id].properties where !property.writeOnly {
                let secret: (match: SensitiveNames.Match, kind: SensitiveNames.SecretKind)?
                if let known = secrets[property.name] {
                    secret = known
                } else {
                    secret = SensitiveNames.secret(property.name)
                    secrets[property.name] = secret
                }
                guard let (match, kind) = secret,
                    Self.holdsValue(graph.declaredTypes(property.schema), term: match.term),
                    var operation = graph.returnedBy[id]
                else { continue }
                if kind == .credential || match.term == "password" {
                    // Credentials are the payload of the operation that issues them; report other operations only.
                    let reaching = context.facts.usage(.response)
                    let purpose =
                        purposes
                        ?? zip(api.operations, context.facts.operationPathWords).map {
                            SensitiveNames.credentialOperation($0, pathWords: $1)
                        }
                    purposes = purpose
                    // Which operations are "other" depends only on these two facts: one walk of the graph each.
                    let question = IssuerQuestion(credential: kind == .credential, password: match.term == "password")
                    let firstOther =
                        others[question]
                        ?? reaching.firstOperations { !Self.issues(match, kind: kind, purpose[$0]) }
                    others[question] = firstOther
                    guard let other = firstOther[id] else { continue }
                    operation = other
                }
                context.report(
                    property.keyNode,
                    "property '\(property.name)' \(SchemaRole.response.phrase(api.operations[operation])) holds \(match.description)"
                )
            }
        }
    }

    /// What decides whether an operation issues a secret on purpose (see `issues`).
    struct IssuerQuestion: Hashable {
        let credential: Bool
        let password: Bool
    }

    /// Whether an operation hands out this secret on purpose: tokens, keys and client secrets from the operations
    /// that issue credentials or sign users in; generated passwords (TURN credentials) from the former only.
    static func issues(
        _ match: SensitiveNames.Match, kind: SensitiveNames.SecretKind,
        _ operation: SensitiveNames.CredentialOperation?
    ) -> Bool {
        switch operation {
        case .issuesCredentials: kind == .credential || match.term == "password"
        case .signsIn: kind == .credential
        case nil: false
        }
    }

    /// Whether a property of these types can hold the secret itself (not a flag, a list or a nested object about it).
    static func holdsValue(_ types: Set<JSONSchemaType>, term: String) -> Bool {
        if types.isEmpty { return true }
        // `pan` is also a camera's pan angle, `total_pass` a count: card numbers and passwords are strings.
        if (term == "card_number" || term == "password") && !types.contains(.string) { return false }
        return !types.isDisjoint(with: [.string, .integer, .number])
    }
}
