import OpenAPIModel
import SourceTree

/// The values an operation receives, each keyed by where it sits in the request, so that the same value can be
/// found in two versions of a document: `query:limit`, `path#0` (path parameters by position, whatever their
/// name), `body:application/json/customer/name`, `…/[]` for array items, `…/{}` for map values, `…/allOf1`.
struct InputShape {
    /// One value with its schema; `key` is its place in the request as a `KeyPaths` id.
    struct Entry {
        let key: KeyPaths.ID
        let schema: SchemaID
    }

    /// Most values listed per parameter or body, against pathological documents.
    static let limit = 5_000

    let entries: [Entry]

    /// Walks each schema an operation takes in once, whichever operations share it.
    final class Walker {
        let graph: SchemaGraph
        let paths: KeyPaths
        private var cache: [SchemaID: [Entry]] = [:]

        /// Walkers of two versions that share `paths` give equal keys equal ids.
        init(graph: SchemaGraph, paths: KeyPaths) {
            self.graph = graph
            self.paths = paths
        }

        /// The values under `seed`, keyed relative to it (`KeyPaths.empty` for the seed itself).
        func values(under seed: SchemaID) -> [Entry] {
            if let known = cache[seed] { return known }
            var entries: [Entry] = []
            // Depth-first with an explicit stack (schema chains can be thousands deep); a schema already on
            // the current path is not entered again, so recursion stops while shared schemas still count.
            enum Step {
                case enter(SchemaID, KeyPaths.ID)
                case leave(SchemaID)
            }
            var steps: [Step] = [.enter(seed, KeyPaths.empty)]
            var onPath: Set<SchemaID> = []
            while let step = steps.popLast() {
                guard case .enter(let id, let key) = step else {
                    if case .leave(let id) = step { onPath.remove(id) }
                    continue
                }
                guard entries.count < InputShape.limit, !onPath.contains(id) else { continue }
                entries.append(Entry(key: key, schema: id))
                onPath.insert(id)
                let schema = graph[id]
                var children: [Step] = []
                for property in schema.properties where graph.isInRole(property, .request) {
                    children.append(.enter(property.schema, paths.appending("/" + property.name, to: key)))
                }
                if let items = schema.items { children.append(.enter(items, paths.appending("/[]", to: key))) }
                if case .schema(let extra) = schema.additionalProperties {
                    children.append(.enter(extra, paths.appending("/{}", to: key)))
                }
                for (label, members) in [("allOf", schema.allOf), ("oneOf", schema.oneOf), ("anyOf", schema.anyOf)] {
                    for (index, member) in members.enumerated() {
                        children.append(.enter(member, paths.appending("/\(label)\(index)", to: key)))
                    }
                }
                steps.append(.leave(id))
                steps += children.reversed()
            }
            cache[seed] = entries
            return entries
        }
    }

    init(of operation: Operation, walker: Walker) {
        var entries: [Entry] = []
        let paths = walker.paths
        let placeholders = Self.placeholders(operation.path)
        for parameter in operation.parameters {
            guard let schema = parameter.schema else { continue }
            let key: String
            if parameter.location == .path, let position = placeholders.firstIndex(of: parameter.name) {
                key = "path#\(position)"
            } else {
                let name = parameter.location == .header ? parameter.name.lowercased() : parameter.name
                key = "\(parameter.location):\(name)"
            }
            let prefix = paths.appending(key, to: KeyPaths.empty)
            entries += walker.values(under: schema).map { Entry(key: paths.joining(prefix, $0.key), schema: $0.schema) }
        }
        for content in operation.requestBody?.contents ?? [] {
            guard let schema = content.schema else { continue }
            let prefix = paths.appending("body:" + content.name, to: KeyPaths.empty)
            entries += walker.values(under: schema).map {
                Entry(key: paths.joining(prefix, $0.key), schema: $0.schema)
            }
        }
        self.entries = entries
    }

    /// The names of a path template's parameters, in order: `["userId", "id"]` for `/users/{userId}/orders/{id}`.
    static func placeholders(_ path: String) -> [String] {
        var names: [String] = []
        var current: String?
        for character in path {
            if character == "{" {
                current = ""
            } else if character == "}", let name = current {
                names.append(name)
                current = nil
            } else if current != nil {
                current?.append(character)
            }
        }
        return names
    }
}

/// An upper bound on a received value: `maxLength`, `maxItems`, or `maximum` (or a numeric 3.1 `exclusiveMaximum`).
struct InputBound {
    let keyword: String
    let value: Double
    /// The keyword's key.
    let node: NodeRef

    static let keywords = ["maxLength", "maxItems", "maximum"]

    /// The schema's bound of kind `keyword`, if any.
    static func of(_ schema: Schema, _ keyword: String) -> InputBound? {
        let keys = schema.boundKeys
        switch keyword {
        case "maxLength":
            return schema.maxLength.flatMap { value in
                keys.maxLength.map { InputBound(keyword: keyword, value: value, node: $0) }
            }
        case "maxItems":
            return schema.maxItems.flatMap { value in
                keys.maxItems.map { InputBound(keyword: keyword, value: value, node: $0) }
            }
        default:
            if let value = schema.maximum, let key = keys.maximum {
                return InputBound(keyword: "maximum", value: value, node: key)
            }
            if let value = schema.exclusiveMaximum, let key = keys.exclusiveMaximum {
                return InputBound(keyword: "maximum", value: value, node: key)
            }
            return nil
        }
    }

    /// `64`, `0.5`.
    static func format(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
    }
}
