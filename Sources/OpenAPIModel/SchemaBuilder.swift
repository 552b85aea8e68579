import References
import SourceTree

/// Collects schemas into a graph without recursion: each node gets an id on first sight and is read later.
final class SchemaBuilder {
    let resolver: ReferenceResolver
    private var ids: [NodeRef: SchemaID] = [:]
    private var nodes: [NodeRef] = []

    init(resolver: ReferenceResolver) {
        self.resolver = resolver
    }

    /// The id of the schema at `node` (following `$ref`s); nil for boolean schemas and broken references.
    func schemaID(for node: NodeRef) -> SchemaID? {
        guard let target = resolver.follow(node), target.isMapping else { return nil }
        if let known = ids[target] { return known }
        let id = SchemaID(index: nodes.count)
        ids[target] = id
        nodes.append(target)
        return id
    }

    /// Reads every schema seen so far, and those they lead to, in id order.
    func finish() -> [Schema] {
        var schemas: [Schema] = []
        var index = 0
        while index < nodes.count {
            schemas.append(read(nodes[index]))
            index += 1
        }
        return schemas
    }

    private func read(_ node: NodeRef) -> Schema {
        let types: [String]
        if let type = node["type"] {
            types = type.isSequence ? type.items.compactMap(\.scalar) : type.scalar.map { [$0] } ?? []
        } else {
            types = []
        }
        let properties: [Property] = (node["properties"]?.entries ?? []).compactMap { key, value in
            guard let id = schemaID(for: value) else { return nil }
            let target = resolver.follow(value)
            let readOnly = value["readOnly"]?.bool ?? target?["readOnly"]?.bool ?? false
            let writeOnly = value["writeOnly"]?.bool ?? target?["writeOnly"]?.bool ?? false
            return Property(name: key.string, keyNode: key, schema: id, readOnly: readOnly, writeOnly: writeOnly)
        }
        return Schema(
            node: node, types: types, format: node["format"]?.scalar, properties: properties,
            required: node["required"]?.items.compactMap(\.scalar) ?? [],
            items: node["items"].flatMap(schemaID(for:)),
            additionalProperties: extraMembers(node["additionalProperties"]),
            unevaluatedProperties: extraMembers(node["unevaluatedProperties"]),
            allOf: list(node["allOf"]), oneOf: list(node["oneOf"]), anyOf: list(node["anyOf"]),
            readOnly: node["readOnly"]?.bool ?? false, writeOnly: node["writeOnly"]?.bool ?? false,
            hasEnum: node["enum"] != nil, hasConst: node["const"] != nil, pattern: node["pattern"]?.scalar,
            maxLength: node["maxLength"]?.number, maxItems: node["maxItems"]?.number,
            minimum: node["minimum"]?.number, maximum: node["maximum"]?.number,
            hasExclusiveMinimum: exclusiveBound(node["exclusiveMinimum"]),
            hasExclusiveMaximum: exclusiveBound(node["exclusiveMaximum"]))
    }

    private func list(_ node: NodeRef?) -> [SchemaID] {
        guard let node, node.isSequence else { return [] }
        return node.items.compactMap(schemaID(for:))
    }

    private func extraMembers(_ node: NodeRef?) -> ExtraMembers {
        guard let node else { return .unspecified }
        if let flag = node.bool { return .allowed(flag) }
        if node.isMapping {
            if node.file.count(node.node) == 0 { return .allowed(true) }
            return schemaID(for: node).map(ExtraMembers.schema) ?? .unspecified
        }
        return .unspecified
    }

    /// 3.0 `exclusiveMinimum: true` (with `minimum`) or 3.1 `exclusiveMinimum: 5`.
    private func exclusiveBound(_ node: NodeRef?) -> Bool {
        guard let node else { return false }
        return node.number != nil || node.bool == true
    }
}
