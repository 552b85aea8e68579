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
