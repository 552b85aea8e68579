import OpenAPIModel
import RuleEngine
import SourceTree

/// Reads `policies` lists strictly: an unknown key, a wrong type, an invalid glob or pattern, an unknown scheme kind
/// or a duplicate id is an error at its line and column.
public enum PolicyParser {
    /// The keys of one policy.
    public enum PolicyKey: String, CaseIterable, Sendable {
        case id, severity, message
        case selector = "where"
        case require, document
    }

    /// The keys of `where`.
    public enum SelectorKey: String, CaseIterable, Sendable {
        case paths, methods, tags, extensions
    }

    /// The keys of `require`.
    public enum RequirementKey: String, CaseIterable, Sendable {
        case authenticated, schemes, scopes, responses
        case rateLimit = "rate-limit"
        case servers
    }

    /// The keys of `document`.
    public enum DocumentRequirementKey: String, CaseIterable, Sendable {
        case scopePattern = "scope-pattern"
        case servers, schemes
    }

    /// The one key of a file given with `--policy`.
    public static let policyFileKey = "policies"

    /// Reads a file given with `--policy`: a mapping whose only key is `policies`.
    public static func load(path: String, after earlier: [Policy] = []) throws(LoadError) -> [Policy] {
        let file = try YAMLLoader.load(path: path)
        guard let rootNode = file.root else { return [] }
        let root = NodeRef(file, rootNode)
        guard root.isMapping else {
            throw LoadError(
                path: path, position: root.position, message: "a policy file must be a mapping with `policies`")
        }
        var policies = earlier
        for (key, value) in root.entries {
            guard key.string == policyFileKey else {
                throw LoadError(
                    path: path, position: key.position,
                    message: "unknown key '\(key.string)'; a policy file has only `\(policyFileKey)`")
            }
            try read(value, path: path, into: &policies)
        }
        return Array(policies.dropFirst(earlier.count))
    }

    /// Reads a `policies` list, appending to `policies`; an id already there is an error.
    public static func read(_ list: NodeRef, path: String, into policies: inout [Policy]) throws(LoadError) {
        let reader = Reader(path: path)
        if list.file.isNull(list.node) { return }
        guard list.isSequence else { throw reader.fail(list, "`policies` must be a list of policies") }
        for item in list.items {
            let policy = try reader.policy(item)
            if let earlier = policies.first(where: { $0.id == policy.id }) {
                throw reader.fail(item["id"] ?? item, "policy '\(policy.id)' is already defined at \(earlier.source)")
            }
            policies.append(policy)
        }
    }

    /// The checks of one file's policies.
    private struct Reader {
        let path: String

        func fail(_ node: NodeRef, _ message: String) -> LoadError {
            LoadError(path: path, position: node.position, message: message)
        }

        /// The mapping's entries with each key checked against `Key`.
        func entries<Key: RawRepresentable & CaseIterable>(
            _ node: NodeRef, _ name: String, as: Key.Type
        ) throws(LoadError) -> [(key: Key, node: NodeRef)] where Key.RawValue == String {
            guard node.isMapping else { throw fail(node, "`\(name)` must be a mapping") }
            var result: [(Key, NodeRef)] = []
            for (key, value) in node.entries {
                guard let known = Key(rawValue: key.string) else {
                    let expected = Key.allCases.map(\.rawValue).joined(separator: ", ")
                    throw fail(key, "unknown key '\(key.string)' in `\(name)`; expected \(expected)")
                }
                result.append((known, value))
            }
            return result
        }

        func policy(_ node: NodeRef) throws(LoadError) -> Policy {
            guard node.isMapping else {
                throw fail(node, "a policy must be a mapping with `id` and `require` or `document`")
            }
            var id: String?
            var severity = Severity.error
            var message: String?
            var selector: OperationSelector?
            var requirements: OperationRequirements?
            var document: DocumentRequirements?
            for (key, value) in try entries(node, "policies", as: PolicyKey.self) {
                switch key {
                case .id:
                    let text = value.scalar ?? ""
                    guard !text.isEmpty, text.unicodeScalars.allSatisfy(Self.isIDCharacter),
                        text.first != "-", text.first != "."
                    else {
                        throw fail(
                            value,
                            "a policy id is made of letters, digits, `-`, `_` and `.`, like admin-needs-admin-scope")
                    }
                    id = text
                case .severity:
                    guard let level = value.scalar.flatMap(Severity.init(rawValue:)) else {
                        throw fail(value, "`severity` must be error, warning or note")
                    }
                    severity = level
                case .message:
                    guard let text = value.scalar, !text.isEmpty else { throw fail(value, "`message` must be a text") }
                    message = text
                case .selector: selector = try self.selector(value)
                case .require: requirements = try self.requirements(value)
                case .document: document = try self.document(value)
                }
            }
            guard let id else { throw fail(node, "a policy needs an `id`") }
            guard requirements != nil || document != nil else {
                throw fail(node, "policy '\(id)' has neither `require` nor `document`, so it requires nothing")
            }
            if selector != nil && requirements == nil, let whereNode = node.keyNode("where") {
                throw fail(whereNode, "policy '\(id)' has `where` but no `require` for the operations it selects")
            }
            return Policy(
                id: id, severity: severity, message: message, selector: selector, operationRequirements: requirements,
                documentRequirements: document, source: "\(path):\(node.position.line)")
        }

        private static func isIDCharacter(_ scalar: Unicode.Scalar) -> Bool {
            ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar)
                || ("0"..."9").contains(scalar) || "-_.".unicodeScalars.contains(scalar)
        }

        func selector(_ node: NodeRef) throws(LoadError) -> OperationSelector {
            var paths: [PolicyGlob]?
            var methods: Set<HTTPMethod>?
            var tags: Set<String>?
            var extensions: [(name: String, value: String)]?
            for (key, value) in try entries(node, "where", as: SelectorKey.self) {
                switch key {
                case .paths:
                    paths = try strings(value, "where.paths").map { item throws(LoadError) in
                        guard item.string.hasPrefix("/") else {
                            throw fail(item, "'\(item.string)' is not a path glob: path templates start with `/`")
                        }
                        return try glob(item, ignoresCase: false)
                    }
                case .methods:
                    methods = Set(
                        try strings(value, "where.methods").map { item throws(LoadError) in
                            guard let method = HTTPMethod(rawValue: item.string.lowercased()) else {
                                let known = HTTPMethod.allCases.map(\.rawValue).joined(separator: ", ")
                                throw fail(item, "unknown method '\(item.string)'; expected \(known)")
                            }
                            return method
                        })
                case .tags: tags = Set(try strings(value, "where.tags").map(\.string))
                case .extensions:
                    guard value.isMapping, !value.entries.isEmpty else {
                        throw fail(value, "`where.extensions` must map extension names (x-…) to values")
                    }
                    extensions = try value.entries.map { name, wanted throws(LoadError) in
                        guard name.string.lowercased().hasPrefix("x-") else {
                            throw fail(name, "'\(name.string)' is not an extension; extension names start with x-")
                        }
                        guard let text = wanted.scalar else {
                            throw fail(wanted, "the value of '\(name.string)' must be a string, number or boolean")
                        }
                        return (name.string.lowercased(), text)
                    }
                }
            }
            return OperationSelector(paths: paths, methods: methods, tags: tags, extensions: extensions)
        }

        func requirements(_ node: NodeRef) throws(LoadError) -> OperationRequirements {
            var authenticated = false
            var schemes: [SchemeKind]?
            var scopes: [String]?
            var responses: [String]?
            var rateLimit = false
            var servers: [PolicyGlob]?
            let found = try entries(node, "require", as: RequirementKey.self)
            guard !found.isEmpty else { throw fail(node, "`require` lists no requirement") }
            for (key, value) in found {
                switch key {
                case .authenticated: authenticated = try isTrue(value, "authenticated")
                case .rateLimit: rateLimit = try isTrue(value, "rate-limit")
                case .schemes: schemes = try schemeKinds(value, "require.schemes")
                case .scopes:
                    scopes = try strings(value, "require.scopes").map(\.string)
                case .responses:
                    responses = try strings(value, "require.responses").map { item throws(LoadError) in
                        let code = item.string.uppercased() == "DEFAULT" ? "default" : item.string.uppercased()
                        let digits = code.dropLast(2)
                        let isRange = code.count == 3 && code.hasSuffix("XX") && ("1"..."5").contains(digits)
                        let isCode = Int(code).map { (100...599).contains($0) } ?? false
                        guard code == "default" || isRange || isCode else {
                            throw fail(item, "'\(item.string)' is not a status code, a range like 4XX, or default")
                        }
                        return code
                    }
                case .servers:
                    servers = try strings(value, "require.servers").map { item throws(LoadError) in
                        try glob(item, ignoresCase: true)
                    }
                }
            }
            return OperationRequirements(
                authenticated: authenticated, schemes: schemes, scopes: scopes, responses: responses,
                rateLimit: rateLimit, servers: servers)
        }

        func document(_ node: NodeRef) throws(LoadError) -> DocumentRequirements {
            var pattern: ScopePattern?
            var servers: [PolicyGlob]?
            var schemes: [SchemeKind]?
            let found = try entries(node, "document", as: DocumentRequirementKey.self)
            guard !found.isEmpty else { throw fail(node, "`document` lists no requirement") }
            for (key, value) in found {
                switch key {
                case .scopePattern:
                    guard let text = value.scalar, !text.isEmpty else {
                        throw fail(value, "`scope-pattern` must be a regular expression")
                    }
                    do {
                        pattern = try ScopePattern(text)
                    } catch {
                        throw fail(value, "`scope-pattern` '\(text)' \(error.message)")
                    }
                case .servers:
                    servers = try strings(value, "document.servers").map { item throws(LoadError) in
                        try glob(item, ignoresCase: true)
                    }
                case .schemes: schemes = try schemeKinds(value, "document.schemes")
                }
            }
            return DocumentRequirements(scopePattern: pattern, servers: servers, schemes: schemes)
        }

        func isTrue(_ node: NodeRef, _ name: String) throws(LoadError) -> Bool {
            guard node.bool == true else {
                throw fail(node, "`\(name)` takes only true (leave it out to not require it)")
            }
            return true
        }

        /// A non-empty list of strings.
        func strings(_ node: NodeRef, _ name: String) throws(LoadError) -> [NodeRef] {
            guard node.isSequence, !node.items.isEmpty, node.items.allSatisfy(\.isScalar) else {
                throw fail(node, "`\(name)` must be a non-empty list of strings")
            }
            return node.items
        }

        func schemeKinds(_ node: NodeRef, _ name: String) throws(LoadError) -> [SchemeKind] {
            try strings(node, name).map { item throws(LoadError) in
                guard let kind = SchemeKind(rawValue: item.string) else {
                    let known = SchemeKind.allCases.map(\.rawValue).joined(separator: ", ")
                    throw fail(item, "unknown scheme kind '\(item.string)'; expected \(known)")
                }
                return kind
            }
        }

        func glob(_ node: NodeRef, ignoresCase: Bool) throws(LoadError) -> PolicyGlob {
            if let problem = PolicyGlob.problem(with: node.string) { throw fail(node, problem) }
            return PolicyGlob(node.string, ignoresCase: ignoresCase)
        }
    }
}
