import Lexicon
import OpenAPIModel
import SourceTree

/// A neutrally named scope that on its own lets a token both read and change data, when reading needs no narrower
/// scope: what `scope-grants-read-and-write` reports and what the diff compares between two versions.
public struct ReadWriteScope: Sendable {
    /// The OAuth 2.0 scheme whose operations ask for the scope.
    public let scheme: SecurityScheme
    public let scope: String
    /// An operation that only reads and one that changes state (indexes into `APIModel.operations`), both callable
    /// with a token holding only `scope`.
    public let reading: Int
    public let writing: Int

    /// The keys, in every flow of the scheme, that define the scope.
    public var keys: [NodeRef] { scheme.scopeKeys(named: scope) }

    /// How a finding says it.
    public func message(in api: APIModel) -> String {
        "scope '\(scope)' of security scheme '\(scheme.name)' alone allows both \(api.operations[reading].displayName) and \(api.operations[writing].displayName), so a token meant for reading can also change data"
    }
}

extension APIModel {
    /// One operation's OAuth 2.0 alternatives for one scheme: the scopes each asks for.
    private struct Alternatives {
        /// Index into `operations`.
        let operation: Int
        /// Each alternative's scopes, as `ScopeNumbering` sets.
        let scopeSets: [[Int]]
    }

    /// The scopes that alone allow both reading and changing data: for each OAuth 2.0 scheme in document order, in
    /// the order of the read-only operations that ask for them alone; each scope once per scheme.
    public func scopesGrantingReadAndWrite() -> [ReadWriteScope] {
        var numbering = ScopeNumbering()
        // Each scheme's alternatives, gathered in one pass over the operations (not one pass per scheme).
        var usesByScheme: [String: [Alternatives]] = [:]
        for (index, operation) in operations.enumerated() where !operation.isWebhook {
            // An operation names few schemes: they are found in a list, in the order they first appear, without
            // hashing their names.
            var schemes: [(name: String, scopeSets: [[Int]])] = []
            for requirement in operation.effectiveSecurity {
                for entry in requirement.entries {
                    let scopes = numbering.set(of: entry.namedScopes.map(\.name))
                    if let known = schemes.firstIndex(where: { $0.name == entry.schemeName }) {
                        schemes[known].scopeSets.append(scopes)
                    } else {
                        schemes.append((entry.schemeName, [scopes]))
                    }
                }
            }
            for (name, scopeSets) in schemes {
                usesByScheme[name, default: []].append(Alternatives(operation: index, scopeSets: scopeSets))
            }
        }
        var grants: [ReadWriteScope] = []
        for scheme in securitySchemes where scheme.type == .oauth2 {
            let uses = usesByScheme[scheme.name] ?? []
            let writes = uses.filter { operations[$0.operation].changesState }
            var allowed: [[Int]: Int?] = [:]
            /// The first state-changing operation a token with exactly `scopes` can call (alternatives without
            /// scopes are left to oauth2-requirement-without-scopes); remembered, as many operations share scopes.
            func writeAllowed(by scopes: [Int]) -> Int? {
                if let known = allowed[scopes] { return known }
                let found = writes.first {
                    $0.scopeSets.contains { !$0.isEmpty && ScopeNumbering.isSubset($0, of: scopes) }
                }?.operation
                allowed[scopes] = found
                return found
            }
            var found: Set<String> = []
            for read in uses where operations[read.operation].method.isReadOnly {
                // Reading is possible with less when some alternative grants no write, or names only read scopes.
                let narrower = read.scopeSets.contains { scopes in
                    writeAllowed(by: scopes) == nil || scopes.allSatisfy { ScopeNames.isReadOnly(numbering.names[$0]) }
                }
                guard !narrower else { continue }
                for set in read.scopeSets where set.count == 1 {
                    // A scope named for writing (`pets:write`, `admin:manage`) is not requested to read.
                    let scope = numbering.names[set[0]]
                    guard !found.contains(scope), !ScopeNames.grantsWrite(scope), let write = writeAllowed(by: set)
                    else { continue }
                    found.insert(scope)
                    grants.append(ReadWriteScope(scheme: scheme, scope: scope, reading: read.operation, writing: write))
                }
            }
        }
        return grants
    }
}

/// Scope names numbered as they first appear, and sets of scopes as their numbers in ascending order: such sets
/// compare, hash and include one another without hashing a name again.
struct ScopeNumbering {
    /// The names, by number.
    private(set) var names: [String] = []
    private var numbers: [String: Int] = [:]

    /// The set of `scopes`: their numbers, ascending, each once.
    mutating func set(of scopes: [String]) -> [Int] {
        var set = scopes.map { name in
            if let number = numbers[name] { return number }
            numbers[name] = names.count
            names.append(name)
            return names.count - 1
        }
        set.sort()
        var distinct = 0
        for index in set.indices where distinct == 0 || set[distinct - 1] != set[index] {
            set[distinct] = set[index]
            distinct += 1
        }
        set.removeLast(set.count - distinct)
        return set
    }

    /// Whether every number of the ascending `part` is in the ascending `whole`.
    static func isSubset(_ part: [Int], of whole: [Int]) -> Bool {
        var position = 0
        for number in part {
            while position < whole.count && whole[position] < number { position += 1 }
            guard position < whole.count && whole[position] == number else { return false }
            position += 1
        }
        return true
    }
}
