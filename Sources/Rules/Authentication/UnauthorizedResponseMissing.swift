import OpenAPIModel
import RuleEngine

/// Flags secured operations that do not declare a `401` response.
struct UnauthorizedResponseMissing: Rule {
    func check(_ context: RuleContext) {
        for operation in context.api.operations
        where !operation.isWebhook && operation.effectiveSecurity.contains(where: { !$0.isAnonymous })
            && !operation.declaresResponse(covering: "401")
        {
            context.report(
                operation.responsesNode ?? operation.methodNode,
                "\(operation.displayName) is secured but declares no 401 response (nor 4XX or default)")
        }
    }
}
