/// The names that declare a rate limit, shared by the rate-limit rules and the inventory and diff.
public enum RateLimitNames {
    /// Whether a response header reports rate limits: IETF `RateLimit`, `RateLimit-Policy`,
    /// `RateLimit-Limit`/`-Remaining`/`-Reset`, `X-RateLimit-*`, `X-Rate-Limit-*`, in any case.
    public static func isHeader(_ name: String) -> Bool {
        let letters = name.lowercased().filter { $0 != "-" && $0 != "_" }
        return letters.hasPrefix("ratelimit") || letters.hasPrefix("xratelimit")
    }

    /// Whether an extension key declares a rate limit: `x-ratelimit…`, `x-rate-limit…`, `x-throttl…`, in any case.
    public static func isExtension(_ key: String) -> Bool {
        let lower = key.lowercased()
        return lower.hasPrefix("x-ratelimit") || lower.hasPrefix("x-rate-limit") || lower.hasPrefix("x-throttl")
    }
}
