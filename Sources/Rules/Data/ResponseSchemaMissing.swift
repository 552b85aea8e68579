import Lexicon
import OpenAPIModel
import RuleEngine

/// Flags success responses whose content has no schema, or an empty one, so what they return cannot be reviewed.
struct ResponseSchemaMissing: Rule {
    /// Success statuses that carry no content.
    static let contentlessStatuses: Set<String> = ["204", "205", "304"]

    func check(_ context: RuleContext) {
        let api = context.api
        var binary = MediaTypeNames.Memo()
        for operation in api.operations where !operation.isWebhook {
            for response in operation.responses
            where response.isSuccess && !Self.contentlessStatuses.contains(response.statusCode) {
                for content in response.contents where !binary.isBinary(content.name) {
                    let returned = { "the \(response.statusCode) response of \(operation.displayName)" }
                    if let id = content.schema {
                        guard api.schemas[id].constrainsNothing else { continue }
                        let node = api.version == .swagger2 ? api.schemas[id].node : content.node
                        context.report(node, "\(returned()) has an empty schema, so what it returns cannot be reviewed")
                    } else if content.node["schema"] == nil {
                        context.report(
                            content.node,
                            "\(returned()) returns '\(content.name)' content without a schema, so what it returns cannot be reviewed"
                        )
                    }
                }
            }
        }
    }
}
