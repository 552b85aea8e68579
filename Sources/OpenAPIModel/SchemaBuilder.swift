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
        // One pass over the keywords: schemas are read by the thousand, and each lookup would scan the mapping.
        var keywords = SchemaKeywords()
        let file = node.file
        for (key, value) in node.entries {
            if !keywords.constrains {
                let name = key.string
                if !Schema.annotationKeywords.contains(name), !name.hasPrefix("x-") { keywords.constrains = true }
            }
            switch file.withScalarBytes(key.node, SchemaKeyword.init) {
            case .type: keywords.type = value
            case .format: keywords.format = value
            case .properties: keywords.properties = value
            case .required: keywords.required = value
            case .items:
                keywords.items = value
                keywords.firstItems = keywords.firstItems ?? value
            case .additionalProperties: keywords.additionalProperties = value
            case .unevaluatedProperties: keywords.unevaluatedProperties = value
            case .allOf: keywords.allOf = value
            case .oneOf: keywords.oneOf = value
            case .anyOf: keywords.anyOf = value
            case .readOnly: keywords.readOnly = value.bool ?? false
            case .writeOnly: keywords.writeOnly = value.bool ?? false
            case .enum:
                keywords.hasEnum = true
                keywords.enumValues = keywords.enumValues ?? value
            case .const:
                keywords.hasConst = true
                keywords.constValue = keywords.constValue ?? value
            case .pattern: keywords.pattern = value.scalar
            case .maxLength:
                keywords.maxLength = value.number
                keywords.boundKeys.maxLength = keywords.boundKeys.maxLength ?? key
            case .maxItems:
                keywords.maxItems = value.number
                keywords.boundKeys.maxItems = keywords.boundKeys.maxItems ?? key
            case .minimum: keywords.minimum = value.number
            case .maximum:
                keywords.maximum = value.number
                keywords.boundKeys.maximum = keywords.boundKeys.maximum ?? key
            case .exclusiveMinimum:
                keywords.hasExclusiveMinimum = exclusiveBound(value)
                keywords.exclusiveMinimum = keywords.exclusiveMinimum ?? value
            case .exclusiveMaximum:
                keywords.hasExclusiveMaximum = exclusiveBound(value)
                if keywords.boundKeys.exclusiveMaximum == nil {
                    keywords.boundKeys.exclusiveMaximum = key
                    keywords.exclusiveMaximum = value
                }
            case .uniqueItems: keywords.uniqueItems = keywords.uniqueItems ?? value
            case .example: keywords.example = keywords.example ?? value
            case .default: keywords.defaultValue = keywords.defaultValue ?? value
            case .extensionExample: keywords.extensionExample = keywords.extensionExample ?? value
            case .examples: keywords.examples = keywords.examples ?? value
            case .patternProperties: keywords.hasPatternProperties = true
            case .not: keywords.hasNot = true
            case .prefixItems: keywords.hasPrefixItems = true
            case nil: break
            }
        }
        let types: [JSONSchemaType]
        if let type = keywords.type {
            let names = type.isSequence ? type.items.compactMap(\.scalar) : type.scalar.map { [$0] } ?? []
            types = names.map(JSONSchemaType.init)
        } else {
            types = []
        }
        let properties: [Property] = (keywords.properties?.entries ?? []).compactMap { key, value in
            guard let id = schemaID(for: value) else { return nil }
            let target = resolver.follow(value)
            let readOnly = value["readOnly"]?.bool ?? target?["readOnly"]?.bool ?? false
            let writeOnly = value["writeOnly"]?.bool ?? target?["writeOnly"]?.bool ?? false
            return Property(name: key.string, keyNode: key, schema: id, readOnly: readOnly, writeOnly: writeOnly)
        }
        return Schema(
            node: node, types: types, format: keywords.format?.scalar, properties: properties,
            required: keywords.required?.items.compactMap(\.scalar) ?? [],
            items: keywords.items.flatMap(schemaID(for:)),
            additionalProperties: extraMembers(keywords.additionalProperties),
            unevaluatedProperties: extraMembers(keywords.unevaluatedProperties),
            allOf: list(keywords.allOf), oneOf: list(keywords.oneOf), anyOf: list(keywords.anyOf),
            readOnly: keywords.readOnly, writeOnly: keywords.writeOnly, hasEnum: keywords.hasEnum,
            hasConst: keywords.hasConst, pattern: keywords.pattern, maxLength: keywords.maxLength,
            maxItems: keywords.maxItems, minimum: keywords.minimum, maximum: keywords.maximum,
            hasExclusiveMinimum: keywords.hasExclusiveMinimum, hasExclusiveMaximum: keywords.hasExclusiveMaximum,
            exclusiveMinimum: keywords.exclusiveMinimum?.number, exclusiveMaximum: keywords.exclusiveMaximum?.number,
            boundKeys: keywords.boundKeys, hasUniqueItems: keywords.uniqueItems?.bool == true,
            forbidsExtraItems: keywords.firstItems?.bool == false,
            enumeratedValues: (keywords.enumValues?.items.compactMap(\.scalar) ?? [])
                + (keywords.constValue?.scalar.map { [$0] } ?? []),
            example: [
                keywords.example, keywords.defaultValue, keywords.extensionExample, keywords.examples?.items.first,
            ]
            .lazy.compactMap { $0 }.first(where: \.isScalar),
            constrainsNothing: !keywords.constrains, hasPatternProperties: keywords.hasPatternProperties,
            hasNot: keywords.hasNot, hasPrefixItems: keywords.hasPrefixItems)
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
    private func exclusiveBound(_ node: NodeRef) -> Bool {
        node.number != nil || node.bool == true
    }
}

/// The schema keywords the model reads, recognised from a key's bytes without making a string.
private enum SchemaKeyword: String, CaseIterable {
    case type, format, properties, required, items, additionalProperties, unevaluatedProperties
    case allOf, oneOf, anyOf, readOnly, writeOnly
    case `enum`, const, pattern, maxLength, maxItems, minimum, maximum, exclusiveMinimum, exclusiveMaximum
    case uniqueItems, example, `default`, examples, patternProperties, not, prefixItems
    case extensionExample = "x-example"

    /// Each keyword's UTF-8 spelling; none holds a character that another spelling is canonically equal to,
    /// so comparing bytes decides as comparing strings did.
    private static let spellings = allCases.map { (bytes: Array($0.rawValue.utf8), keyword: $0) }

    /// The keyword spelled by `bytes` (a key's text), or nil.
    init?(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard
            let match = Self.spellings.first(where: {
                $0.bytes.count == bytes.count && $0.bytes.elementsEqual(bytes)
            })
        else { return nil }
        self = match.keyword
    }
}

/// The keywords of one schema mapping, gathered in a single pass.
private struct SchemaKeywords {
    var type, format, properties, required, items, additionalProperties, unevaluatedProperties: NodeRef?
    var allOf, oneOf, anyOf: NodeRef?
    var readOnly = false
    var writeOnly = false
    var hasEnum = false
    var hasConst = false
    var pattern: String?
    var maxLength, maxItems, minimum, maximum: Double?
    var hasExclusiveMinimum = false
    var hasExclusiveMaximum = false
    /// The first of a keyword written twice, as lookups by name find it.
    var firstItems, uniqueItems, enumValues, constValue, exclusiveMinimum, exclusiveMaximum: NodeRef?
    var example, defaultValue, extensionExample, examples: NodeRef?
    var boundKeys = BoundKeys()
    /// Some key is neither an annotation nor an extension.
    var constrains = false
    var hasPatternProperties = false
    var hasNot = false
    var hasPrefixItems = false
}
