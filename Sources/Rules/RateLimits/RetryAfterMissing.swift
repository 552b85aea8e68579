import Lexicon
import OpenAPIModel
import RuleEngine

/// Flags `429` responses that declare no header saying when to retry (`Retry-After`, `RateLimit-Reset`, …).
struct RetryAfterMissing: Rule {
    func check(_ context: RuleContext) {
        for operation in context.api.operations where !operation.isWebhook {
            guard let response = operation.response("429"),
                !response.headers.contains(where: { RateLimitNames.tellsWhenToRetry($0.name) })
            else { continue }
            // A shared response is reported once, at its definition (its key, or the file it fills); an inline one
            // at its `429` key.
            let isShared = response.keyNode.value != response.node
            if isShared, let key = response.node.key {
                context.report(
                    key,
                    "429 response '\(key.string)' (used by \(operation.displayName)) declares no Retry-After header, so clients retry blindly"
                )
            } else if isShared {
                context.report(
                    response.node,
                    "429 response in \(response.node.file.path) (used by \(operation.displayName)) declares no Retry-After header, so clients retry blindly"
                )
            } else {
                context.report(
                    response.keyNode,
                    "the 429 response of \(operation.displayName) declares no Retry-After header, so clients retry blindly"
                )
            }
        }
    }
}
