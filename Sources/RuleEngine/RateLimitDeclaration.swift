import Lexicon
import OpenAPIModel
import SourceTree

/// How an operation says it is rate limited: a `429` response, rate-limit headers on a success response, or a
/// rate-limit extension on the operation, its path item or the document.
public struct RateLimitDeclaration: Sendable {
    /// The operation's `429` key.
    public let tooManyRequests: NodeRef?
    /// Rate-limit header keys of its success (2XX) responses: IETF `RateLimit`, `RateLimit-Policy`,
    /// `RateLimit-Limit`/`-Remaining`/`-Reset`, `X-RateLimit-*`, `X-Rate-Limit-*`.
    public let headers: [NodeRef]
    /// `x-ratelimit*`, `x-rate-limit*` or `x-throttl*` (any case) on the operation, path item or document.
    public let extensions: [NodeRef]

    /// Whether any declaration is present.
    public var isDeclared: Bool { tooManyRequests != nil || !headers.isEmpty || !extensions.isEmpty }

    /// `429`, `headers`, `extension`: the kinds present, for reports.
    public var kinds: [String] {
        (tooManyRequests == nil ? [] : ["429"]) + (headers.isEmpty ? [] : ["headers"])
            + (extensions.isEmpty ? [] : ["extension"])
    }

    /// The declaration of operation `operation` of `api`.
    public init(of operation: Operation, in api: APIModel) {
        tooManyRequests = operation.response("429")?.keyNode
        headers = operation.responses.filter(\.isSuccess).flatMap { response in
            response.headers.filter { RateLimitNames.isHeader($0.name) }.map(\.keyNode)
        }
        let pathItem =
            api.pathItems.indices.contains(operation.pathItemIndex) ? api.pathItems[operation.pathItemIndex] : nil
        let sources = [operation.extensions, pathItem?.extensions ?? [:], api.extensions]
        extensions = sources.flatMap { extensions in
            extensions.keys.sorted().filter(RateLimitNames.isExtension).compactMap { extensions[$0] }
        }
    }
}
