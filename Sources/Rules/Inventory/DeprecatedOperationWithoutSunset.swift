import Lexicon
import OpenAPIModel
import RuleEngine
import SourceTree

/// Flags deprecated operations that declare no retirement date.
struct DeprecatedOperationWithoutSunset: Rule {
    /// Words of an extension key that name a retirement date: `x-sunset`, `x-github.removalDate`, `x-retirement-date`.
    static let retirementWords: Set<String> = [
        "sunset", "removal", "retirement", "retire", "retired", "eol", "decommission",
    ]

    /// Whether an extension, or a key of an extension's mapping, names a retirement date.
    static func announcesRetirement(_ extensions: [String: NodeRef]) -> Bool {
        extensions.contains { name, value in
            let keys = [name] + (value.isMapping ? value.keys : [])
            return keys.contains { NameWords.split($0).contains { retirementWords.contains($0) } }
        }
    }

    func check(_ context: RuleContext) {
        let api = context.api
        for operation in api.operations where operation.deprecated {
            guard let node = operation.deprecatedNode else { continue }
            let pathItem =
                api.pathItems.indices.contains(operation.pathItemIndex)
                ? api.pathItems[operation.pathItemIndex] : nil
            let hasHeader = operation.responses.contains {
                $0.headers.contains { $0.name.lowercased() == "sunset" }
            }
            guard !hasHeader, !Self.announcesRetirement(operation.extensions),
                !Self.announcesRetirement(pathItem?.extensions ?? [:])
            else { continue }
            context.report(
                node,
                "\(operation.displayName) is deprecated but declares no retirement date (no `Sunset` response header, no `x-sunset`)"
            )
        }
    }
}
