import OpenAPIModel

/// What the name of an OAuth 2.0 scope says it grants, read word by word with `NameWords`.
///
/// `read:accounts`, `accounts.read`, `accounts:read`, `accounts.readonly`, `ReadAccounts` and `User.Read.All` read as
/// read-only; `readwrite`, `read_write`, `User.ReadWrite.All` and `accounts` do not.
public enum ScopeNames {
    /// Words that say a scope only reads.
    public static let readWords: Set<String> = [
        "read", "reads", "readonly", "reader", "view", "viewer", "ro",
    ]

    /// Words that say a scope also changes something, even next to a read word.
    public static let writeWords: Set<String> = [
        "write", "writes", "writer", "readwrite", "rw", "create", "update", "delete", "edit", "editor",
        "modify",
        "manage", "management", "admin", "full", "owner", "post", "put", "patch", "remove", "upload",
        "send", "execute",
        "change",
    ]

    /// The scopes OpenID Connect defines: they shape the ID token at sign-in rather than guard operations.
    public static let openIDConnectScopes: Set<String> = [
        "openid", "profile", "email", "address", "phone", "offline_access",
    ]

    /// Whether the scope's name has a read word and no write word.
    public static func isReadOnly(_ scope: String) -> Bool {
        let words = NameWords.split(scope)
        return words.contains { readWords.contains($0) } && !words.contains { writeWords.contains($0) }
    }

    /// Whether the scope's name has a write word: it says it changes something (`pets:write`, `admin:manage`).
    public static func grantsWrite(_ scope: String) -> Bool {
        NameWords.split(scope).contains { writeWords.contains($0) }
    }
}

// MARK: - Operations that only look like writes

extension Operation {
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

    /// Whether the operation is a `POST` named like a query: the first verb of its `operationId` or `summary` (after
    /// `bulk`, `batch` or `multi`) is one of `queryVerbs`, or a word of its last literal path segment is one of
    /// `queryPathWords`.
    public var isNamedLikeQuery: Bool {
        guard method == .post else { return false }
        for name in [operationID, summary] {
            let words = NameWords.split(name ?? "").drop { Self.batchWords.contains($0) }
            if let verb = words.first, Self.queryVerbs.contains(verb) { return true }
        }
        guard let last = path.split(separator: "/").last(where: { !$0.hasPrefix("{") }) else {
            return false
        }
        return NameWords.split(String(last)).contains { Self.queryPathWords.contains($0) }
    }

    /// Whether the operation changes state: `POST`, `PUT`, `PATCH` or `DELETE`, except a `POST` named like a query.
    public var changesState: Bool { method.isWrite && !isNamedLikeQuery }
}
