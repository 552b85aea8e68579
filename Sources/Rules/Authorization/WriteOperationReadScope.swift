import Lexicon
import OpenAPIModel
import RuleEngine

/// Flags state-changing operations whose every OAuth 2.0 alternative asks only for read-only scopes.
struct WriteOperationReadScope: Rule {
    func check(_ context: RuleContext) {
        let api = context.api
        for operation in api.operations where !operation.isWebhook && operation.changesState {
            // Only the alternatives that use OAuth 2.0 or OpenID Connect tokens.
            let alternatives = operation.effectiveSecurity.map { requirement in
                requirement.entries.filter { api.securityScheme(named: $0.schemeName)?.takesScopes == true }
            }.filter { !$0.isEmpty }
            guard !alternatives.isEmpty, !operation.effectiveSecurity.contains(where: \.isAnonymous)
            else { continue }
            let readOnly = alternatives.allSatisfy { entries in
                let scopes = entries.flatMap(\.namedScopes)
                return !scopes.isEmpty && scopes.allSatisfy { ScopeNames.isReadOnly($0.name) }
            }
            guard readOnly else { continue }
            var names: [String] = []
            for scope in alternatives.flatMap({ $0.flatMap(\.namedScopes) })
            where !names.contains(scope.name) {
                names.append(scope.name)
            }
            let list = names.map { "'\($0)'" }.joined(separator: ", ")
            context.report(
                operation.methodNode,
                "\(operation.displayName) changes data but accepts a token with only read-only scopes (\(list))"
            )
        }
    }
}
