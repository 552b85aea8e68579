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
            let was = RateLimitDeclaration(of: before, in: old)
            let now = RateLimitDeclaration(of: after, in: new)
            let anchor = after.responsesNode ?? after.methodNode
            if was.tooManyRequests != nil, now.tooManyRequests == nil {
                add(
                    PostureChange(
                        .rateLimitRemoved, "\(name) no longer declares a 429 (Too Many Requests) response", at: anchor,
                        operation: name))
            }
            if !was.headers.isEmpty, now.headers.isEmpty {
                add(
                    PostureChange(
                        .rateLimitRemoved, "\(name) no longer declares rate-limit headers on its success responses",
                        at: anchor, operation: name))
            }
            // The document's own extensions are compared once, below.
            let ownBefore = was.extensions.filter { !Self.isDocumentExtension($0, old) }
            let ownAfter = now.extensions.filter { !Self.isDocumentExtension($0, new) }
            if !ownBefore.isEmpty, ownAfter.isEmpty {
                add(
                    PostureChange(
                        .rateLimitRemoved, "\(name) no longer carries a rate-limit extension", at: after.methodNode,
                        operation: name))
            }
            if !was.isDeclared, now.isDeclared {
                add(
                    PostureChange(
                        .rateLimitAdded, "\(name) now declares a rate limit (\(now.kinds.joined(separator: ", ")))",
                        at: anchor, operation: name))
            }
        }
        let before = old.extensions.keys.filter(RateLimitNames.isExtension)
        let after = new.extensions.keys.filter(RateLimitNames.isExtension)
        if !before.isEmpty, after.isEmpty {
            add(
                PostureChange(
                    .rateLimitRemoved,
                    "the document no longer carries its rate-limit extension '\(before.sorted()[0])'",
                    at: new.versionNode))
        }
    }

    /// Whether an extension value is one of the document's top-level extensions.
    static func isDocumentExtension(_ node: NodeRef, _ api: APIModel) -> Bool {
        api.extensions.values.contains(node)
    }
}
