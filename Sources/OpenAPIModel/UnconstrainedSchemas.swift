extension Schema {
    /// Keywords that describe a value without constraining it: a schema with only these (and extensions)
    /// `constrainsNothing`.
    static let annotationKeywords: Set<String> = [
        "description", "title", "example", "examples", "default", "nullable", "readOnly", "writeOnly", "deprecated",
        "externalDocs", "xml", "$comment", "$id", "$schema", "$anchor", "$dynamicAnchor", "discriminator",
    ]
}

extension SchemaGraph {
    /// Whether `id` is an explicit object that says nothing about its members: no properties, no
    /// `patternProperties`, no composition, no fixed value, and extra members neither forbidden nor typed,
    /// judged with everything it includes through `allOf`.
    public func isFreeFormObject(_ id: SchemaID) -> Bool {
        let group = allOfClosure(id)
        guard group.contains(where: { self[$0].types.contains(.object) }) else { return false }
        return !group.contains { member in
            let schema = self[member]
            if !schema.properties.isEmpty || !schema.oneOf.isEmpty || !schema.anyOf.isEmpty || schema.isEnumerated {
                return true
            }
            if schema.hasPatternProperties || schema.hasNot { return true }
            return schema.additionalProperties != .unspecified && schema.additionalProperties != .allowed(true)
                || schema.unevaluatedProperties != .unspecified && schema.unevaluatedProperties != .allowed(true)
        }
    }

    /// Whether `id` is an explicit array that says nothing about its items, judged with its `allOf` members.
    public func isUntypedArray(_ id: SchemaID) -> Bool {
        let group = allOfClosure(id)
        guard group.contains(where: { self[$0].types.contains(.array) }) else { return false }
        return !group.contains { member in
            let schema = self[member]
            return schema.items != nil || schema.isEnumerated || schema.hasPrefixItems
        }
    }
}
