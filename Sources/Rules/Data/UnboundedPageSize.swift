import Lexicon
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
        /// A success response is an array, or an object with an array property (`{data: […]}`).
        case collection
        /// A success response holds an array deeper down (`{data: {attributes: {items: […]}}}`) or carries
        /// pagination fields (`next_cursor`, `has_more`, `total_count`): a page, though not of a plain list.
        case page
        /// Every success response is a string: a file or an image, never a page.
        case file
        /// A single object: only a parameter whose name can mean nothing but a page size says it pages (GitLab's
        /// `GET /groups` declares one `Group` and takes `per_page`).
        case notCollection
        case unknown
    }

    /// How many properties deep a page's array or pagination fields are looked for.
    static let pageDepth = 3

    /// Whether the operation returns a collection or a page (see `Returns`); `unknown` when no success response
    /// has a schema.
    static func returns(_ operation: Operation, graph: SchemaGraph) -> Returns {
        let schemas = operation.responses.filter(\.isSuccess).flatMap(\.contents).compactMap(\.schema)
        guard !schemas.isEmpty else { return .unknown }
        let isCollection = schemas.contains { id in
            graph.declaredTypes(id).contains(.array)
                || graph.allOfClosure(id).flatMap { graph[$0].properties }.contains {
                    graph.declaredTypes($0.schema).contains(.array)
                }
        }
        if isCollection { return .collection }
        if schemas.allSatisfy({ graph.declaredTypes($0) == [.string] }) { return .file }
        return schemas.contains { holdsPage($0, graph: graph) } ? .page : .notCollection
    }

    /// Whether `id` holds an array, or an object with a pagination field, within `pageDepth` properties, following
    /// `allOf`, `oneOf` and `anyOf`.
    static func holdsPage(_ id: SchemaID, graph: SchemaGraph) -> Bool {
        var level: [SchemaID] = [id]
        var seen: Set<SchemaID> = [id]
        for _ in 0...pageDepth {
            var next: [SchemaID] = []
            var index = 0
            while index < level.count {
                let schema = graph[level[index]]
                index += 1
                if schema.isType(.array) { return true }
                for member in schema.composed where seen.insert(member).inserted { level.append(member) }
                for property in schema.properties {
                    if isPaginationField(property.name) { return true }
                    if seen.insert(property.schema).inserted { next.append(property.schema) }
                }
            }
            level = next
        }
        return false
    }

    /// Whether a response member named `name` says the object is one page of a longer list (`next`,
    /// `next_page_token`, `nextLink`, `has_more`, `total_count`, `cursor`, `pagination`).
    static func isPaginationField(_ name: String) -> Bool {
        let words = NameWords.split(name)
        guard let first = words.first else { return false }
        switch first {
        case "next", "cursor", "pagination": return true
        case "has": return words == ["has", "more"]
        case "total": return words.count > 1 && ["count", "items", "results", "records"].contains(words.last)
        default: return false
        }
    }

    /// Whether a query parameter whose name has these `words` sets how many items a page of what `returns` describes
    /// holds: the names that can mean something else only on a plain collection.
    static func isPageSize(_ words: [String], returns: Returns) -> Bool {
        switch returns {
        case .collection: return names.contains(words) || collectionOnlyNames.contains(words)
        case .page, .notCollection, .unknown: return names.contains(words)
        case .file: return false
        }
    }

    /// The numeric page-size parameters without an upper bound, with their operations.
    static func unbounded(in api: APIModel) -> [(operation: Operation, parameter: Parameter)] {
        let graph = api.schemas
        var result: [(operation: Operation, parameter: Parameter)] = []
        for operation in api.operations where !operation.isWebhook {
            // What the operation returns is only asked when a query parameter may be named for a page size.
            let named = operation.parameters.compactMap { parameter in
                parameter.location == .query ? (parameter, NameWords.split(parameter.name)) : nil
            }.filter { names.contains($0.1) || collectionOnlyNames.contains($0.1) }
            guard !named.isEmpty else { continue }
            let returned = returns(operation, graph: graph)
            for (parameter, words) in named where isPageSize(words, returns: returned) {
                guard let id = parameter.schema else { continue }
                let group = graph.allOfClosure(id)
                let numeric = group.contains {
                    graph[$0].types.contains(.integer) || graph[$0].types.contains(.number)
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
