import Lexicon
import OpenAPIModel
import RuleEngine

/// Flags writable request fields that set a privilege, a verification status, a balance or ownership.
struct PrivilegedFieldWritable: Rule {
    func check(_ context: RuleContext) {
        let api = context.api
        let graph = api.schemas
        // Names repeat across schemas (`id`, `name`, `type`): split each once.
        var terms: [String: SensitiveNames.PrivilegeTerm?] = [:]
        for id in graph.received {
            let schema = graph[id]
            for property in schema.properties where !property.readOnly {
                if terms[property.name] == nil { terms[property.name] = SensitiveNames.privilege(property.name) }
                guard let term = terms[property.name] ?? nil else { continue }
                let names = schema.properties.filter { !$0.readOnly }.map(\.name)
                guard
                    Self.isPlausible(property.schema, for: term, graph: graph),
                    Self.ridesAlong(names), !Self.configuresIntegration(names)
                else { continue }
                let reaching = context.facts.usage(.request)
                let words = context.facts.operationPathWords
                let operations = reaching.operations(reaching: id).filter {
                    !Self.isDedicated(words[$0], to: term)
                }
                let schemaName = NameWords.split(schema.node.key?.string ?? "")
                guard let operation = operations.first,
                    !schemaName.contains(where: SensitiveNames.accessManagementWords.contains),
                    Self.grantsRights(
                        property.schema, term: term, graph: graph, schemaName: schemaName,
                        pathWords: operations.map { words[$0] })
                else { continue }
                context.report(
                    property.keyNode,
                    "property '\(property.name)' \(SchemaRole.request.phrase(api.operations[operation])) sets \(term.description) and is not readOnly"
                )
            }
        }
        // 2.0 form fields are the request body's properties.
        for (index, operation) in api.operations.enumerated() where !operation.isWebhook {
            let form = operation.parameters.filter { $0.location == .formData }
            let names = form.map(\.name)
            for parameter in form {
                let words = context.facts.operationPathWords[index]
                guard let term = SensitiveNames.privilege(parameter.name), let id = parameter.schema,
                    Self.isPlausible(id, for: term, graph: graph), Self.ridesAlong(names),
                    !Self.configuresIntegration(names), !Self.isDedicated(words, to: term),
                    Self.grantsRights(id, term: term, graph: graph, schemaName: [], pathWords: [words])
                else { continue }
                context.report(
                    parameter.node,
                    "form parameter '\(parameter.name)' of \(operation.displayName) sets \(term.description)")
            }
        }
    }

    /// Whether the field's type fits the privilege: `isAdmin` is a flag, `owner_id` a reference, `role` a name.
    static func isPlausible(
        _ id: SchemaID, for term: SensitiveNames.PrivilegeTerm, graph: SchemaGraph
    ) -> Bool {
        let types = graph.declaredTypes(id)
        return types.isEmpty || !types.isDisjoint(with: term.plausibleTypes.map(JSONSchemaType.init))
    }

    /// Whether ordinary fields come with the privileged one: a body of nothing but privileged fields is an
    /// operation that exists to set them (`PUT /teams/{id}/repos/{repo}` with `{permission}`).
    static func ridesAlong(_ names: [String]) -> Bool {
        names.contains { SensitiveNames.privilege($0) == nil }
    }

    /// Words of other fields that say the object configures access to another system (an AWS role ARN, an Azure
    /// tenant), whose rights are not the caller's.
    static let integrationWords: Set<String> = ["arn", "iam", "aws", "azure", "gcp"]

    /// Whether the fields configure access to another system: a client id or secret, or a cloud account, next to a
    /// `tenant_id`, `scopes` or an IAM `role`.
    static func configuresIntegration(_ names: [String]) -> Bool {
        names.contains { name in
            let words = NameWords.split(name)
            return SensitiveNames.secret(name)?.kind == .credential
                || words.suffix(2) == ["client", "id"]
                || words.contains(where: integrationWords.contains)
        }
    }

    /// Whether the field can grant rights to a caller. A role, permission, privilege or scope does when one of its
    /// enumerated values names elevated rights (`ROLE_ADMIN`, `owner`) or, with no enumeration, when it belongs to a
    /// user or an account (by the schema's name or the last fixed segment of the operation's path: `UserUpdate`,
    /// `/users/{id}`), not to a chat message, a SELinux context or a shared link. A tenant does on a user or an
    /// account. Other privileges always do.
    static func grantsRights(
        _ id: SchemaID, term: SensitiveNames.PrivilegeTerm, graph: SchemaGraph, schemaName: [String],
        pathWords: [[[String]]]
    ) -> Bool {
        if term.takesNamedValues {
            var schemas = graph.allOfClosure(id)
            for schema in schemas {
                if let items = graph[schema].items { schemas += graph.allOfClosure(items) }
            }
            let values = schemas.flatMap { graph[$0].enumeratedValues }
            if !values.isEmpty { return values.contains(where: SensitiveNames.isPrivilegedValue) }
        } else if term.term != "tenant" {
            return true
        }
        let words =
            schemaName + pathWords.flatMap { $0.last ?? [] }
        return words.contains(where: SensitiveNames.principalWords.contains)
    }

    /// Whether setting the field is the operation's purpose: its last fixed path segment names the field
    /// (`PUT /users/{id}/roles`) or a resource that grants access (`/memberships`), it sits under `/admin`,
    /// or it issues the token or key whose scopes or permissions it asks for (`/authorizations`, `/api_keys`).
    static func isDedicated(_ segments: [[String]], to term: SensitiveNames.PrivilegeTerm) -> Bool {
        if segments.contains(where: { $0.contains("admin") || $0.contains("admins") }) { return true }
        guard let last = segments.last else { return false }
        if last.contains(where: term.pathWords.contains) { return true }
        if term.takesNamedValues || term.term == "admin",
            last.contains(where: SensitiveNames.accessManagementWords.contains)
        {
            return true
        }
        return (term.term == "scopes" || term.term == "permissions")
            && segments.contains { $0.contains(where: Self.tokenWords.contains) }
    }

    /// Words of a path segment that issues tokens or keys, whose requested scopes and permissions are the request.
    static let tokenWords: Set<String> =
        SensitiveNames.credentialIssuingWords.union([
            "authorization", "authorizations", "consent", "consents",
        ])
}
