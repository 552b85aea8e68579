import OpenAPIModel
import RuleEngine

/// Flags operations whose security asks for scopes but that declare no `403` response.
struct ForbiddenResponseMissing: Rule {
    func check(_ context: RuleContext) {
        for operation in context.api.operations
        where !operation.isWebhook
            && operation.effectiveSecurity.contains(where: {
                $0.entries.contains { !$0.namedScopes.isEmpty }
            })
            && !operation.declaresResponse(covering: "403")
        {
            context.report(
                operation.responsesNode ?? operation.methodNode,
                "\(operation.displayName) requires scopes but declares no 403 response (nor 4XX or default)"
            )
        }
    }
}
