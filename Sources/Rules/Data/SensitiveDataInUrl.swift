import Lexicon
import OpenAPIModel
import RuleEngine

/// Flags path and query parameters named like personal data.
struct SensitiveDataInUrl: Rule {
    func check(_ context: RuleContext) {
        let api = context.api
        for operation in api.operations where !operation.isWebhook {
            for parameter in operation.parameters
            where parameter.location.isInURL {
                guard let match = SensitiveNames.personalData(parameter.name) else { continue }
                if let schema = parameter.schema, api.schemas.declaredTypes(schema) == [.boolean] {
                    continue
                }
                context.report(
                    parameter.node,
                    "\(parameter.location) parameter '\(parameter.name)' of \(operation.displayName) puts \(match.description) in the URL, where it gets logged"
                )
            }
        }
    }
}
