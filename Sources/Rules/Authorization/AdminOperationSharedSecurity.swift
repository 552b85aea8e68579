import Lexicon
import OpenAPIModel
import RuleEngine

/// Flags operations under an admin-looking path that demand exactly the security of an ordinary operation.
struct AdminOperationSharedSecurity: Rule {
    /// Words that make a path segment administrative on their own (`/admin/`, `/superuser`, `/admin-api/`); plurals
    /// are left out, as `/groups/{id}/admins` is a collection of people, not an administrative area, and so are longer
    /// names (`admin_api_keys`, `adminUsers`), which name a resource rather than an area.
    static let adminWords: Set<String> = ["admin", "administration", "superuser"]

    /// Words that make a segment administrative only on their own (`/internal/`, `/manage`, `/ops-api/`): in a longer
    /// name they usually name a product feature (`change-management`, `internal.apiserver.k8s.io`).
    static let areaWords: Set<String> = ["internal", "manage", "management", "ops"]

    /// One scheme of one alternative, with the scopes it asks for.
    struct Demand: Hashable {
        let scheme: String
        let scopes: Set<String>
    }

    /// The first administrative segment of `path`, if any; `{parameters}` are not segments to judge.
    static func adminSegment(of path: String) -> String? {
        path.split(separator: "/").first { segment in
            guard !segment.hasPrefix("{") else { return false }
            let words = NameWords.split(String(segment))
            return (words.count == 1 || (words.count == 2 && words[1] == "api"))
                && (adminWords.contains(words[0]) || areaWords.contains(words[0]))
        }.map(String.init)
    }

    /// Whether an operation is ordinary enough to compare an administrative one with: no word of its path (split by
    /// `fixedSegmentWords`) is administrative (`admin_api_keys`) or names a privileged area (`audit_logs`,
    /// `application/settings`).
    static func isOrdinary(_ pathWords: [[String]]) -> Bool {
        !pathWords.joined().contains { isAdministrative($0) || SensitiveNames.privilegedAreaWords.contains($0) }
    }

    static func isAdministrative(_ word: String) -> Bool { adminWords.contains(word) || areaWords.contains(word) }

    /// The operation's effective security as a value: alternatives and their order do not matter.
    static func signature(of operation: Operation) -> Set<Set<Demand>> {
        Set(
            operation.effectiveSecurity.map { requirement in
                Set(
                    requirement.entries.map {
                        Demand(scheme: $0.schemeName, scopes: Set($0.namedScopes.map(\.name)))
                    })
            })
    }

    func check(_ context: RuleContext) {
        let operations = context.api.operations
        let pathWords = context.facts.operationPathWords
        // Operations without security are reported by operation-without-security.
        let secured = operations.indices.filter {
            !operations[$0].isWebhook && !operations[$0].effectiveSecurity.isEmpty
        }
        // Every word of an administrative segment is a word of the path: a path without an administrative word, as
        // most are, is not split again.
        let adminSegments = secured.map { index in
            pathWords[index].joined().contains(where: Self.isAdministrative)
                ? Self.adminSegment(of: operations[index].path) : nil
        }
        // Without an administrative operation there is nothing to compare, as in most APIs.
        guard adminSegments.contains(where: { $0 != nil }) else { return }
        var ordinary: [Set<Set<Demand>>: Int] = [:]
        for (index, segment) in zip(secured, adminSegments) where segment == nil && Self.isOrdinary(pathWords[index]) {
            let signature = Self.signature(of: operations[index])
            if ordinary[signature] == nil { ordinary[signature] = index }
        }
        for (index, segment) in zip(secured, adminSegments) {
            guard let segment, let twin = ordinary[Self.signature(of: operations[index])] else { continue }
            context.report(
                operations[index].methodNode,
                "\(operations[index].displayName) is under '\(segment)' but demands exactly the same security as \(operations[twin].displayName)"
            )
        }
    }
}
