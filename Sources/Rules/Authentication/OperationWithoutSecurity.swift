import OpenAPIModel
import RuleEngine

/// Flags operations that no security requirement protects.
struct OperationWithoutSecurity: Rule {
    func check(_ context: RuleContext) {
        for operation in context.api.operations
        where !operation.isWebhook && operation.effectiveSecurity.isEmpty && !operation.isPublicByDecision {
            if let own = operation.security {
                context.report(
                    own.keyNode, "\(operation.displayName) sets `security: []`, so nothing authenticates the caller")
            } else if let inherited = context.api.security {
                context.report(
                    operation.methodNode,
                    "\(operation.displayName) inherits the empty document-level `security` (line \(inherited.keyNode.position.line)), so nothing authenticates the caller"
                )
            } else {
                context.report(
                    operation.methodNode,
                    "\(operation.displayName) has no security requirement, on the operation or the document")
            }
        }
    }
}
