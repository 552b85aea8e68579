import Lexicon
import OpenAPIModel
import RuleEngine
import Rules
import SourceTree

/// The security regressions and improvements between two versions of a document.
///
/// Everything derives from the two models, so formatting, YAML ↔ JSON conversion and key order never count as a
/// change. Operations are paired by `OperationMatch`; regressions point at the new document.
public struct SpecDiff: Sendable {
    public let old: APIModel
    public let new: APIModel
    public let match: OperationMatch
    /// Regressions, in the new document's order.
    public let regressions: [PostureChange]
    /// Improvements: in the new document's order, then those about something the new document no longer has.
    public let improvements: [PostureChange]

    public init(old: APIModel, new: APIModel) {
        self.old = old
        self.new = new
        let match = OperationMatch(old: old, new: new)
        self.match = match
        var changes = Comparison(old: old, new: new, match: match)
        changes.compareOperations()
        changes.compareSensitiveFields()
        changes.compareInputBounds()
        changes.compareRateLimits()
        changes.compareServers()
        changes.compareScopeGrants()
        let sorted = changes.changes.sorted(by: PostureChange.precedes)
        regressions = sorted.filter(\.isRegression)
        improvements = sorted.filter { !$0.isRegression }
    }

    /// Regressions at or above `threshold`.
    public func regressions(atLeast threshold: Severity) -> [PostureChange] {
        regressions.filter { $0.severity >= threshold }
    }
}

/// Whether callers need credentials for an operation.
enum Access {
    /// No security applies, or only empty alternatives.
    case open
    /// Some alternative authenticates, but an empty one lets anyone in.
    case optional
    /// Every alternative authenticates.
    case required

    init(_ operation: Operation) {
        let requirements = operation.effectiveSecurity
        if requirements.allSatisfy(\.isAnonymous) {
            self = .open
        } else {
            self = requirements.contains(where: \.isAnonymous) ? .optional : .required
        }
    }
}

/// The comparisons, accumulating changes.
struct Comparison {
    let old: APIModel
    let new: APIModel
    let match: OperationMatch
    var changes: [PostureChange] = []

    init(old: APIModel, new: APIModel, match: OperationMatch) {
        self.old = old
        self.new = new
        self.match = match
    }

    mutating func add(_ change: PostureChange) { changes.append(change) }

    // MARK: - Authentication and scopes

    /// Where an operation's security is written in the new document: its own `security`, else the document's.
    func securityNode(_ operation: Operation, in api: APIModel) -> NodeRef {
        if let own = operation.security { return own.keyNode }
        if operation.effectiveSecurityLevel == .document, let document = api.security { return document.keyNode }
        return operation.methodNode
    }

    /// `'oauth' (oauth2)`, `'key' (apiKey query) + 'basic' (http basic)`: the weakest authenticating alternative.
    func weakestAlternative(_ operation: Operation, in api: APIModel) -> (SchemeStrength, String)? {
        let alternatives = operation.effectiveSecurity.filter { !$0.isAnonymous }
        guard
            let weakest = alternatives.min(by: {
                SchemeStrength.of($0, in: api) < SchemeStrength.of($1, in: api)
            })
        else { return nil }
        let text = weakest.entries.map {
            "'\($0.schemeName)' (\(InventoryRow.kind(of: api.securityScheme(named: $0.schemeName))))"
        }
        .joined(separator: " + ")
        return (SchemeStrength.of(weakest, in: api), text)
    }

    /// A scope of a scheme.
    struct ScopeUse: Hashable, Comparable {
        let scheme: String
        let scope: String

        static func < (lhs: ScopeUse, rhs: ScopeUse) -> Bool { (lhs.scheme, lhs.scope) < (rhs.scheme, rhs.scope) }
    }

    /// The scopes every alternative asks for: a token without one of them cannot call the operation.
    static func requiredScopes(_ operation: Operation) -> Set<ScopeUse> {
        let alternatives = operation.effectiveSecurity
        guard !alternatives.isEmpty, !alternatives.contains(where: \.isAnonymous) else { return [] }
        let sets = alternatives.map { requirement in
            Set(
                requirement.entries.flatMap { entry in
                    entry.scopes.map { ScopeUse(scheme: entry.schemeName, scope: $0.name) }
                })
        }
        return sets.dropFirst().reduce(sets[0]) { $0.intersection($1) }
    }

    mutating func compareOperations() {
        for (oldIndex, newIndex) in match.pairs {
            let before = old.operations[oldIndex]
            let after = new.operations[newIndex]
            guard !after.isWebhook, !before.isWebhook else { continue }
            let name = after.displayName
            let node = securityNode(after, in: new)
            switch (Access(before), Access(after)) {
            case (.required, .open), (.optional, .open):
                let was = weakestAlternative(before, in: old)?.1 ?? "a security requirement"
                add(
                    PostureChange(
                        .authenticationRemoved, "\(name) no longer requires authentication (it required \(was))",
                        at: node, operation: name))
                continue
            case (.required, .optional):
                add(
                    PostureChange(
                        .anonymousAccessAdded,
                        "\(name) now also accepts anonymous callers: its security lists an empty alternative `{}`",
                        at: node, operation: name))
            case (.open, .optional), (.open, .required):
                let now = weakestAlternative(after, in: new)?.1 ?? "a security requirement"
                add(
                    PostureChange(
                        .authenticationAdded, "\(name) now requires authentication (\(now))", at: node, operation: name)
                )
                continue
            case (.optional, .required):
                add(
                    PostureChange(
                        .anonymousAccessRemoved, "\(name) no longer accepts anonymous callers", at: node,
                        operation: name))
            default:
                break
            }
            if let (was, wasText) = weakestAlternative(before, in: old),
                let (now, nowText) = weakestAlternative(after, in: new)
            {
                if now < was {
                    add(
                        PostureChange(
                            .authenticationWeakened,
                            "\(name) moved from \(wasText), \(was.label), to \(nowText), \(now.label)", at: node,
                            operation: name))
                } else if now > was {
                    add(
                        PostureChange(
                            .authenticationStrengthened,
                            "\(name) moved from \(wasText), \(was.label), to \(nowText), \(now.label)", at: node,
                            operation: name))
                }
            }
            // Scopes matter while every alternative authenticates; anonymous access was reported above.
            guard Access(after) == .required else { continue }
            let (oldScopes, newScopes) = (Self.requiredScopes(before), Self.requiredScopes(after))
            for lost in oldScopes.subtracting(newScopes).sorted() {
                add(
                    PostureChange(
                        .scopeRequirementRemoved,
                        "\(name) no longer requires scope '\(lost.scope)' of security scheme '\(lost.scheme)'",
                        at: node, operation: name))
            }
            // A scope swapped for another is reported as the loss only: which of two scopes grants less is unknown.
            let lost = oldScopes.subtracting(newScopes)
            for gained in newScopes.subtracting(oldScopes).sorted() where Access(before) == .required && lost.isEmpty {
                add(
                    PostureChange(
                        .scopeRequirementAdded,
                        "\(name) now requires scope '\(gained.scope)' of security scheme '\(gained.scheme)'", at: node,
                        operation: name))
            }
        }
        for index in match.added {
            let operation = new.operations[index]
            guard !operation.isWebhook else { continue }
            let name = operation.displayName
            switch Access(operation) {
            case .open:
                add(
                    PostureChange(
                        .operationAddedUnauthenticated,
                        "\(name) is new and has no security requirement, so anyone can call it",
                        at: operation.methodNode, operation: name))
            case .optional:
                add(
                    PostureChange(
                        .operationAddedAnonymous,
                        "\(name) is new and accepts anonymous callers: its security lists an empty alternative `{}`",
                        at: securityNode(operation, in: new), operation: name))
            case .required:
                break
            }
        }
        for index in match.removed {
            let operation = old.operations[index]
            guard !operation.isWebhook, Access(operation) != .required else { continue }
            add(
                PostureChange(
                    .unauthenticatedOperationRemoved,
                    "\(operation.displayName), which did not require authentication, was removed",
                    at: operation.methodNode, operation: operation.displayName, inNewDocument: false))
        }
    }

    // MARK: - Sensitive data in responses

    /// Whether the operation issues credentials or signs users in, so returning a token, key or secret is its purpose:
    /// the lexicon's reading, which `sensitive-field-in-response` shares.
    static func issuesCredentials(_ operation: Operation) -> Bool {
        SensitiveNames.credentialOperation(operation) != nil
    }

    mutating func compareSensitiveFields() {
        let (before, after) = (DataFlow(api: old), DataFlow(api: new))
        var reported: Set<NodeRef> = []
        func report(_ field: SensitiveField, _ operation: Operation, isNew: Bool) {
            guard reported.insert(field.node).inserted else { return }
            let severity: Severity = field.dataClass == .personal ? .warning : .error
            let verb = operation.isWebhook ? "sends" : "returns"
            let message =
                isNew
                ? "\(operation.displayName) is new and \(verb) '\(field.name)', \(field.match.description) (\(field.dataClass.label))"
                : "\(operation.displayName) now \(verb) '\(field.name)', \(field.match.description) (\(field.dataClass.label))"
            add(
                PostureChange(
                    .sensitiveFieldReturned, message, at: field.node, operation: operation.displayName,
                    severity: severity))
        }
        func exempt(_ field: SensitiveField, _ operation: Operation) -> Bool {
            field.isIssuableCredential && Self.issuesCredentials(operation)
        }
        var removedReported: Set<NodeRef> = []
        for (oldIndex, newIndex) in match.pairs {
            let operation = new.operations[newIndex]
            let oldTerms = Set(before.returned[oldIndex].map(\.match.term))
            let newTerms = Set(after.returned[newIndex].map(\.match.term))
            for field in after.returned[newIndex]
            where !oldTerms.contains(field.match.term) && !exempt(field, operation) {
                report(field, operation, isNew: false)
            }
            for field in before.returned[oldIndex] where !newTerms.contains(field.match.term) {
                guard removedReported.insert(field.node).inserted else { continue }
                let verb = operation.isWebhook ? "sends" : "returns"
                add(
                    PostureChange(
                        .sensitiveFieldRemoved,
                        "\(operation.displayName) no longer \(verb) '\(field.name)', \(field.match.description)",
                        at: field.node, operation: operation.displayName, inNewDocument: false))
            }
        }
        for index in match.added {
            let operation = new.operations[index]
            for field in after.returned[index] where field.dataClass != .personal && !exempt(field, operation) {
                report(field, operation, isNew: true)
            }
        }
    }

    // MARK: - Input bounds

    mutating func compareInputBounds() {
        let (oldWalker, newWalker) = (InputShape.Walker(graph: old.schemas), InputShape.Walker(graph: new.schemas))
        var reported: Set<String> = []
        for (oldIndex, newIndex) in match.pairs {
            let operation = new.operations[newIndex]
            guard !operation.isWebhook else { continue }
            var oldValues: [String: SchemaID] = [:]
            for entry in InputShape(of: old.operations[oldIndex], walker: oldWalker).entries
            where oldValues[entry.key] == nil {
                oldValues[entry.key] = entry.schema
            }
            for entry in InputShape(of: operation, walker: newWalker).entries {
                guard let oldID = oldValues.removeValue(forKey: entry.key) else { continue }
                let (was, now) = (old.schemas[oldID], new.schemas[entry.schema])
                let label = new.schemas.label(of: entry.schema)
                let phrase = "\(label) received by \(operation.displayName)"
                for keyword in InputBound.keywords {
                    let before = InputBound.of(was, keyword)
                    let after = InputBound.of(now, keyword)
                    let anchor = now.node.key ?? now.node
                    let dedupe = "\(keyword) \(ObjectIdentifier(anchor.file)) \((after?.node ?? anchor).pointer)"
                    guard !reported.contains(dedupe) else { continue }
                    if let before, after == nil, !now.isEnumerated {
                        reported.insert(dedupe)
                        add(
                            PostureChange(
                                .inputBoundRemoved,
                                "\(keyword) \(InputBound.format(before.value)) of \(phrase) was removed, so the value is unbounded",
                                at: anchor, operation: operation.displayName))
                    } else if let before, let after, before.value > 0, after.value >= before.value * 10 {
                        reported.insert(dedupe)
                        add(
                            PostureChange(
                                .inputBoundRemoved,
                                "\(keyword) of \(phrase) was raised from \(InputBound.format(before.value)) to \(InputBound.format(after.value))",
                                at: after.node, operation: operation.displayName))
                    } else if before == nil, let after, !was.isEnumerated {
                        reported.insert(dedupe)
                        add(
                            PostureChange(
                                .inputBoundAdded, "\(phrase) now has \(keyword) \(InputBound.format(after.value))",
                                at: after.node, operation: operation.displayName))
                    }
                }
            }
        }
    }

    // MARK: - Rate limits

    mutating func compareRateLimits() {
        for (oldIndex, newIndex) in match.pairs {
            let (before, after) = (old.operations[oldIndex], new.operations[newIndex])
            guard !after.isWebhook else { continue }
            let name = after.displayName
            let was = RateLimitDeclaration(of: before, in: old)
            let now = RateLimitDeclaration(of: after, in: new)
            let anchor = after.responsesNode ?? after.methodNode
            if was.tooManyRequests != nil, now.tooManyRequests == nil {
                add(
                    PostureChange(
                        .rateLimitRemoved, "\(name) no longer declares a 429 (Too Many Requests) response", at: anchor,
                        operation: name))
            }
            if !was.headers.isEmpty, now.headers.isEmpty {
                add(
                    PostureChange(
                        .rateLimitRemoved, "\(name) no longer declares rate-limit headers on its success responses",
                        at: anchor, operation: name))
            }
            // The document's own extensions are compared once, below.
            let ownBefore = was.extensions.filter { !Self.isDocumentExtension($0, old) }
            let ownAfter = now.extensions.filter { !Self.isDocumentExtension($0, new) }
            if !ownBefore.isEmpty, ownAfter.isEmpty {
                add(
                    PostureChange(
                        .rateLimitRemoved, "\(name) no longer carries a rate-limit extension", at: after.methodNode,
                        operation: name))
            }
            if !was.isDeclared, now.isDeclared {
                add(
                    PostureChange(
                        .rateLimitAdded, "\(name) now declares a rate limit (\(now.kinds.joined(separator: ", ")))",
                        at: anchor, operation: name))
            }
        }
        let before = old.extensions.keys.filter(RateLimitNames.isExtension)
        let after = new.extensions.keys.filter(RateLimitNames.isExtension)
        if !before.isEmpty, after.isEmpty {
            add(
                PostureChange(
                    .rateLimitRemoved,
                    "the document no longer carries its rate-limit extension '\(before.sorted()[0])'",
                    at: new.versionNode))
        }
    }

    /// Whether an extension value is one of the document's top-level extensions.
    static func isDocumentExtension(_ node: NodeRef, _ api: APIModel) -> Bool {
        api.extensions.values.contains(node)
    }

    // MARK: - Servers

    /// A server by what it reaches: lowercased host and path without scheme and trailing slash.
    struct ServerSite {
        let key: String
        let scheme: String?
        let server: Server
    }

    static func sites(_ api: APIModel) -> [ServerSite] {
        var result: [ServerSite] = []
        var seen: Set<String> = []
        for server in api.servers + api.pathItems.flatMap(\.servers) + api.operations.flatMap(\.servers) {
            let url = URLText(server.expandedURL)
            // Relative URLs are on the host that serves the description; loopback reaches no one else.
            guard url.scheme != nil, !url.host.isEmpty, !url.isLoopback else { continue }
            var rest = Substring(server.expandedURL.trimmingSpaces)
            if let range = rest.firstRange(of: "://") { rest = rest[range.upperBound...] }
            var key = rest.lowercased()
            while key.hasSuffix("/") { key.removeLast() }
            let scheme = url.scheme == "ws" ? "http" : url.scheme == "wss" ? "https" : url.scheme
            guard seen.insert("\(scheme ?? "") \(key)").inserted else { continue }
            result.append(ServerSite(key: key, scheme: scheme, server: server))
        }
        return result
    }

    mutating func compareServers() {
        let (before, after) = (Self.sites(old), Self.sites(new))
        let oldByKey = Dictionary(grouping: before, by: \.key)
        let newByKey = Dictionary(grouping: after, by: \.key)
        for site in after {
            let previous = oldByKey[site.key] ?? []
            let url = site.server.url
            if site.scheme == "http" {
                if previous.isEmpty {
                    add(
                        PostureChange(
                            .serverPlainHTTP, "server '\(url)' is new and uses plain HTTP, so traffic is unencrypted",
                            at: site.server.node))
                } else if !previous.contains(where: { $0.scheme == "http" }) {
                    add(
                        PostureChange(
                            .serverPlainHTTP,
                            "server '\(url)' now uses plain HTTP (it was '\(previous[0].server.url)')",
                            at: site.server.node))
                }
            } else if previous.isEmpty {
                add(
                    PostureChange(
                        .serverAdded, "server '\(url)' is new: the API is now also exposed there", at: site.server.node)
                )
            } else if site.scheme == "https", previous.allSatisfy({ $0.scheme == "http" }),
                !(newByKey[site.key] ?? []).contains(where: { $0.scheme == "http" })
            {
                add(
                    PostureChange(
                        .serverHTTPS, "server '\(url)' now uses HTTPS (it was '\(previous[0].server.url)')",
                        at: site.server.node))
            }
        }
        for site in before where newByKey[site.key] == nil {
            add(
                PostureChange(
                    .serverRemoved, "server '\(site.server.url)' is no longer listed", at: site.server.node,
                    inNewDocument: false))
        }
    }

    // MARK: - Scopes granting read and write

    /// The scopes `scope-grants-read-and-write` reports in a document, with the finding that reports each.
    static func readWriteScopes(_ api: APIModel) -> [(ScopeUse, Finding)] {
        guard let entry = RuleCatalog.builtIn.entry("scope-grants-read-and-write") else { return [] }
        let findings = RuleContext.run(entry.rule, id: entry.id, severity: entry.description.severity, on: api)
        return findings.compactMap { finding in
            let scope = finding.location.string
            guard
                let scheme = api.securitySchemes.first(where: { $0.scopeKeys(named: scope).contains(finding.location) })
            else {
                return nil
            }
            return (ScopeUse(scheme: scheme.name, scope: scope), finding)
        }
    }

    mutating func compareScopeGrants() {
        let before = Self.readWriteScopes(old)
        let after = Self.readWriteScopes(new)
        let oldSet = Set(before.map(\.0))
        let newSet = Set(after.map(\.0))
        var seen: Set<ScopeUse> = []
        for (use, finding) in after where !oldSet.contains(use) && seen.insert(use).inserted {
            add(PostureChange(.scopeGrantsReadAndWrite, finding.message, at: finding.location))
        }
        for (use, finding) in before where !newSet.contains(use) && seen.insert(use).inserted {
            add(
                PostureChange(
                    .scopeGrantsReadAndWriteRemoved,
                    "scope '\(use.scope)' of security scheme '\(use.scheme)' no longer alone allows both reading and changing data",
                    at: finding.location, inNewDocument: false))
        }
    }
}
