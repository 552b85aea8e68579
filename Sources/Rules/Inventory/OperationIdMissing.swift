import Lexicon
import OpenAPIModel
import RuleEngine

/// Flags operations of `paths` without an `operationId`.
struct OperationIdMissing: Rule {
    func check(_ context: RuleContext) {
        for operation in context.api.operations
        where !operation.isWebhook && (operation.operationID ?? "").trimmingSpaces.isEmpty {
            context.report(operation.methodNode, "\(operation.displayName) has no operationId")
        }
    }
}
