import OpenAPIModel
import SourceTree

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

// Authentication and required scopes of the operations both versions have, and of those added or removed.
extension Comparison {
    /// Where an operation's security is written in the new document: its own `security`, else the document's.
    func securityNode(_ operation: Operation, in api: APIModel) -> NodeRef {
        if let own = operation.security { return own.keyNode }
        if operation.effectiveSecurityLevel == .document, let document = api.security { return document.keyNode }
        return operation.methodNode
    }

    /// `'oauth' (oauth2)`, `'key' (apiKey query) + 'basic' (http basic)`: the weakest authenticating alternative.
    static func weakestAlternative(_ operation: Operation, in api: APIModel) -> (SchemeStrength, String)? {
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
    struct ScopeUse: Hashable, Comparable, Sendable {
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
        comparePairedOperations()
        compareAddedOperations()
        compareRemovedOperations()
    }

    /// Authentication and required scopes of each operation both versions have.
    mutating func comparePairedOperations() {
        for (oldIndex, newIndex) in match.pairs {
            let before = old.operations[oldIndex]
            let after = new.operations[newIndex]
            guard !after.isWebhook, !before.isWebhook else { continue }
            let name = after.displayName
            let node = securityNode(after, in: new)
            switch (before.access, Access(after)) {
            case (.required, .open), (.optional, .open):
                let was = before.weakestAlternative?.text ?? "a security requirement"
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
                let now = Self.weakestAlternative(after, in: new)?.1 ?? "a security requirement"
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
            if let (was, wasText) = before.weakestAlternative,
                let (now, nowText) = Self.weakestAlternative(after, in: new)
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
            let (oldScopes, newScopes) = (before.requiredScopes, Self.requiredScopes(after))
            for lost in oldScopes.subtracting(newScopes).sorted() {
                add(
                    PostureChange(
                        .scopeRequirementRemoved,
                        "\(name) no longer requires scope '\(lost.scope)' of security scheme '\(lost.scheme)'",
                        at: node, operation: name))
            }
            // A scope swapped for another is reported as the loss only: which of two scopes grants less is unknown.
            let lost = oldScopes.subtracting(newScopes)
            for gained in newScopes.subtracting(oldScopes).sorted() where before.access == .required && lost.isEmpty {
                add(
                    PostureChange(
                        .scopeRequirementAdded,
                        "\(name) now requires scope '\(gained.scope)' of security scheme '\(gained.scheme)'", at: node,
                        operation: name))
            }
        }
    }

    /// Operations added without authentication, or that accept anonymous callers.
    mutating func compareAddedOperations() {
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
    }

    /// Operations removed that did not require authentication.
    mutating func compareRemovedOperations() {
        for index in match.removed {
            guard let (name, location) = old.operations[index].unauthenticatedRemoval else { continue }
            add(
                PostureChange(
                    .unauthenticatedOperationRemoved, "\(name), which did not require authentication, was removed",
                    at: location, operation: name))
        }
    }
}
