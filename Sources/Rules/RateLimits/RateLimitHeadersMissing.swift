import Lexicon
import OpenAPIModel
import RuleEngine
import SourceTree

/// Flags operations whose success responses declare no rate-limit headers, with no rate-limit extension either.
struct RateLimitHeadersMissing: Rule {
    /// Whether extensions declare a rate limit.
    static func declaresRateLimit(_ extensions: [String: NodeRef]) -> Bool {
        extensions.keys.contains(where: RateLimitNames.isExtension)
    }

    func check(_ context: RuleContext) {
        let api = context.api
        if Self.declaresRateLimit(api.extensions) { return }
        for operation in api.operations where !operation.isWebhook {
            if Self.declaresRateLimit(operation.extensions)
                || Self.declaresRateLimit(api.pathItems[operation.pathItemIndex].extensions)
            {
                continue
            }
            var success = operation.responses.filter(\.isSuccess)
            if success.isEmpty {
                success = operation.responses.filter { $0.statusCode.lowercased() == "default" }
            }
            guard !success.contains(where: { $0.headers.contains { RateLimitNames.isHeader($0.name) } })
            else { continue }
            // Without a 429 the operation declares no rate limit at all, which rate-limit-response-missing reports:
            // one gap, so the missing headers are a finding for `all`.
            context.report(
                operation.responsesNode ?? operation.methodNode,
                "no success response of \(operation.displayName) declares rate-limit headers (`RateLimit`, `X-RateLimit-*`), so clients cannot pace themselves",
                preset: operation.response("429") == nil ? .all : .recommended)
        }
    }
}
