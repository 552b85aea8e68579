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

    /// Whether an operation is ordinary enough to compare an administrative one with: no word of its path is
    /// administrative (`admin_api_keys`) or names a privileged area (`audit_logs`, `application/settings`).
    static func isOrdinary(_ path: String) -> Bool {
        !SensitiveNames.fixedSegmentWords(path).joined().contains {
            adminWords.contains($0) || areaWords.contains($0) || SensitiveNames.privilegedAreaWords.contains($0)
        }
    }

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
        // Operations without security are reported by operation-without-security.
        let operations = context.api.operations.filter {
            !$0.isWebhook && !$0.effectiveSecurity.isEmpty
        }
        var ordinary: [Set<Set<Demand>>: Operation] = [:]
        for operation in operations
        where Self.adminSegment(of: operation.path) == nil && Self.isOrdinary(operation.path) {
            let signature = Self.signature(of: operation)
            if ordinary[signature] == nil { ordinary[signature] = operation }
        }
        for operation in operations {
            guard let segment = Self.adminSegment(of: operation.path),
                let twin = ordinary[Self.signature(of: operation)]
            else { continue }
            context.report(
                operation.methodNode,
                "\(operation.displayName) is under '\(segment)' but demands exactly the same security as \(twin.displayName)"
            )
        }
    }
}
