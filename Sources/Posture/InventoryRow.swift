import Lexicon
import OpenAPIModel
import RuleEngine
import SourceTree

/// One operation of the inventory: where it is exposed, how it is protected, what data it handles.
public struct InventoryRow: Sendable {
    /// One scheme of an alternative, with the scopes it asks for.
    public struct SchemeUse: Sendable {
        public let scheme: String
        /// `oauth2`, `openIdConnect`, `mutualTLS`, `http basic`, `http bearer`, `apiKey header`, `undefined`.
        public let kind: String
        public let scopes: [String]
    }

    /// A server the operation is exposed on.
    public struct Exposure: Sendable {
        public let url: String
        public let environment: ServerEnvironment?
    }

    /// Findings attributed to the operation, by severity.
    public struct FindingCounts: Sendable, Equatable {
        public var error = 0
        public var warning = 0
        public var note = 0

        public init() {}

        public mutating func add(_ severity: Severity) {
            switch severity {
            case .error: error += 1
            case .warning: warning += 1
            case .note: note += 1
            }
        }

        public var total: Int { error + warning + note }
    }

    public let method: HTTPMethod
    /// The path template, or the webhook's name.
    public let path: String
    public let isWebhook: Bool
    public let operationID: String?
    public let servers: [Exposure]
    /// The effective security: alternatives, each the schemes it combines (an empty one is anonymous access).
    public let authentication: [[SchemeUse]]
    /// Every scope any alternative asks for, in order of appearance.
    public let scopes: [String]
    public internal(set) var receives: [SensitiveField]
    public internal(set) var returns: [SensitiveField]
    public let rateLimit: RateLimitDeclaration
    public let deprecated: Bool
    public var findings: FindingCounts
    /// The method's key.
    public internal(set) var node: NodeRef

    /// Whether the operation writes `security: []` on a path public by its nature (a token, sign-in or health endpoint).
    public let publicByDecision: Bool
    /// Whether a caller can get in without credentials: no security applies, or an alternative is empty.
    public var allowsAnonymous: Bool { authentication.isEmpty || authentication.contains { $0.isEmpty } }

    /// The classes of data received, most sensitive first.
    public var receivedClasses: [DataClass] { DataFlow.classes(receives) }
    /// The classes of data returned, most sensitive first.
    public var returnedClasses: [DataClass] { DataFlow.classes(returns) }

    /// Whether it receives or returns any classified data.
    public var handlesSensitiveData: Bool { !receives.isEmpty || !returns.isEmpty }

    /// `bearer | anonymous`, `oauth (oauth2) + key (apiKey header)`: alternatives separated by `|`.
    public var authenticationText: String {
        if authentication.isEmpty { return publicByDecision ? "anonymous (public by design)" : "anonymous" }
        return authentication.map { alternative in
            alternative.isEmpty ? "anonymous" : alternative.map { "\($0.scheme) (\($0.kind))" }.joined(separator: " + ")
        }.joined(separator: " | ")
    }

    /// `GET /pets/{id}`, `webhook POST newPet`.
    public var displayName: String { isWebhook ? "webhook \(method.display) \(path)" : "\(method.display) \(path)" }

    init(operation: Operation, index: Int, api: APIModel, flow: DataFlow) {
        method = operation.method
        path = operation.path
        isWebhook = operation.isWebhook
        operationID = operation.operationID
        servers = operation.servers.map {
            Exposure(
                url: $0.expandedURL,
                environment: ServerEnvironment.of(environment: $0.environment, description: $0.description))
        }
        authentication = operation.effectiveSecurity.map { requirement in
            requirement.entries.map { entry in
                SchemeUse(
                    scheme: entry.schemeName, kind: Self.kind(of: api.securityScheme(named: entry.schemeName)),
                    scopes: entry.scopes.map(\.name))
            }
        }
        var scopes: [String] = []
        var seen: Set<String> = []
        for scope in authentication.flatMap({ $0.flatMap(\.scopes) }) where seen.insert(scope).inserted {
            scopes.append(scope)
        }
        self.scopes = scopes
        publicByDecision = operation.isPublicByDecision
        receives = flow.received[index]
        returns = flow.returned[index]
        rateLimit = RateLimitDeclaration(of: operation, in: api)
        deprecated = operation.deprecated
        findings = FindingCounts()
        node = operation.methodNode
    }

    /// How a scheme is described in the inventory.
    static func kind(of scheme: SecurityScheme?) -> String {
        guard let scheme else { return "undefined" }
        switch scheme.type {
        case .apiKey: return "apiKey \(scheme.apiKeyLocation?.description ?? "?")"
        case .http: return "http \(scheme.httpScheme ?? "?")"
        case .oauth2: return "oauth2"
        case .openIdConnect: return "openIdConnect"
        case .mutualTLS: return "mutualTLS"
        case .other(let name): return name.isEmpty ? "unknown" : name
        }
    }
}
