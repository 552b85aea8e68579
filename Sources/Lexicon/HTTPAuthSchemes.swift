/// The HTTP authentication schemes oasguard knows: the IANA registry, and those as weak as Basic with why.
public enum HTTPAuthSchemes {
    /// The IANA HTTP Authentication Scheme Registry, lowercased.
    public static let registered: Set<String> = [
        "basic", "bearer", "concealed", "digest", "dpop", "gnap", "hoba", "mutual", "negotiate", "oauth",
        "privatetoken", "scram-sha-1", "scram-sha-256", "vapid",
    ]

    /// Why each weak scheme other than Basic is weak (Basic has a rule of its own).
    public static let weaknesses: [String: String] = [
        "digest": "HTTP Digest, which relies on MD5 and a password the server must store recoverably",
        "negotiate": "HTTP Negotiate, which falls back to NTLM",
        "ntlm": "NTLM, which is open to relay and offline cracking",
        "oauth": "OAuth 1.0 signatures, superseded by OAuth 2.0",
    ]

    /// Schemes as weak as Basic: they send a password or a replayable digest of one.
    public static let asWeakAsBasic: Set<String> = Set(weaknesses.keys).union(["basic"])
}
