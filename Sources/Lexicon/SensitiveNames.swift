import Platform

/// What the name of a field or parameter says it holds, read word by word with `NameWords`.
///
/// Each query splits the name into words whatever the case convention, so `userPassword`, `user_password` and
/// `user-password` all hold a password, while `spinner` holds no `pin` and `passage` no `pass`. Names are matched on
/// their last words (the head noun), so `passwordExpiresAt` is a date and `secretName` a name, not secrets.
public enum SensitiveNames {
    /// A recognised name: the canonical term it matched and how to say it in a message.
    public struct Match: Sendable, Equatable {
        /// The canonical term: `password`, `access_token`, `email`, `role`, `url`.
        public let term: String
        /// A noun phrase for messages: `a password hash`, `an e-mail address`.
        public let description: String
    }

    // MARK: - Secrets

    /// Kinds of secret: whether the name is a credential an API may hand out on purpose, or a datum it never should.
    public enum SecretKind: Sendable {
        /// A password, government id, card datum or PIN: never part of a response.
        case personal
        /// A token, key or client secret: legitimately returned by the operation that issues it.
        case credential
    }

    /// A secret term with its kind.
    public struct SecretTerm: Sendable {
        /// The words the name ends with.
        public let phrase: [String]
        /// The canonical term: `password`, `ssn`, `card_number`, `cvv`, `pin`, `secret`, `access_token`.
        public let term: String
        public let description: String
        public let kind: SecretKind

        init(_ phrase: [String], _ term: String, _ description: String, _ kind: SecretKind) {
            self.phrase = phrase
            self.term = term
            self.description = description
            self.kind = kind
        }
    }

    /// The names of secrets and highly sensitive data, matched as the last words of a name (longest phrases first).
    public static let secretTerms: [SecretTerm] = [
        SecretTerm(["password"], "password", "a password", .personal),
        SecretTerm(["passwd"], "password", "a password", .personal),
        SecretTerm(["pwd"], "password", "a password", .personal),
        SecretTerm(["pass"], "password", "a password", .personal),
        SecretTerm(["passphrase"], "password", "a passphrase", .personal),
        SecretTerm(["social", "security", "number"], "ssn", "a social security number", .personal),
        SecretTerm(["ssn"], "ssn", "a social security number", .personal),
        SecretTerm(["credit", "card"], "card_number", "a card number", .personal),
        SecretTerm(["creditcard"], "card_number", "a card number", .personal),
        SecretTerm(["card", "number"], "card_number", "a card number", .personal),
        SecretTerm(["cardnumber"], "card_number", "a card number", .personal),
        SecretTerm(["pan"], "card_number", "a primary account number", .personal),
        SecretTerm(["cvv"], "cvv", "a card verification code", .personal),
        SecretTerm(["cvv2"], "cvv", "a card verification code", .personal),
        SecretTerm(["cvc"], "cvv", "a card verification code", .personal),
        SecretTerm(["cvc2"], "cvv", "a card verification code", .personal),
        SecretTerm(["pin"], "pin", "a PIN", .personal),
        SecretTerm(["client", "secret"], "secret", "a client secret", .credential),
        SecretTerm(["clientsecret"], "secret", "a client secret", .credential),
        SecretTerm(["secret"], "secret", "a secret", .credential),
        SecretTerm(["private", "key"], "private_key", "a private key", .credential),
        SecretTerm(["privatekey"], "private_key", "a private key", .credential),
        SecretTerm(["access", "token"], "access_token", "an access token", .credential),
        SecretTerm(["accesstoken"], "access_token", "an access token", .credential),
        SecretTerm(["refresh", "token"], "refresh_token", "a refresh token", .credential),
        SecretTerm(["refreshtoken"], "refresh_token", "a refresh token", .credential),
    ]

    /// Words that may follow a secret without changing what the name holds (`password_hash`, `pinDigest`).
    public static let secretQualifiers: [String: String] = [
        "hash": " hash", "hashed": " hash", "digest": " hash", "encrypted": "", "enc": "", "plain": "", "plaintext": "",
        "text": "", "value": "", "confirmation": "", "confirm": "", "pem": "", "data": "",
    ]

    /// Words before a secret that make the name about the secret rather than the secret itself
    /// (`displayPassword` is a label, `password_policy` a rule, `total_pass` a count).
    public static let secretAboutWords: Set<String> = [
        "display", "label", "title", "hint", "placeholder", "prompt", "description", "policy", "requirement",
        "requirements", "strength", "length", "min", "max", "minimum", "maximum", "type", "field", "mode", "format",
        "expiry", "expiration", "count", "total", "num", "is", "has", "show", "use", "uses", "require", "requires",
        "required", "enable", "enabled",
    ]

    /// The secret a name denotes: its last words are a secret term, optionally followed by a qualifier
    /// (`password_hash`), and no earlier word makes it a label, a rule or a count (`displayPassword`).
    public static func secret(_ name: String) -> (match: Match, kind: SecretKind)? {
        guard NameText(name).mentions(secretFragments) else { return nil }
        var words = NameWords.split(name)
        var suffix = ""
        if words.count > 1, let last = words.last, let qualifier = secretQualifiers[last] {
            suffix = qualifier
            words.removeLast()
        }
        for candidate in secretTerms where NameWords.endsWith(words, phrase: candidate.phrase) {
            guard !words.dropLast(candidate.phrase.count).contains(where: secretAboutWords.contains)
            else { return nil }
            return (
                Match(term: candidate.term, description: candidate.description + suffix), candidate.kind
            )
        }
        return nil
    }

    // MARK: - Personal data

    /// Words before `address` that make it where a person lives or receives mail.
    public static let postalWords: Set<String> = [
        "street", "home", "postal", "mailing", "billing", "shipping", "residential", "physical", "delivery", "house",
        "residence", "permanent",
    ]

    /// Personal-data phrases matched as the last words of a name.
    static let personalTerms: [(phrase: [String], term: String, description: String)] = [
        (["email"], "email", "an e-mail address"), (["emails"], "email", "e-mail addresses"),
        (["e", "mail"], "email", "an e-mail address"),
        (["email", "address"], "email", "an e-mail address"),
        (["phone"], "phone", "a phone number"), (["phone", "number"], "phone", "a phone number"),
        (["phonenumber"], "phone", "a phone number"), (["phone", "no"], "phone", "a phone number"),
        (["telephone"], "phone", "a phone number"), (["mobile", "number"], "phone", "a phone number"),
        (["msisdn"], "phone", "a phone number"),
        (["dob"], "date_of_birth", "a date of birth"),
        (["date", "of", "birth"], "date_of_birth", "a date of birth"),
        (["birth", "date"], "date_of_birth", "a date of birth"),
        (["birthdate"], "date_of_birth", "a date of birth"),
        (["birthday"], "date_of_birth", "a date of birth"),
        (["ssn"], "ssn", "a social security number"),
        (["social", "security", "number"], "ssn", "a social security number"),
        (["card", "number"], "card_number", "a card number"),
        (["cardnumber"], "card_number", "a card number"),
        (["credit", "card"], "card_number", "a card number"),
        (["iban"], "iban", "a bank account number (IBAN)"),
        (["passport"], "passport", "a passport number"),
        (["passport", "number"], "passport", "a passport number"),
        (["passport", "no"], "passport", "a passport number"),
        (["passport", "id"], "passport", "a passport number"),
    ]

    /// The personal datum a name denotes (`email`, `phone_number`, `dob`, `iban`, `home_address`), if any.
    public static func personalData(_ name: String) -> Match? {
        guard NameText(name).mentions(personalFragments) else { return nil }
        let words = NameWords.split(name)
        guard let last = words.last else { return nil }
        for candidate in personalTerms where NameWords.endsWith(words, phrase: candidate.phrase) {
            // A service account's or a bot's address is no person's.
            if candidate.term == "email",
                words.contains(where: ["service", "bot", "noreply", "system"].contains)
            {
                return nil
            }
            return Match(term: candidate.term, description: candidate.description)
        }
        // `home_address`, `street_address`, `addressLine1`; not a bare `address` (an IP, a wallet, a mailbox).
        let isAddressLine =
            words.count >= 2 && words[words.count - 2] == "address" && last.hasPrefix("line")
        if isAddressLine
            || (last == "address" && words.count >= 2 && postalWords.contains(words[words.count - 2]))
        {
            return Match(term: "address", description: "a postal address")
        }
        return nil
    }

    // MARK: - Privileges

    /// A name that sets a privilege, with the words a path segment dedicated to setting it would use.
    public struct PrivilegeTerm: Sendable {
        public let term: String
        public let description: String
        /// Whole names (after a leading `is`/`has`) that match.
        let exact: [[String]]
        /// Name endings that match.
        let endings: [[String]]
        /// Words of a path segment that make an operation dedicated to this field (`/users/{id}/roles`).
        public let pathWords: Set<String>
        /// Whether the field's values are names (of roles, permissions) that can be checked for privileged ones.
        public let takesNamedValues: Bool
        /// The types a field setting it can have: a flag for `isAdmin`, a reference for `owner_id`, a name or a list
        /// of names for `role`; a field of another type is about something else (`admin: {email: …}`, `hasRole`).
        public var plausibleTypes: Set<String> {
            switch term {
            case "admin", "verified": ["boolean"]
            case "owner", "tenant": ["string", "integer", "number"]
            case "balance": ["integer", "number", "string", "object"]
            default: ["string", "integer", "array", "object"]
            }
        }
    }

    public static let privilegeTerms: [PrivilegeTerm] = [
        PrivilegeTerm(
            term: "role", description: "a role", exact: [],
            endings: [
                ["role"], ["roles"], ["role", "id"], ["role", "ids"], ["role", "name"], ["role", "names"],
            ],
            pathWords: ["role", "roles"], takesNamedValues: true),
        PrivilegeTerm(
            term: "admin", description: "administrator rights", exact: [["staff"]],
            endings: [["admin"], ["superuser"], ["superadmin"]], pathWords: ["admin", "admins"],
            takesNamedValues: false),
        PrivilegeTerm(
            term: "permissions", description: "permissions", exact: [],
            endings: [["permission"], ["permissions"], ["permission", "ids"]],
            pathWords: ["permission", "permissions"], takesNamedValues: true),
        PrivilegeTerm(
            term: "privileges", description: "privileges", exact: [],
            endings: [["privilege"], ["privileges"]],
            pathWords: ["privilege", "privileges"], takesNamedValues: true),
        PrivilegeTerm(
            term: "scopes", description: "OAuth scopes", exact: [], endings: [["scopes"]],
            pathWords: ["scope", "scopes"], takesNamedValues: true),
        PrivilegeTerm(
            term: "owner", description: "ownership",
            exact: [["owner", "id"], ["owner", "ids"], ["owner", "user", "id"]],
            endings: [], pathWords: ["owner", "owners", "ownership", "transfer"], takesNamedValues: false),
        PrivilegeTerm(
            term: "verified", description: "a verification status", exact: [], endings: [["verified"]],
            pathWords: ["verify", "verified", "verification", "verifications"], takesNamedValues: false),
        PrivilegeTerm(
            term: "balance", description: "an account balance",
            exact: [["balance"], ["account", "balance"]],
            endings: [], pathWords: ["balance", "balances"], takesNamedValues: false),
        PrivilegeTerm(
            term: "tenant", description: "the tenant", exact: [["tenant", "id"], ["tenant", "ids"]],
            endings: [], pathWords: ["tenant", "tenants"], takesNamedValues: false),
    ]

    /// Words of a schema's name, its properties or its path that say it describes a user or an account, whose role
    /// or permissions are that principal's rights (not a chat message's role or an IAM role to assume).
    public static let principalWords: Set<String> = [
        "user", "users", "username", "account", "accounts", "member", "members", "profile", "profiles", "customer",
        "customers", "employee", "employees", "person", "people", "persons", "principal", "principals", "identity",
        "identities", "signup", "register", "registration", "me", "staff",
    ]

    /// Words in a role or permission value that name elevated rights (`ROLE_ADMIN`, `owner`, `maintain`).
    public static let privilegedValueWords: Set<String> = [
        "admin", "admins", "administrator", "administrators", "superuser", "superadmin", "super", "root", "sudo",
        "owner", "owners", "manager", "manage", "moderator", "maintainer", "maintain", "staff", "operator",
        "privileged", "elevated", "write", "writer", "editor", "full",
    ]

    /// The privilege or ownership a name sets (`role`, `isAdmin`, `owner_id`, `email_verified`), if any.
    public static func privilege(_ name: String) -> PrivilegeTerm? {
        guard NameText(name).mentions(privilegeFragments) else { return nil }
        var words = NameWords.split(name)
        if words.count > 1, words[0] == "is" || words[0] == "has" { words.removeFirst() }
        // `default_repository_permission`, `defaultRole`: a policy for others, not a right of this record;
        // `query_target_permission`, `filter_role`: a search criterion.
        if words.count > 1, ["default", "query", "filter", "search", "required"].contains(words[0]) {
            return nil
        }
        return privilegeTerms.first { term in
            term.exact.contains(words) || term.endings.contains { NameWords.endsWith(words, phrase: $0) }
        }
    }

    /// Whether an enumerated role or permission value names elevated rights.
    public static func isPrivilegedValue(_ value: String) -> Bool {
        NameWords.split(value).contains { privilegedValueWords.contains($0) }
    }

    // MARK: - URLs the server calls

    /// Last words that say a field holds a URL (`callback_url`, `avatarUri`, `webhook`, `redirect`).
    public static let urlWords: Set<String> = [
        "url", "uri", "urls", "uris", "webhook", "callback", "redirect",
    ]

    /// Name endings that say a field holds where to send someone next.
    static let urlPhrases: [[String]] = [["return", "to"], ["redirect", "to"], ["callback", "to"]]

    /// Words before `url` that make it a link shown to people, which the server stores but never calls.
    public static let displayLinkWords: Set<String> = [
        "privacy", "policy", "terms", "tos", "support", "homepage", "website", "documentation", "docs", "help", "faq",
        "blog", "html", "license", "legal", "link", "links", "contact",
    ]

    /// Words of a URL field's name that say the server fetches what it points to (`import_url`, `avatarUri`,
    /// `file_url`, `feedUrl`): content it downloads to process or store, rather than a link it stores and shows.
    public static let fetchedURLWords: Set<String> = [
        "import", "fetch", "download", "source", "remote", "feed", "avatar", "image", "photo", "picture", "file",
        "document", "video", "audio", "media", "attachment", "proxy", "endpoint", "notification", "fallback", "hook",
    ]

    /// Words of a URL field's description that say the server calls, fetches or delivers to it ("the URL we call",
    /// "events are delivered to").
    public static let serverCallsWords: Set<String> = [
        "call", "calls", "called", "fetch", "fetches", "fetched", "download", "downloads", "downloaded", "retrieve",
        "retrieves", "retrieved", "import", "imports", "imported", "webhook", "webhooks", "callback", "callbacks",
        "notify", "notifies", "notified", "deliver", "delivers", "delivered", "ping", "pings", "poll", "polls", "crawl",
        "crawls", "invoke", "invokes", "invoked",
    ]

    /// Words of an operation's path that make the URLs it receives ones the server calls (`/repos/{id}/hooks`,
    /// `/imports`, `/subscriptions`).
    public static let serverCallsPathWords: Set<String> = [
        "hook", "hooks", "webhook", "webhooks", "callback", "callbacks", "import", "imports", "fetch", "subscription",
        "subscriptions", "notification", "notifications", "mirror", "mirrors",
    ]

    /// Whether a plain URL field (not a callback or redirect by name) is one the server calls or fetches: its name,
    /// its description, or the path of the operation receiving it says so. Other URLs — a commit status's link, an
    /// unsubscribe link put in e-mails, a group's URI in an ACL — are stored and shown.
    public static func isFetchedURL(name: String, description: String?, path: String) -> Bool {
        if NameWords.split(name).contains(where: fetchedURLWords.contains) { return true }
        if let description, NameWords.split(description).contains(where: serverCallsWords.contains) { return true }
        return fixedSegmentWords(path).contains { $0.contains(where: serverCallsPathWords.contains) }
    }

    /// Whether a name is the one word `callback` in any case (`callback`, `Callback`, `_callback`), often a JSONP
    /// function name.
    public static func isBareCallback(_ name: String) -> Bool {
        NameText(name).mentions(callbackFragments) && NameWords.split(name) == ["callback"]
    }

    /// What a name split into the word `callback` holds in some ASCII case: no other character lowercases to `c`,
    /// `a`, `l` or `b` (the Kelvin sign, outside ASCII, lowercases to `k`), so most names are ruled out unsplit.
    static let callbackFragments = NameFragments(["callbac"])

    /// Whether a name says it holds a link shown to people (`privacy_policy_url`, `html_url`, `homepage`).
    public static func isDisplayLink(_ name: String) -> Bool {
        NameText(name).mentions(displayLinkFragments)
            && NameWords.split(name).contains(where: displayLinkWords.contains)
    }

    /// The kind of URL a name says it holds (`callback_url`, `redirect_uri`, `webhook`, `returnTo`), if any;
    /// links shown to people (`privacy_policy_url`, `support_url`, `homepage_url`) and ids (`idWebhook`) are not.
    public static func outboundURL(_ name: String) -> Match? {
        guard NameText(name).mentions(urlFragments) else { return nil }
        let words = NameWords.split(name)
        // `idWebhook`, `callback_id`: an identifier, not the URL.
        guard let last = words.last, !isDisplayLink(name), !words.contains("id"), !words.contains("ids")
        else {
            return nil
        }
        if words.contains("callback") || words.contains("webhook") {
            if urlWords.contains(last) || NameWords.endsWith(words, phrase: ["callback", "to"]) {
                return Match(term: "callback", description: "a callback URL")
            }
        }
        if words.contains("redirect") || words.contains("return") {
            if urlWords.contains(last)
                || urlPhrases.contains(where: { NameWords.endsWith(words, phrase: $0) })
            {
                return Match(term: "redirect", description: "a redirect target")
            }
        }
        if urlWords.contains(last) { return Match(term: "url", description: "a URL") }
        return nil
    }

    // MARK: - Operations

    /// What an operation does with credentials, judged by the last fixed segment of its path.
    public enum CredentialOperation: Sendable {
        /// Hands out tokens, keys or secrets: `/oauth/token`, `/api-keys`, `/installations/{id}/access_tokens`.
        case issuesCredentials
        /// Signs a user in or up, returning a session token: `/auth/login`, `/sessions`, `/register`.
        case signsIn
    }

    /// Words of a path's last fixed segment for operations that issue credentials.
    public static let credentialIssuingWords: Set<String> = [
        "token", "tokens", "accesstoken", "accesstokens", "oauth", "oauth2", "key", "keys", "apikey", "apikeys",
        "secret", "secrets", "credential", "credentials", "tfa", "mfa", "totp", "otp",
    ]

    /// Words that name a token endpoint wherever they appear in a path (`/oauth/verify`, `/auth/token/cli`).
    public static let tokenEndpointWords: Set<String> = [
        "token", "tokens", "accesstoken", "accesstokens", "oauth", "oauth2",
    ]

    /// Whether a word names credentials, also glued to another word (`publishingcredentials`).
    static func namesCredentials(_ word: String) -> Bool {
        credentialIssuingWords.contains(word) || credentialSuffixes.contains { word.hasSuffix($0) }
    }

    /// Endings of a word that names credentials (`apitokens`, `publishingcredentials`).
    static let credentialSuffixes = ["credential", "credentials", "token", "tokens", "secret", "secrets"]

    /// Words of a path's last fixed segment for operations that sign a user in or up.
    public static let signInWords: Set<String> = [
        "login", "signin", "logon", "authenticate", "authentication", "session", "sessions", "refresh", "register",
        "registration", "signup",
    ]

    /// Whether an operation on `path` issues credentials or signs users in: by the last fixed segment of its path,
    /// by a token endpoint anywhere in it (`/oauth/verify`), or, for a `POST` or `PUT` (`isPostOrPut`), by any fixed
    /// segment (`POST /auth/token/cli`, `POST …/publishingcredentials/list`).
    public static func credentialOperation(path: String, isPostOrPut: Bool) -> CredentialOperation? {
        guard mayNameCredentialOperation(path) else { return nil }
        return credentialOperation(segmentWords: fixedSegmentWords(path), isPostOrPut: isPostOrPut)
    }

    /// Whether `path` may name an operation that issues credentials or signs users in: an ASCII path that mentions
    /// none of their words is ruled out unsplit (outside ASCII, lowercasing may make one: the Kelvin sign gives `k`).
    public static func mayNameCredentialOperation(_ path: String) -> Bool {
        !path.isASCII || NameText(path).mentions(credentialPathFragments)
    }

    /// `credentialOperation(path:isPostOrPut:)` for a path already split by `fixedSegmentWords`.
    public static func credentialOperation(segmentWords segments: [[String]], isPostOrPut: Bool) -> CredentialOperation?
    {
        let considered = isPostOrPut ? segments : segments.suffix(1)
        if considered.contains(where: { $0.contains(where: namesCredentials) })
            || segments.contains(where: { $0.contains(where: tokenEndpointWords.contains) })
        {
            return .issuesCredentials
        }
        if considered.contains(where: { $0.contains(where: signInWords.contains) }) { return .signsIn }
        return nil
    }

    /// Words of a path segment whose resource exists to grant rights: setting a role there is the point.
    public static let accessManagementWords: Set<String> = [
        "member", "members", "membership", "memberships", "collaborator", "collaborators", "invitation", "invitations",
        "invite", "invites", "grant", "grants", "assignment", "assignments", "acl", "acls", "access", "role", "roles",
        "collaboration", "collaborations", "team", "teams", "teammate", "teammates", "iam", "policy", "policies",
        "binding", "bindings",
    ]

    /// Words of a path that name an area only privileged callers reach: audit trails, system-wide settings and
    /// configuration, billing of the whole account.
    public static let privilegedAreaWords: Set<String> = [
        "audit", "audits", "settings", "setting", "configuration", "configurations", "config", "system", "billing",
        "impersonate", "impersonation", "sudo",
    ]

    /// The words of each fixed segment of a path (`/users/{id}/access_tokens` → `[[users], [access, tokens]]`);
    /// a `#fragment` that tells apart operations on one path (`/{Bucket}#acl`) counts as a last segment.
    public static func fixedSegmentWords(_ path: String) -> [[String]] {
        fixedSegmentWords(path, split: NameWords.split)
    }

    /// `fixedSegmentWords(path)` with `split` as `NameWords.split`: a caller splitting many paths, whose segments
    /// repeat, can split each distinct segment once.
    public static func fixedSegmentWords(_ path: String, split: (String) -> [String]) -> [[String]] {
        // An ASCII path's characters are its bytes: split those in place, without breaking the text into characters
        // or copying it.
        if path.isASCII {
            var path = path
            return path.withUTF8 { bytes in
                fixedSegmentWords(
                    bytes, hash: UInt8(ascii: "#"), slash: UInt8(ascii: "/"), brace: UInt8(ascii: "{"), split: split
                ) { String(decoding: $0, as: UTF8.self) }
            }
        }
        return fixedSegmentWords(Array(path), hash: "#", slash: "/", brace: "{", split: split) { String($0) }
    }

    /// `fixedSegmentWords` over the path's characters or, for an ASCII path, its bytes. Inlined, so that each caller
    /// gets a copy for its kind of unit instead of generic code.
    @inline(__always)
    private static func fixedSegmentWords<Units: Collection>(
        _ path: Units, hash: Units.Element, slash: Units.Element, brace: Units.Element, split: (String) -> [String],
        text: (Units.SubSequence) -> String
    ) -> [[String]] where Units.Element: Equatable {
        let parts = path.split(separator: hash, maxSplits: 1)
        var segments = (parts.first ?? path[path.endIndex...]).split(separator: slash).filter { $0.first != brace }
            .map { split(text($0)) }
        if parts.count == 2 { segments.append(split(text(parts[1]))) }
        return segments
    }

    // MARK: - Fast rejection

    // A name none of whose fragments occurs is never split into words. Each term must contain a fragment, or the
    // quick rejection would hide it: `SensitiveNamesTests` checks every term against these lists. The secret,
    // personal and privilege fragments are chosen by hand among the words of the terms, for words rare in names
    // (`social`, not `number`; `mail`, not `id`); the URL fragments are the URL words themselves.

    /// Letters every secret term contains one of; most names contain none and are never split into words.
    static let secretFragments = NameFragments([
        "pass", "pwd", "ssn", "social", "card", "pan", "cvv", "cvc", "pin", "secret", "key", "token",
    ])
    static let personalFragments = NameFragments([
        "mail", "phone", "mobile", "msisdn", "dob", "birth", "ssn", "social", "card", "iban", "passport", "address",
    ])
    static let privilegeFragments = NameFragments([
        "role", "admin", "superuser", "staff", "permission", "privilege", "scopes", "owner", "verified", "balance",
        "tenant",
    ])
    static let urlFragments = NameFragments(urlWords.union(urlPhrases.compactMap(\.first)))
    static let displayLinkFragments = NameFragments(displayLinkWords)
    /// Every word `credentialOperation` looks for in a path, and every ending it accepts, contains one of these.
    static let credentialPathFragments = NameFragments(
        credentialIssuingWords.union(tokenEndpointWords).union(signInWords).union(credentialSuffixes))
}

/// A name's ASCII letters, lowercased, for a cheap substring test before `NameWords.split`.
struct NameText {
    let name: String

    init(_ name: String) {
        self.name = name
    }

    /// The fragments to look for: `words`, less those that contain another (`urls` holds `url`), in a fixed order.
    /// The words are the lexicon's own, all ASCII, so their bytes are their characters.
    static func fragments(_ words: some Collection<String>) -> [[UInt8]] {
        let distinct = Set(words).map { Array($0.utf8) }
        return distinct.filter { word in !distinct.contains { $0 != word && holds(word, $0) } }
            .sorted { $0.lexicographicallyPrecedes($1) }
    }

    /// Whether `bytes` holds `part` at some offset.
    static func holds(_ bytes: [UInt8], _ part: [UInt8]) -> Bool {
        guard part.count <= bytes.count else { return false }
        return (0...(bytes.count - part.count)).contains { start in
            bytes[start..<start + part.count].elementsEqual(part)
        }
    }

    /// Whether any fragment occurs in the name, found in one pass over its bytes (no copy of the name is made).
    func mentions(_ wanted: NameFragments) -> Bool {
        var name = name
        return name.withUTF8 { wanted.occur(in: $0) }
    }
}

// MARK: - Values that only look like credentials

extension SensitiveNames {
    /// Words before `token` that make it a pagination or sync cursor (`page_token`, `batch_token`, `syncToken`).
    public static let cursorWords: Set<String> = [
        "page", "next", "prev", "previous", "continuation", "sync", "cursor", "pagination", "resume", "start", "skip",
        "delta", "batch",
    ]

    /// Words before `token` that make it an idempotency key the client makes up (`idempotency_token`,
    /// `ClientRequestToken`); `ClientToken` alone is the same convention.
    public static let idempotencyWords: Set<String> = ["idempotency", "idempotent", "request"]

    /// Words of a parameter's description that say it holds a cursor or an idempotency key, not a credential.
    public static let notCredentialDescriptionWords: Set<String> = [
        "cursor", "pagination", "paginate", "paging", "continuation", "idempotency", "idempotent",
    ]

    /// Words naming a session, which is a credential when it is the caller's own (`session_id`, `sid`) and a resource
    /// when something qualifies it (`upload_session_id`, `verification_session`, `TrafficMirrorSessionId`).
    public static let sessionWords: Set<String> = ["session", "sessionid", "sid"]

    /// Last words of a parameter's name that name a credential on their own. Narrower than `secretTerms` where a
    /// parameter's name is terse (`pass` alone, a qualifier after the secret), wider where a URL carries what a body
    /// would not (`token`, `jwt`, `session`).
    public static let parameterCredentialWords: Set<String> = [
        "token", "password", "passwd", "pwd", "passphrase", "secret", "apikey", "accesstoken", "refreshtoken",
        "idtoken", "authtoken", "sessionid", "session", "jwt", "credential", "credentials",
    ]

    /// Last word pairs of a parameter's name that name a credential.
    public static let parameterCredentialPhrases: [[String]] = [
        ["api", "key"], ["session", "id"], ["private", "key"], ["secret", "key"],
    ]

    /// Whether a parameter named `name` carries a credential, by its name alone (`api_key`, `access_token`, `jwt`).
    public static func namesCredentialParameter(_ name: String) -> Bool {
        let words = NameWords.split(name)
        guard let last = words.last else { return false }
        if parameterCredentialPhrases.contains(where: { NameWords.endsWith(words, phrase: $0) }) { return true }
        return parameterCredentialWords.contains(last)
    }

    /// Whether a parameter named `name` (described by `description`) holds a cursor or an idempotency key that a
    /// credential-looking name hides: `page_token`, `batch_token`, `ClientToken`, or a description that says so.
    public static func isCursorOrIdempotencyKey(_ name: String, description: String?) -> Bool {
        let words = NameWords.split(name)
        if words == ["client", "token"] { return true }
        if words.last == "token",
            words.dropLast().contains(where: { cursorWords.contains($0) || idempotencyWords.contains($0) })
        {
            return true
        }
        guard let description, !description.isEmpty else { return false }
        return NameWords.split(description).contains(where: notCredentialDescriptionWords.contains)
    }

    /// Whether a session-named parameter identifies a session resource rather than carrying the caller's session:
    /// something qualifies the session (`upload_session_id`), or, in a path, it follows a collection of sessions
    /// (`/checkout/sessions/{session}`, `/sessions/{idSession}`).
    public static func identifiesSessionResource(_ name: String, location: String, path: String) -> Bool {
        let words = NameWords.split(name).filter { $0 != "id" }
        guard let position = words.firstIndex(where: sessionWords.contains) else { return false }
        if position > 0 { return true }
        guard location == "path" else { return false }
        let segments = path.split(separator: "/")
        guard let index = segments.firstIndex(where: { $0.hasPrefix("{") && $0.dropFirst().dropLast() == name }),
            index > 0
        else { return false }
        return NameWords.split(String(segments[index - 1])).last.map { $0 == "sessions" || $0 == "session" } ?? false
    }
}

// MARK: - Endpoints public by their nature

extension SensitiveNames {
    /// Words of a path's last fixed segment for endpoints that must answer callers without credentials: getting a
    /// token, signing in or up, discovery documents and keys, health and status checks.
    public static let publicByNatureWords: Set<String> = [
        "token", "oauth", "oauth2", "login", "signin", "logon", "register", "registration", "signup", "jwks",
        "openid", "health", "healthz", "healthcheck", "livez", "readyz", "liveness", "readiness", "status",
    ]

    /// Words that, with `password` in the same path, make a password-reset endpoint (`/password/reset`,
    /// `/forgot-password`).
    public static let passwordResetWords: Set<String> = ["reset", "forgot", "forgotten", "recover", "recovery"]

    /// Whether a path is public by its nature: a token, sign-in, sign-up or password-reset endpoint, a `.well-known`
    /// document (OpenID configuration, JWKS), or a health or status check — without path parameters, which would make
    /// it about one resource (`/users/{id}/status`).
    public static func isPublicByNature(_ path: String) -> Bool {
        guard !path.contains("{") else { return false }
        let segments = fixedSegmentWords(path)
        let words = segments.flatMap { $0 }
        if NameWords.contains(words, phrase: ["well", "known"]) { return true }
        if words.contains("password") && words.contains(where: passwordResetWords.contains) { return true }
        return segments.last?.contains(where: publicByNatureWords.contains) ?? false
    }
}

/// Fragments of words to look for in names (`NameText.fragments`), stored end to end and grouped by their first byte,
/// so that one pass over a name looks for all of them without copying any.
struct NameFragments: Sendable {
    /// The fragments' bytes, end to end, in `NameText.fragments` order, which groups them by first byte.
    private let bytes: [UInt8]
    /// Where each fragment starts in `bytes`; the last entry is where the last one ends.
    private let bounds: [Int]
    /// For each byte value, the fragments starting with it: `groups[byte]..<groups[byte + 1]` indexes `bounds`.
    private let groups: [Int]

    init(_ words: some Collection<String>) {
        var bytes: [UInt8] = []
        var bounds = [0]
        var groups = [Int](repeating: 0, count: 257)
        for fragment in NameText.fragments(words) {
            bytes += fragment
            bounds.append(bytes.count)
            groups[Int(fragment[0]) + 1] += 1
        }
        for byte in 0..<256 { groups[byte + 1] += groups[byte] }
        self.bytes = bytes
        self.bounds = bounds
        self.groups = groups
    }

    /// Whether any fragment occurs in `name`, its ASCII letters read in lower case.
    func occur(in name: UnsafeBufferPointer<UInt8>) -> Bool {
        @inline(__always) func lowercased(_ byte: UInt8) -> UInt8 { byte >= 65 && byte <= 90 ? byte + 32 : byte }
        for start in name.indices {
            let first = Int(lowercased(name[start]))
            for fragment in groups[first]..<groups[first + 1] {
                let begin = bounds[fragment]
                let count = bounds[fragment + 1] - begin
                guard count <= name.count - start else { continue }
                var offset = 1
                while offset < count && lowercased(name[start + offset]) == bytes[begin + offset] { offset += 1 }
                if offset == count { return true }
            }
        }
        return false
    }
}
