import OpenAPIModel
import RuleEngine

/// Flags received strings without a length limit.
struct UnboundedString: Rule {
    /// Formats whose values have a bounded length (`date-time-rfc1123`: the HTTP date of `If-Modified-Since`).
    static let boundedFormats: Set<String> = [
        "date", "date-time", "time", "full-date", "full-time", "uuid", "ipv4", "ipv6", "int32", "int64",
        "uint32", "uint64", "date-time-rfc1123", "date-time-rfc7231", "http-date", "iso-country-code",
    ]

    func check(_ context: RuleContext) {
        let api = context.api
        let graph = api.schemas
        let outsideBodies = context.facts.receivedOnlyOutsideBodies
        for (id, operation) in context.facts.requestValues {
            let group = graph.allOfClosure(id)
            guard let declaring = group.first(where: { graph[$0].types.contains(.string) }),
                !group.contains(where: { Self.bounds(graph[$0]) })
            else { continue }
            // A path, query, header or cookie value is bounded by every server's and proxy's limits on URL and
            // header size: a finding for `all`.
            context.report(
                graph[declaring].node,
                "\(graph.label(of: id)) \(SchemaRole.request.phrase(api.operations[operation])) is a string without `maxLength`",
                preset: outsideBodies.contains(id) ? .all : .recommended)
        }
    }

    /// Whether the schema bounds a string's length, or describes a file upload (bounded by request size limits).
    static func bounds(_ schema: Schema) -> Bool {
        if schema.maxLength != nil || schema.isEnumerated { return true }
        if let format = schema.format?.lowercased(),
            boundedFormats.contains(format) || format == "binary"
        {
            return true
        }
        return schema.pattern.map(PatternText.boundsLength) ?? false
    }
}
