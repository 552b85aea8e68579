import OpenAPIModel
import RuleEngine

/// Flags documents without a top-level `security`, where every new operation starts out public.
struct GlobalSecurityMissing: Rule {
    func check(_ context: RuleContext) {
        let api = context.api
        if let security = api.security {
            if security.requirements.isEmpty {
                context.report(
                    security.keyNode, "the top-level `security` is empty, so operations are public unless they opt in")
            }
        } else {
            context.report(
                api.versionNode,
                "the document declares no top-level `security`, so every operation is public unless it opts in")
        }
    }
}
