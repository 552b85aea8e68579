import OpenAPIModel
import SourceTree

/// Where the values an operation receives sit in the request, so that the same value can be found in two versions of
/// a document: each parameter and body at its place (`query:limit`, `path#0` — path parameters by position,
/// whatever their name —, `body:application/json`), and below a schema each member at its label (`/name` for a
/// property, `/[]` for array items, `/{}` for map values, `/allOf1`).
struct InputShape {
    /// The schema of each parameter and body, at its place, in the operation's order.
    let seeds: [(place: String, schema: SchemaID)]

    /// Most pairs of schemas compared for one diff beyond 16 per schema of either version, against pathological
    /// documents (two versions' schemas could pair every one with every other).
    static let limit = 5_000

    init(of operation: Operation) {
        var seeds: [(place: String, schema: SchemaID)] = []
        let placeholders = Self.placeholders(operation.path)
        for parameter in operation.parameters {
            guard let schema = parameter.schema else { continue }
            if parameter.location == .path, let position = placeholders.firstIndex(of: parameter.name) {
                seeds.append(("path#\(position)", schema))
            } else {
                let name = parameter.location == .header ? parameter.name.lowercased() : parameter.name
                seeds.append(("\(parameter.location):\(name)", schema))
            }
        }
        for content in operation.requestBody?.contents ?? [] {
            guard let schema = content.schema else { continue }
            seeds.append(("body:" + content.name, schema))
        }
        self.seeds = seeds
    }

    /// The members of a schema a received value can sit in, each with its label, in order.
    static func members(of id: SchemaID, in graph: SchemaGraph) -> [(label: String, schema: SchemaID)] {
        let schema = graph[id]
        var members: [(label: String, schema: SchemaID)] = []
        for property in schema.properties where graph.isInRole(property, .request) {
            members.append(("/" + property.name, property.schema))
        }
        if let items = schema.items { members.append(("/[]", items)) }
        if case .schema(let extra) = schema.additionalProperties { members.append(("/{}", extra)) }
        for (label, composed) in [("allOf", schema.allOf), ("oneOf", schema.oneOf), ("anyOf", schema.anyOf)] {
            for (index, member) in composed.enumerated() { members.append(("/\(label)\(index)", member)) }
        }
        return members
    }

    /// A schema of the old version and one of the new at the same place of a request.
    struct Pair: Hashable {
        let old: SchemaID
        let new: SchemaID
    }

    /// Every pair of schemas at the same place of what two versions of an operation receive, each once for the
    /// whole diff (`compared` holds those of earlier operations), depth first in the new version's order: a pair met
    /// again — round a cycle, or from another operation — is neither compared nor entered again, so the walk is
    /// linear in the pairs where walking every place was quadratic on a long schema chain.
    static func pairs(
        old: (
            seeds: [(place: String, schema: SchemaID)],
            members: (SchemaID) -> ArraySlice<(label: String, schema: SchemaID)>
        ),
        new: (operation: Operation, graph: SchemaGraph), compared: inout Set<Pair>, limit: Int
    ) -> [Pair] {
        var oldSeeds: [String: SchemaID] = [:]
        for seed in old.seeds where oldSeeds[seed.place] == nil {
            oldSeeds[seed.place] = seed.schema
        }
        var found: [Pair] = []
        for seed in InputShape(of: new.operation).seeds {
            guard let oldSeed = oldSeeds.removeValue(forKey: seed.place) else { continue }
            var pending = [Pair(old: oldSeed, new: seed.schema)]
            while let pair = pending.popLast() {
                guard compared.count < limit, compared.insert(pair).inserted else { continue }
                found.append(pair)
                var oldMembers: [String: SchemaID] = [:]
                for member in old.members(pair.old) where oldMembers[member.label] == nil {
                    oldMembers[member.label] = member.schema
                }
                for member in members(of: pair.new, in: new.graph).reversed() {
                    if let oldMember = oldMembers[member.label] {
                        pending.append(Pair(old: oldMember, new: member.schema))
                    }
                }
            }
        }
        return found
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
