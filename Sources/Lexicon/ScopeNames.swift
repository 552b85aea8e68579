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
