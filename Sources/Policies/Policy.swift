import OpenAPIModel
import RuleEngine
import SourceTree

/// An organisation's requirement, written in the configuration and reported as rule `policy/ID`.
public struct Policy: Sendable {
    /// The id as written; the rule id is `policy/` + id.
    public let id: String
    public let severity: Severity
    /// The configured message, nil for the default.
    public let message: String?
    /// Which operations `require` applies to; nil for all.
    public let selector: OperationSelector?
    /// What every selected operation must satisfy; nil when the policy only has document requirements.
    public let operationRequirements: OperationRequirements?
    /// What the document as a whole must satisfy.
    public let documentRequirements: DocumentRequirements?
    /// Where the policy is written (`FILE:LINE`), for the documentation and error messages.
    public let source: String

    /// The rule id its findings carry.
    public var ruleID: RuleID { RuleID(RuleCategory.policyRulePrefix + id) }
}

/// The kind of a security scheme as a policy names it.
public enum SchemeKind: String, Sendable, CaseIterable {
    case apiKey
    case httpBasic = "http-basic"
    case httpBearer = "http-bearer"
    /// Any HTTP authentication scheme (basic, bearer, digest, …).
    case http
    case oauth2, openIdConnect, mutualTLS

    /// Whether a scheme defined as `scheme` is of this kind; nil for a type no kind names.
    public func includes(_ scheme: SecurityScheme) -> Bool {
        switch (self, scheme.type) {
        case (.apiKey, .apiKey), (.http, .http), (.oauth2, .oauth2), (.openIdConnect, .openIdConnect),
            (.mutualTLS, .mutualTLS):
            true
        case (.httpBasic, .http): scheme.httpScheme == "basic"
        case (.httpBearer, .http): scheme.httpScheme == "bearer"
        default: false
        }
    }

    /// How a scheme is described in messages: `oauth2`, `http-basic`, `http (digest)`.
    public static func describe(_ scheme: SecurityScheme) -> String {
        switch scheme.type {
        case .apiKey: "apiKey"
        case .oauth2: "oauth2"
        case .openIdConnect: "openIdConnect"
        case .mutualTLS: "mutualTLS"
        case .other(let type): type
        case .http:
            switch scheme.httpScheme {
            case "basic": "http-basic"
            case "bearer": "http-bearer"
            case let other?: "http (\(other))"
            case nil: "http"
            }
        }
    }
}

/// `where`: the operations a policy applies to; every given key must match.
public struct OperationSelector: Sendable {
    /// Path-template globs; the operation's path must match one.
    public let paths: [PolicyGlob]?
    public let methods: Set<HTTPMethod>?
    /// The operation must carry one of these tags.
    public let tags: Set<String>?
    /// Extension name (lowercased) → value the operation, or else its path item, must carry.
    public let extensions: [(name: String, value: String)]?

    /// Whether `operation` of `api` is selected.
    public func selects(_ operation: Operation, in api: APIModel) -> Bool {
        if let paths, !paths.contains(where: { $0.matches(operation.path) }) { return false }
        if let methods, !methods.contains(operation.method) { return false }
        if let tags, !operation.tags.contains(where: tags.contains) { return false }
        if let extensions {
            let pathItem =
                api.pathItems.indices.contains(operation.pathItemIndex) ? api.pathItems[operation.pathItemIndex] : nil
            for (name, value) in extensions {
                guard let found = operation.extensions[name] ?? pathItem?.extensions[name],
                    Self.extensionValue(found, equals: value)
                else { return false }
            }
        }
        return true
    }

    /// A scalar equal to `value`, or a list containing it.
    private static func extensionValue(_ node: NodeRef, equals value: String) -> Bool {
        if let scalar = node.scalar { return scalar == value }
        return node.isSequence && node.items.contains { $0.scalar == value }
    }
}

/// `require`: what a selected operation must satisfy; nil keys are not required.
public struct OperationRequirements: Sendable {
    /// Effective security is present, not `[]`, and has no anonymous `{}` alternative.
    public let authenticated: Bool
    /// Every alternative uses only schemes of these kinds.
    public let schemes: [SchemeKind]?
    /// Every alternative asks, through its OAuth 2.0 and OpenID Connect schemes, for all of these scopes.
    public let scopes: [String]?
    /// Status codes (`401`, `4XX`, `default`) each declared exactly or through its range or `default`.
    public let responses: [String]?
    /// A `429`, rate-limit headers or a rate-limit extension.
    public let rateLimit: Bool
    /// Every effective server URL matches one of these.
    public let servers: [PolicyGlob]?
}

/// `document`: requirements on the document as a whole.
public struct DocumentRequirements: Sendable {
    /// Every scope an OAuth 2.0 flow defines matches this.
    public let scopePattern: ScopePattern?
    /// Every server URL, at any level, matches one of these.
    public let servers: [PolicyGlob]?
    /// Every defined security scheme is of one of these kinds.
    public let schemes: [SchemeKind]?
}

/// A glob over a path template or a server URL: `*` within one segment, `**` across segments; a trailing `/**`
/// also matches nothing at all, so `/admin/**` covers `/admin` and `https://api.example.com/**` the bare host.
public struct PolicyGlob: Sendable, CustomStringConvertible {
    public let glob: Glob
    /// Server URLs compare without regard to case.
    let ignoresCase: Bool

    public init(_ pattern: String, ignoresCase: Bool) {
        glob = Glob(ignoresCase ? pattern.lowercased() : pattern)
        self.ignoresCase = ignoresCase
    }

    public var description: String { glob.pattern }

    public func matches(_ text: String) -> Bool {
        let subject = ignoresCase ? text.lowercased() : text
        if glob.matches(subject) { return true }
        return glob.pattern.hasSuffix("/**") && !subject.hasSuffix("/") && glob.matches(subject + "/")
    }

    /// Why `pattern` is not a usable glob, nil when it is.
    static func problem(with pattern: String) -> String? {
        if pattern.isEmpty { return "a glob cannot be empty" }
        let characters = Array(pattern)
        var index = 0
        while index < characters.count {
            guard characters[index] == "*" else {
                index += 1
                continue
            }
            var end = index
            while end < characters.count && characters[end] == "*" { end += 1 }
            if end - index > 2 { return "'\(pattern)' has `***`; write `**` for any number of segments" }
            let alone =
                (index == 0 || characters[index - 1] == "/") && (end == characters.count || characters[end] == "/")
            if end - index == 2 && !alone {
                return "'\(pattern)' uses `**` inside a segment; `**` must stand alone between slashes"
            }
            index = end
        }
        return nil
    }
}
