import Platform
import References
import SourceTree

/// Which specification a document follows; 3.2 documents are read as 3.1.
public enum SpecVersion: String, Sendable, Comparable {
    case swagger2 = "2.0"
    case openAPI30 = "3.0"
    case openAPI31 = "3.1"

    public static func < (lhs: SpecVersion, rhs: SpecVersion) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// One OpenAPI document with everything it references, normalised into one shape for 2.0, 3.0 and 3.1.
public struct APIModel: Sendable {
    public let version: SpecVersion
    /// The version as written (`3.0.3`, `2.0`).
    public let versionText: String
    /// The `openapi:` or `swagger:` key.
    public let versionNode: NodeRef
    public let root: NodeRef
    /// Every file the document uses, the root first.
    public let files: [SourceFile]
    public let info: Info?
    /// Document-level servers (2.0: derived from `host`, `basePath` and `schemes`).
    public let servers: [Server]
    public let securitySchemes: [SecurityScheme]
    /// The top-level `security`, nil when absent.
    public let security: SecurityRequirementList?
    public let pathItems: [PathItem]
    /// Every operation of `paths` and (3.1) `webhooks`, in document order.
    public let operations: [Operation]
    public let schemas: SchemaGraph
    /// Top-level extensions (`x-…` keys) by lowercased name.
    public let extensions: [String: NodeRef]
    /// `$ref`s that could not be followed.
    public let referenceProblems: [ReferenceProblem]
    /// Each scheme name's first position in `securitySchemes`, so that looking a scheme up takes constant time
    /// however many a document defines.
    let schemeIndexByName: [String: Int]

    /// The scheme named `name`, if defined.
    public func securityScheme(named name: String) -> SecurityScheme? {
        schemeIndexByName[name].map { securitySchemes[$0] }
    }

    /// Each server once, in the order met: the document's, each path item's, then each operation's. Path items and
    /// operations repeat the servers they inherit; those are read in place, not copied into one list first.
    public var distinctServers: [Server] {
        var seen: Set<NodeRef> = []
        return ([servers] + pathItems.map(\.servers) + operations.map(\.servers)).joined().filter {
            seen.insert($0.node).inserted
        }
    }
}

/// The `info` object.
public struct Info: Sendable {
    public let node: NodeRef
    public let title: String?
    public let contact: Contact?
}

/// `info.contact`.
public struct Contact: Sendable {
    public let node: NodeRef
    public let name: String?
    public let email: String?
    public let url: String?
}

/// Where a server or security requirement was declared.
public enum DeclarationLevel: String, Sendable {
    case document, pathItem, operation
}

/// A server an operation is exposed on.
public struct Server: Sendable {
    /// The URL with variables as written (2.0: `scheme://host/basePath`), a password in it replaced by `***`.
    public let url: String
    /// The node to point at: the `url` key (2.0: the `schemes` entry, or `host`).
    public let node: NodeRef
    public let level: DeclarationLevel
    public let description: String?
    /// `x-environment`, when present.
    public let environment: String?
    /// The URL with each `{variable}` replaced by its default, a password in it replaced by `***`.
    public let expandedURL: String
}

/// The kind of a security scheme.
public enum SecuritySchemeType: Sendable, Equatable {
    case apiKey, http, oauth2, openIdConnect, mutualTLS
    case other(String)
}

/// A security scheme definition (3.x `components.securitySchemes`, 2.0 `securityDefinitions`).
public struct SecurityScheme: Sendable {
    public let name: String
    /// The scheme's key.
    public let nameNode: NodeRef
    /// The scheme's mapping.
    public let node: NodeRef
    public let type: SecuritySchemeType
    /// The `type` key.
    public let typeNode: NodeRef?
    /// For HTTP schemes, the lowercased `scheme` (2.0 `basic` becomes `basic`).
    public let httpScheme: String?
    /// The `scheme` key (2.0: the `type` key).
    public let httpSchemeNode: NodeRef?
    /// For API keys: the `in` key's value.
    public let apiKeyLocation: APIKeyLocation?
    /// The `in` key.
    public let apiKeyLocationNode: NodeRef?
    public let apiKeyName: String?
    public let flows: [OAuthFlow]
    /// 2.0: the `scopes` of an `oauth2` scheme whose `flow` is missing or unknown (nil when it has none).
    public let flowlessScopes: [Scope]?
    public let openIdConnectURL: URLValue?

    /// Every scope any flow (2.0: or the flowless scheme) defines.
    public var definedScopes: Set<String> {
        Set(flows.flatMap { $0.scopes.map(\.name) } + (flowlessScopes ?? []).map(\.name))
    }

    /// Whether the scheme says which scopes exist: it has a flow, or (2.0) `scopes` without a recognised flow.
    public var definesScopes: Bool { !flows.isEmpty || flowlessScopes != nil }
}

/// A URL-valued field and the key it was written under.
public struct URLValue: Sendable {
    /// The URL as written, a password in it replaced by `***`: URLs end up in messages and inventories.
    public let url: String
    public let keyNode: NodeRef

    /// `text` with the password of its userinfo (`https://user:secret@host`) replaced by `***`.
    public static func concealingPassword(_ text: String) -> String {
        guard let separator = text.firstRange(ofCharacters: "://") else { return text }
        let rest = text[separator.upperBound...]
        let authority = rest.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        guard let at = authority.lastIndex(of: "@"), let colon = authority[..<at].firstIndex(of: ":") else {
            return text
        }
        return String(text[..<authority.index(after: colon)]) + "***" + String(text[at...])
    }
}

/// The OAuth 2 grant a flow uses.
public enum OAuthFlowKind: String, Sendable {
    case implicit, password, clientCredentials, authorizationCode, deviceAuthorization
}

/// One OAuth 2 flow with its endpoints and scopes.
public struct OAuthFlow: Sendable {
    public let kind: OAuthFlowKind
    /// The flow's key in `flows` (2.0: the `flow` key).
    public let node: NodeRef
    public let authorizationURL: URLValue?
    public let tokenURL: URLValue?
    public let refreshURL: URLValue?
    public let scopes: [Scope]
}

/// A scope a flow defines.
public struct Scope: Sendable {
    public let name: String
    /// The scope's key in `scopes`.
    public let keyNode: NodeRef
    public let description: String?
}

/// A `security` list: alternatives, any one of which authorises the call.
public struct SecurityRequirementList: Sendable {
    /// The `security` key.
    public let keyNode: NodeRef
    public let level: DeclarationLevel
    public let requirements: [SecurityRequirement]
}

/// One alternative: all of its schemes must be satisfied; an empty one allows anonymous calls.
public struct SecurityRequirement: Sendable {
    /// The requirement's mapping in the list.
    public let node: NodeRef
    public let entries: [SecurityRequirementEntry]

    public var isAnonymous: Bool { entries.isEmpty }
}

/// One scheme named by a requirement, with the scopes (or roles) it asks for.
public struct SecurityRequirementEntry: Sendable {
    public let schemeName: String
    /// The scheme's key in the requirement.
    public let keyNode: NodeRef
    public let scopes: [ScopeReference]
}

/// A scope named in a requirement.
public struct ScopeReference: Sendable {
    public let name: String
    public let node: NodeRef
}

/// A path item: a path with its operations (or a 3.1 webhook).
public struct PathItem: Sendable {
    public let path: String
    /// The path's key under `paths` (or the webhook's name).
    public let keyNode: NodeRef
    /// The path item's mapping, after following a `$ref`.
    public let node: NodeRef
    public let isWebhook: Bool
    public let servers: [Server]
    public let extensions: [String: NodeRef]
}

/// The HTTP methods an operation can be declared under.
public enum HTTPMethod: String, Sendable, CaseIterable {
    case get, put, post, delete, options, head, patch, trace, query

    /// Whether the method changes state on the server.
    public var isWrite: Bool { self == .post || self == .put || self == .patch || self == .delete }

    /// Whether the method only reads.
    public var isReadOnly: Bool { self == .get || self == .head }

    /// The name in capitals, as written in messages: literals, as every finding's message names one.
    public var display: String {
        switch self {
        case .get: "GET"
        case .put: "PUT"
        case .post: "POST"
        case .delete: "DELETE"
        case .options: "OPTIONS"
        case .head: "HEAD"
        case .patch: "PATCH"
        case .trace: "TRACE"
        case .query: "QUERY"
        }
    }
}

/// An operation, with what it inherits from its path item and the document already applied.
/// A class, so that rules passing operations around share one instance instead of copying its arrays.
public final class Operation: Sendable {
    public let method: HTTPMethod
    /// The method's key.
    public let methodNode: NodeRef
    /// The operation's mapping.
    public let node: NodeRef
    public let path: String
    public let pathItemIndex: Int
    public let isWebhook: Bool
    public let operationID: String?
    public let operationIDNode: NodeRef?
    public let summary: String?
    public let description: String?
    public let tags: [String]
    public let deprecated: Bool
    /// The `deprecated` key.
    public let deprecatedNode: NodeRef?
    /// The operation's own `security`, nil when it inherits the document's.
    public let security: SecurityRequirementList?
    /// What actually applies: the operation's own list (even `[]`), else the document's, else nothing.
    public let effectiveSecurity: [SecurityRequirement]
    /// Where `effectiveSecurity` comes from; nil when nothing applies.
    public let effectiveSecurityLevel: DeclarationLevel?
    /// Path-item parameters merged with the operation's, the operation's winning.
    public let parameters: [Parameter]
    public let requestBody: RequestBody?
    /// The `responses` key, if present.
    public let responsesNode: NodeRef?
    public let responses: [Response]
    /// The servers that apply: the operation's, else the path item's, else the document's.
    public let servers: [Server]
    public let extensions: [String: NodeRef]

    public init(
        method: HTTPMethod, methodNode: NodeRef, node: NodeRef, path: String, pathItemIndex: Int, isWebhook: Bool,
        operationID: String?, operationIDNode: NodeRef?, summary: String?, description: String?, tags: [String],
        deprecated: Bool, deprecatedNode: NodeRef?, security: SecurityRequirementList?,
        effectiveSecurity: [SecurityRequirement], effectiveSecurityLevel: DeclarationLevel?, parameters: [Parameter],
        requestBody: RequestBody?, responsesNode: NodeRef?, responses: [Response], servers: [Server],
        extensions: [String: NodeRef]
    ) {
        self.method = method
        self.methodNode = methodNode
        self.node = node
        self.path = path
        self.pathItemIndex = pathItemIndex
        self.isWebhook = isWebhook
        self.operationID = operationID
        self.operationIDNode = operationIDNode
        self.summary = summary
        self.description = description
        self.tags = tags
        self.deprecated = deprecated
        self.deprecatedNode = deprecatedNode
        self.security = security
        self.effectiveSecurity = effectiveSecurity
        self.effectiveSecurityLevel = effectiveSecurityLevel
        self.parameters = parameters
        self.requestBody = requestBody
        self.responsesNode = responsesNode
        self.responses = responses
        self.servers = servers
        self.extensions = extensions
    }
    /// `GET /pets/{id}`.
    public var displayName: String { isWebhook ? "webhook \(method.display) \(path)" : "\(method.display) \(path)" }

    /// Whether some alternative authenticates the caller and none lets anonymous callers in.
    public var isAuthenticated: Bool {
        !effectiveSecurity.isEmpty && !effectiveSecurity.contains { $0.isAnonymous }
    }

    /// The response for a status code as written (`"401"`), if declared.
    public func response(_ status: String) -> Response? { responses.first { $0.statusCode == status } }

    /// Whether a response covers `status` exactly, through its range (`4XX`) or through `default`.
    public func declaresResponse(covering status: String) -> Bool {
        responses.contains { response in
            let code = response.statusCode.uppercased()
            return code == status || code == "DEFAULT"
                || (code.count == 3 && code.hasSuffix("XX") && code.first == status.first)
        }
    }
}

/// An operation parameter (2.0 `body` parameters become the request body instead).
public struct Parameter: Sendable {
    public let name: String
    /// The `in` key's value: `path`, `query`, `header`, `cookie` or (2.0) `formData`.
    public let location: ParameterLocation
    /// The parameter's mapping where it is written (after following a `$ref`).
    public let node: NodeRef
    /// The entry in the `parameters` list that brought it in (may be a `$ref`).
    public let entryNode: NodeRef
    public let required: Bool
    /// The parameter's schema (2.0: the parameter itself describes the value).
    public let schema: SchemaID?
}

/// A request body with its media types.
public struct RequestBody: Sendable {
    public let node: NodeRef
    public let contents: [MediaType]
}

/// A media type and its schema.
public struct MediaType: Sendable {
    public let name: String
    public let node: NodeRef
    public let schema: SchemaID?
}

/// One response of an operation.
public struct Response: Sendable {
    /// As written: `200`, `4XX`, `default`.
    public let statusCode: String
    /// The status code's key.
    public let keyNode: NodeRef
    /// The response's mapping after following a `$ref`.
    public let node: NodeRef
    public let headers: [Header]
    public let contents: [MediaType]

    /// Whether the status code denotes success (2XX).
    public var isSuccess: Bool { statusCode.hasPrefix("2") }
}

/// A response header.
public struct Header: Sendable {
    public let name: String
    public let keyNode: NodeRef
    public let schema: SchemaID?
}

/// Where a parameter is sent: its `in` key. Text naming no location is kept as written (`other`), so that a
/// hostile or misspelt value neither fails the build of the model nor matches a real location.
public enum ParameterLocation: Hashable, Sendable, CustomStringConvertible {
    case query, header, path, cookie
    /// 2.0: a form field.
    case formData
    /// 2.0: the request body, which becomes the operation's `requestBody`.
    case body
    case other(String)

    public init(_ text: String) {
        switch text {
        case "query": self = .query
        case "header": self = .header
        case "path": self = .path
        case "cookie": self = .cookie
        case "formData": self = .formData
        case "body": self = .body
        default: self = .other(text)
        }
    }

    /// The `in` value as written.
    public var description: String {
        switch self {
        case .query: "query"
        case .header: "header"
        case .path: "path"
        case .cookie: "cookie"
        case .formData: "formData"
        case .body: "body"
        case .other(let text): text
        }
    }

    /// Whether the value travels in the URL (and so ends up in logs): `query` and `path`.
    public var isInURL: Bool { self == .query || self == .path }
}

/// Where an API key is sent: an `apiKey` scheme's `in` key. Text naming no location is kept as written (`other`).
public enum APIKeyLocation: Hashable, Sendable, CustomStringConvertible {
    case query, header, cookie
    case other(String)

    public init(_ text: String) {
        switch text {
        case "query": self = .query
        case "header": self = .header
        case "cookie": self = .cookie
        default: self = .other(text)
        }
    }

    /// The `in` value as written.
    public var description: String { parameterLocation.description }

    /// The parameter location of the same name: an API key is a parameter the scheme declares.
    public var parameterLocation: ParameterLocation {
        switch self {
        case .query: .query
        case .header: .header
        case .cookie: .cookie
        case .other(let text): ParameterLocation(text)
        }
    }
}
