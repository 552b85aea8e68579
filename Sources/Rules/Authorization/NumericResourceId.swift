import Lexicon
import OpenAPIModel
import RuleEngine

/// Flags path parameters that identify a resource with an integer.
struct NumericResourceId: Rule {
    /// Whether a parameter named `name` identifies a resource: `id`, `userId`, `user_id`, `user-id`, `userid`.
    static func isIdentifier(_ name: String) -> Bool {
        guard let last = NameWords.split(name).last else { return false }
        return last.hasSuffix("id") && last != "uuid" && last != "guid"
    }

    /// How deep `isInteger` follows compositions.
    static let maxCompositionDepth = 8

    /// Whether the schema is an integer: `type: integer`, an `int32`/`int64` number or string, or a composition of one.
    static func isInteger(_ id: SchemaID, in graph: SchemaGraph, depth: Int = 0) -> Bool {
        let schema = graph[id]
        if schema.isType(.integer) { return true }
        if schema.isType(.number) || schema.isType(.string) {
            return schema.format == "int32" || schema.format == "int64"
        }
        guard schema.types.isEmpty, depth < maxCompositionDepth else { return false }
        // Every value must match each `allOf` member, and one of the `oneOf`/`anyOf` members.
        if schema.allOf.contains(where: { isInteger($0, in: graph, depth: depth + 1) }) { return true }
        let choices = schema.oneOf + schema.anyOf
        return !choices.isEmpty && choices.allSatisfy { isInteger($0, in: graph, depth: depth + 1) }
    }

    func check(_ context: RuleContext) {
        let api = context.api
        for operation in api.operations where !operation.isWebhook {
            for parameter in operation.parameters
            where parameter.location == .path && Self.isIdentifier(parameter.name) {
                guard let schema = parameter.schema, Self.isInteger(schema, in: api.schemas) else {
                    continue
                }
                context.report(
                    parameter.node,
                    "path parameter '\(parameter.name)' of \(operation.displayName) is an integer, so other callers' resource IDs can be guessed by counting"
                )
            }
        }
    }
}
