import OpenAPIModel
import RuleEngine

/// Flags query parameters that set a page size without a maximum.
struct UnboundedPageSize: Rule {
    /// Names of page-size parameters, as words (`page_size`, `pageSize` and `page[size]` are `page size`).
    static let names: Set<[String]> = [
        ["limit"], ["page", "size"], ["pagesize"], ["per", "page"], ["perpage"], ["max", "results"], ["maxresults"],
        ["page", "limit"], ["max", "page", "size"], ["max", "items"], ["max", "records"],
    ]

    /// Names that mean a page size only on an operation known to return a collection: elsewhere a `size` is a
    /// volume's capacity or an image's dimensions, a `count` or `first` something else.
    static let collectionOnlyNames: Set<[String]> = [["size"], ["count"], ["top"], ["first"], ["last"]]

    /// What the operation's success responses say about returning a collection.
    enum Returns {
        case collection, notCollection, unknown
    }

    /// Whether the operation returns a collection: a success response whose schema is an array or an object with
    /// an array property (`{data: […]}`); `unknown` when no success response has a schema.
    static func returns(_ operation: Operation, graph: SchemaGraph) -> Returns {
        let schemas = operation.responses.filter(\.isSuccess).flatMap(\.contents).compactMap(\.schema)
        guard !schemas.isEmpty else { return .unknown }
        let isCollection = schemas.contains { id in
            graph.declaredTypes(id).contains("array")
                || graph.allOfClosure(id).flatMap { graph[$0].properties }.contains {
                    graph.declaredTypes($0.schema).contains("array")
                }
        }
        return isCollection ? .collection : .notCollection
    }

    /// Whether a query parameter named `name` sets how many items a page of what `returns` describes holds.
    static func isPageSize(_ name: String, returns: Returns) -> Bool {
        let words = NameWords.split(name)
        switch returns {
        case .collection: return names.contains(words) || collectionOnlyNames.contains(words)
        case .unknown: return names.contains(words)
        case .notCollection: return false
        }
    }

    /// The numeric page-size parameters without an upper bound, with their operations.
    static func unbounded(in api: APIModel) -> [(operation: Operation, parameter: Parameter)] {
        let graph = api.schemas
        var result: [(operation: Operation, parameter: Parameter)] = []
        for operation in api.operations where !operation.isWebhook {
            let returned = returns(operation, graph: graph)
            for parameter in operation.parameters
            where parameter.location == "query" && isPageSize(parameter.name, returns: returned) {
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
