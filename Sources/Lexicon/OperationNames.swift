/// The words that make a `POST` a query rather than a write: the verb of its `operationId` or summary, or a word of
/// its last path segment (`AggregateLogs`, `/events/search`).
public enum OperationNames {
    /// First verbs of an `operationId` that make a `POST` a query (`AggregateLogs`, `GetCoverageSummary`).
    static let queryVerbs: Set<String> = [
        "search", "query", "aggregate", "get", "retrieve", "list", "find", "lookup", "fetch", "count", "export",
        "preview", "validate", "verify", "check", "download", "convert", "analyze", "calculate", "compute", "estimate",
        "simulate", "render", "resolve",
    ]

    /// Words of the last path segment that make a `POST` a query (`/events/search`, `/validate-query`).
    static let queryPathWords: Set<String> = [
        "search", "query", "aggregate", "retrieve", "find", "lookup", "count", "export", "preview", "validate", "check",
        "download", "resolve", "calculate", "compute", "estimate", "simulate",
    ]

    /// Words that may come before the verb of an `operationId` (`BulkExportRules`, `BatchGetDependencies`).
    static let batchWords: Set<String> = ["bulk", "batch", "multi"]

    /// Whether an operation with these `names` (its `operationId` and `summary`) on `path` is named like a query: the
    /// first verb of a name (after `bulk`, `batch` or `multi`) is one of `queryVerbs`, or a word of the last literal
    /// path segment is one of `queryPathWords`.
    public static func namesQuery(_ names: [String?], path: String) -> Bool {
        for name in names {
            // Only the verb is wanted: a summary's other words are not split.
            let verb = NameWords.firstWord(of: name ?? "") { !batchWords.contains($0) }
            if let verb, queryVerbs.contains(verb) { return true }
        }
        guard let last = lastFixedSegment(of: path) else { return false }
        return NameWords.split(last).contains { queryPathWords.contains($0) }
    }

    /// The last segment of `path` between slashes that is not a `{parameter}`. An ASCII path's characters are its
    /// bytes, which are searched from the end; splitting text into characters costs far more.
    static func lastFixedSegment(of path: String) -> String? {
        guard path.isASCII else {
            return path.split(separator: "/").last(where: { !$0.hasPrefix("{") }).map(String.init)
        }
        var path = path
        return path.withUTF8 { bytes in
            var end = bytes.count
            while end > 0 {
                var start = end
                while start > 0 && bytes[start - 1] != UInt8(ascii: "/") { start -= 1 }
                if start < end && bytes[start] != UInt8(ascii: "{") {
                    return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
                }
                // Before the slash that starts this segment.
                end = start - 1
            }
            return nil
        }
    }
}
