import OpenAPIModel
import RuleEngine

/// Flags empty requirements (`{}`) that let anonymous callers through.
struct SecurityAllowsAnonymous: Rule {
    func check(_ context: RuleContext) {
        for operation in context.api.operations where !operation.isWebhook {
            for requirement in operation.effectiveSecurity where requirement.isAnonymous {
                let scope =
                    operation.effectiveSecurityLevel == .document
                    ? "the document-level security" : "the security of \(operation.displayName)"
                context.report(
                    requirement.node,
                    "\(scope) includes an empty requirement `{}`, so anonymous calls are allowed (first: \(operation.displayName))"
                )
            }
        }
    }
}
