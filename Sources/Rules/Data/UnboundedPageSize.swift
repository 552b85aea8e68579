import OpenAPIModel
import RuleEngine

/// Flags query parameters that set a page size without a maximum.
struct UnboundedPageSize: Rule {
    /// Names of page-size parameters, as words (`page_size`, `pageSize` and `page[size]` are `page size`).
    static let names: Set<[String]> = [
        ["limit"], ["page", "size"], ["pagesize"], ["per", "page"], ["perpage"], ["size"], ["count"],
        ["top"],
        ["max", "results"], ["maxresults"], ["first"], ["last"], ["page", "limit"],
        ["max", "page", "size"],
        ["max", "items"], ["max", "records"],
    ]

    /// Whether a query parameter named `name` sets how many items a page holds.
    static func isPageSize(_ name: String) -> Bool { names.contains(NameWords.split(name)) }

    /// The numeric page-size parameters without an upper bound, with their operations.
    static func unbounded(in api: APIModel) -> [(operation: Operation, parameter: Parameter)] {
        let graph = api.schemas
        var result: [(operation: Operation, parameter: Parameter)] = []
        for operation in api.operations where !operation.isWebhook {
            for parameter in operation.parameters
            where parameter.location == "query" && isPageSize(parameter.name) {
                guard let id = parameter.schema else { continue }
                let group = graph.allOfClosure(id)
                let numeric = group.contains {
                    graph[$0].types.contains("integer") || graph[$0].types.contains("number")
                }
                guard numeric, !group.contains(where: { graph[$0].hasUpperBound || graph[$0].isEnumerated })
                else {
                    continue
                }
                result.append((operation, parameter))
            }
        }
        return result
    }

    func check(_ context: RuleContext) {
        for (operation, parameter) in Self.unbounded(in: context.api) {
            context.report(
                parameter.node,
                "query parameter '\(parameter.name)' of \(operation.displayName) sets a page size with no `maximum`, so one call can ask for every record"
            )
        }
    }
}
