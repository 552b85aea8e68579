/// The names that declare a rate limit, shared by the rate-limit rules and the inventory and diff.
public enum RateLimitNames {
    /// Whether a response header reports rate limits: IETF `RateLimit`, `RateLimit-Policy`,
    /// `RateLimit-Limit`/`-Remaining`/`-Reset`, `X-RateLimit-*`, `X-Rate-Limit-*`, in any case.
    public static func isHeader(_ name: String) -> Bool {
        let letters = name.lowercased().filter { $0 != "-" && $0 != "_" }
        return letters.hasPrefix("ratelimit") || letters.hasPrefix("xratelimit")
    }

    /// Whether a `429` response header tells the client when it may retry: `Retry-After`, `RateLimit-Reset`,
    /// `X-RateLimit-Reset`, `X-Rate-Limit-Reset` (and `…-Reset-After`), or the IETF `RateLimit` field, whose reset
    /// parameter is part of every value, in any case.
    public static func tellsWhenToRetry(_ name: String) -> Bool {
        let letters = name.lowercased().filter { $0 != "-" && $0 != "_" }
        return letters == "retryafter" || letters == "ratelimit" || letters.hasPrefix("ratelimitreset")
            || letters.hasPrefix("xratelimitreset")
    }

    /// Whether an extension key declares a rate limit: `x-ratelimit…`, `x-rate-limit…`, `x-throttl…`, in any case.
    public static func isExtension(_ key: String) -> Bool {
        let lower = key.lowercased()
        return lower.hasPrefix("x-ratelimit") || lower.hasPrefix("x-rate-limit") || lower.hasPrefix("x-throttl")
    }
}
