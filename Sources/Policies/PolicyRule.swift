import Lexicon
import OpenAPIModel
import RuleEngine
import SourceTree

/// A policy run as a rule: each selected operation (webhooks excepted) is checked once against `require`, the
/// document once against `document`, and each offending node is reported once with every requirement it breaks.
public struct PolicyRule: Rule {
    public let policy: Policy

    public init(_ policy: Policy) { self.policy = policy }

    /// One broken requirement at one node.
    struct Violation {
        let node: NodeRef
        /// What the node is: `POST /admin/users`, `server 'http://…'`.
        let subject: String
        /// What is wrong: `asks for `accounts:write` only`.
        let failure: String
        /// What the policy requires: `` `admin` ``, `authentication`.
        let requirement: String
        /// For a server, its URL: the declarations of one URL are one cause, reported once.
        var serverURL: String? = nil
    }

    public func check(_ context: RuleContext) {
        let api = context.api
        var violations: [Violation] = []
        if let requirements = policy.operationRequirements {
            // Operations share their servers: each distinct URL is matched against the globs once.
            let allowedServers = requirements.servers.map { globs in
                var verdicts: [String: Bool] = [:]
                for operation in api.operations {
                    for server in operation.servers where verdicts[server.expandedURL] == nil {
                        verdicts[server.expandedURL] = globs.contains { $0.matches(server.expandedURL) }
                    }
                }
                return verdicts
            }
            let shared = SharedFacts(api: api, allowedServers: allowedServers ?? [:])
            for operation in api.operations where !operation.isWebhook {
                guard policy.selector?.selects(operation, in: api) ?? true else { continue }
                violations += OperationCheck(operation: operation, shared: shared).violations(of: requirements)
            }
        }
        if let document = policy.documentRequirements {
            violations += Self.violations(of: document, in: api)
        }
        report(violations, to: context)
    }

    /// Reports each node once, its failures joined in the order found.
    private func report(_ violations: [Violation], to context: RuleContext) {
        var order: [NodeRef] = []
        var byNode: [NodeRef: [Violation]] = [:]
        var firstDeclaration: [String: NodeRef] = [:]
        var otherDeclarations: [String: Set<NodeRef>] = [:]
        for violation in violations {
            if let url = violation.serverURL {
                let first = firstDeclaration[url, default: violation.node]
                firstDeclaration[url] = first
                if first != violation.node {
                    otherDeclarations[url, default: []].insert(violation.node)
                    continue
                }
            }
            if byNode[violation.node] == nil { order.append(violation.node) }
            if byNode[violation.node]?.contains(where: { $0.failure == violation.failure }) != true {
                byNode[violation.node, default: []].append(violation)
            }
        }
        for node in order {
            let found = byNode[node] ?? []
            let failures = found.map(\.failure).joined(separator: "; ")
            let requirements = unique(found.map(\.requirement)).joined(separator: " and ")
            let others = found[0].serverURL.flatMap { otherDeclarations[$0]?.count } ?? 0
            let subject =
                found[0].subject
                + (others == 0 ? "" : " (and \(others) more declaration\(others == 1 ? "" : "s") of it)")
            let details = "\(subject) \(failures); policy \(policy.id) requires \(requirements)"
            context.report(node, policy.message.map { "\($0): \(details)" } ?? details)
        }
    }

    private func unique(_ texts: [String]) -> [String] {
        var seen: Set<String> = []
        return texts.filter { seen.insert($0).inserted }
    }

    static func violations(of requirements: DocumentRequirements, in api: APIModel) -> [Violation] {
        var found: [Violation] = []
        if let pattern = requirements.scopePattern {
            for scheme in api.securitySchemes {
                for flow in scheme.flows {
                    for scope in flow.scopes where !pattern.matches(scope.name) {
                        let tooLong = scope.name.unicodeScalars.count > ScopePattern.maxNameLength
                        found.append(
                            Violation(
                                node: scope.keyNode, subject: "scope '\(scope.name)' of '\(scheme.name)'",
                                failure: tooLong
                                    ? "is longer than \(ScopePattern.maxNameLength) characters"
                                    : "breaks the naming pattern",
                                requirement: "every scope name to match `\(pattern)`"))
                    }
                }
            }
        }
        if let globs = requirements.servers {
            for server in api.distinctServers where namesHost(server) {
                if !globs.contains(where: { $0.matches(server.expandedURL) }) {
                    found.append(serverViolation(server, globs: globs))
                }
            }
        }
        if let kinds = requirements.schemes {
            for scheme in api.securitySchemes where !kinds.contains(where: { $0.includes(scheme) }) {
                found.append(
                    Violation(
                        node: scheme.typeNode ?? scheme.nameNode, subject: "security scheme '\(scheme.name)'",
                        failure: "is \(SchemeKind.describe(scheme))",
                        requirement: "schemes of kind \(list(kinds.map(\.rawValue)))"))
            }
        }
        return found
    }

    /// Whether a server names a host to check: a relative URL (3.x) or a 2.0 document without `host` does not.
    static func namesHost(_ server: Server) -> Bool {
        !URLText(server.expandedURL).host.isEmpty || server.expandedURL.hasPrefix("//")
    }

    static func serverViolation(_ server: Server, globs: [PolicyGlob]) -> Violation {
        Violation(
            node: server.node, subject: "server '\(server.expandedURL)'",
            failure: "matches none of the allowed servers",
            requirement: "servers matching \(list(globs.map(\.description)))", serverURL: server.expandedURL)
    }

    /// `` `a`, `b` `` for messages.
    static func list(_ items: [String]) -> String { items.map { "`\($0)`" }.joined(separator: ", ") }
}

/// What the checks of one policy's operations share, computed once per document (a class, so that each check
/// holds one reference instead of copying the model).
final class SharedFacts {
    let api: APIModel
    /// Whether each server URL of the API matches the policy's server globs.
    let allowedServers: [String: Bool]
    /// The security schemes by name.
    let schemes: [String: SecurityScheme]

    init(api: APIModel, allowedServers: [String: Bool]) {
        self.api = api
        self.allowedServers = allowedServers
        schemes = Dictionary(api.securitySchemes.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
    }
}

/// The requirements of `require` checked on one operation.
struct OperationCheck {
    typealias Violation = PolicyRule.Violation
    let operation: Operation
    let shared: SharedFacts

    func violations(of requirements: OperationRequirements) -> [Violation] {
        var found: [Violation] = []
        if requirements.authenticated, let violation = authentication() { found.append(violation) }
        if let kinds = requirements.schemes { found += schemes(kinds) }
        if let scopes = requirements.scopes { found += self.scopes(scopes) }
        if let codes = requirements.responses, let violation = responses(codes) { found.append(violation) }
        if requirements.rateLimit && !RateLimitDeclaration(of: operation, in: shared.api).isDeclared {
            found.append(
                violation(
                    at: operation.responsesNode ?? operation.methodNode,
                    "declares no rate limit (no 429 response, rate-limit header or x-ratelimit extension)",
                    "a declared rate limit"))
        }
        if let globs = requirements.servers {
            for server in operation.servers
            where PolicyRule.namesHost(server) && shared.allowedServers[server.expandedURL] != true {
                found.append(PolicyRule.serverViolation(server, globs: globs))
            }
        }
        return found
    }

    private func violation(at node: NodeRef, _ failure: String, _ requirement: String) -> Violation {
        Violation(node: node, subject: operation.displayName, failure: failure, requirement: requirement)
    }

    /// Where security that applies is best pointed at: the operation's own entry, else its method key.
    private func node(_ own: NodeRef) -> NodeRef { operation.security == nil ? operation.methodNode : own }

    /// Says so when the security is inherited from the document.
    private var inheritance: String { operation.security == nil ? ", through the document's `security`" : "" }

    private func authentication() -> Violation? {
        guard !operation.isAuthenticated else { return nil }
        let requirement = "authentication"
        guard let level = operation.effectiveSecurityLevel else {
            return violation(at: operation.methodNode, "has no security, on it or on the document", requirement)
        }
        if let anonymous = operation.effectiveSecurity.first(where: \.isAnonymous) {
            return violation(
                at: node(anonymous.node), "lets anonymous callers in through `{}`\(inheritance)", requirement)
        }
        let own = operation.security?.keyNode ?? operation.methodNode
        return violation(
            at: node(own), level == .operation ? "sets `security: []`" : "has `security: []`\(inheritance)",
            requirement)
    }

    private func schemes(_ kinds: [SchemeKind]) -> [Violation] {
        var found: [Violation] = []
        let requirement = "schemes of kind \(PolicyRule.list(kinds.map(\.rawValue)))"
        for alternative in operation.effectiveSecurity {
            for entry in alternative.entries {
                // An undefined scheme is `security-scheme-undefined`'s finding.
                guard let scheme = shared.schemes[entry.schemeName],
                    !kinds.contains(where: { $0.includes(scheme) })
                else { continue }
                found.append(
                    violation(
                        at: node(entry.keyNode),
                        "is authenticated with '\(scheme.name)' (\(SchemeKind.describe(scheme)))\(inheritance)",
                        requirement))
            }
        }
        return found
    }

    private func scopes(_ required: [String]) -> [Violation] {
        let requirement = PolicyRule.list(required)
        var found: [Violation] = []
        var usesScopedScheme = false
        for alternative in operation.effectiveSecurity {
            let scoped = alternative.entries.filter { entry in
                guard let type = shared.schemes[entry.schemeName]?.type else { return false }
                return type == .oauth2 || type == .openIdConnect
            }
            guard let first = scoped.first else { continue }
            usesScopedScheme = true
            let asked = scoped.flatMap { $0.scopes.map(\.name) }
            let missing = required.filter { !asked.contains($0) }
            guard !missing.isEmpty else { continue }
            let failure =
                asked.isEmpty ? "asks '\(first.schemeName)' for no scope" : "asks for \(PolicyRule.list(asked)) only"
            found.append(violation(at: node(first.keyNode), failure + inheritance, requirement))
        }
        if !usesScopedScheme {
            found.append(
                violation(
                    at: node(operation.security?.keyNode ?? operation.methodNode),
                    "uses no OAuth 2.0 or OpenID Connect scheme, so it asks for no scope\(inheritance)", requirement))
        }
        return found
    }

    private func responses(_ codes: [String]) -> Violation? {
        let missing = codes.filter { !declares($0) }
        guard !missing.isEmpty else { return nil }
        return violation(
            at: operation.responsesNode ?? operation.methodNode,
            "declares no \(missing.joined(separator: ", ")) response", "responses \(codes.joined(separator: ", "))")
    }

    /// A code exactly or through its range or `default`; a range through itself or `default`; `default` itself.
    private func declares(_ code: String) -> Bool {
        let declared = operation.responses.map { $0.statusCode.uppercased() }
        switch code {
        case "default": return declared.contains("DEFAULT")
        case _ where code.hasSuffix("XX"): return declared.contains(code) || declared.contains("DEFAULT")
        default: return operation.declaresResponse(covering: code)
        }
    }
}
