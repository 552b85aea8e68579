import Lexicon
import OpenAPIModel
import RuleEngine
import SourceTree

// Rate limits an operation or the document stops or starts declaring.
extension Comparison {
    mutating func compareRateLimits() {
        for (oldIndex, newIndex) in match.pairs {
            let (before, after) = (old.operations[oldIndex], new.operations[newIndex])
            guard !after.isWebhook else { continue }
            let name = after.displayName
            let now = RateLimitDeclaration(of: after, in: new)
            let anchor = after.responsesNode ?? after.methodNode
            if before.declaresTooManyRequests, now.tooManyRequests == nil {
                add(
                    PostureChange(
                        .rateLimitRemoved, "\(name) no longer declares a 429 (Too Many Requests) response", at: anchor,
                        operation: name))
            }
            if before.declaresRateLimitHeaders, now.headers.isEmpty {
                add(
                    PostureChange(
                        .rateLimitRemoved, "\(name) no longer declares rate-limit headers on its success responses",
                        at: anchor, operation: name))
            }
            // The document's own extensions are compared once, below.
            if before.carriesRateLimitExtension, !Self.carriesOwnExtension(now, in: new) {
                add(
                    PostureChange(
                        .rateLimitRemoved, "\(name) no longer carries a rate-limit extension", at: after.methodNode,
                        operation: name))
            }
            if !before.declaresRateLimit, now.isDeclared {
                add(
                    PostureChange(
                        .rateLimitAdded, "\(name) now declares a rate limit (\(now.kinds.joined(separator: ", ")))",
                        at: anchor, operation: name))
            }
        }
        if let before = old.rateLimitExtension, !new.extensions.keys.contains(where: RateLimitNames.isExtension) {
            add(
                PostureChange(
                    .rateLimitRemoved,
                    "the document no longer carries its rate-limit extension '\(before)'",
                    at: new.versionNode))
        }
    }

    /// Whether an operation's rate-limit declaration has an extension of its own, not one of the document's top-level
    /// extensions (those are compared once, for the whole document).
    static func carriesOwnExtension(_ declaration: RateLimitDeclaration, in api: APIModel) -> Bool {
        declaration.extensions.contains { !api.extensions.values.contains($0) }
    }
}
