import OpenAPIModel
import RuleEngine

/// Flags operations that declare no `429 Too Many Requests` response.
struct RateLimitResponseMissing: Rule {
    func check(_ context: RuleContext) {
        for operation in context.api.operations
        where !operation.isWebhook && operation.response("429") == nil {
            context.report(
                operation.responsesNode ?? operation.methodNode,
                "\(operation.displayName) declares no 429 (Too Many Requests) response, so clients cannot tell it is rate limited"
            )
        }
    }
}
