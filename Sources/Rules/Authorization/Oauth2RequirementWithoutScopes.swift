import OpenAPIModel
import RuleEngine

/// Flags OAuth 2.0 and OpenID Connect requirements of operations that list no scope.
struct Oauth2RequirementWithoutScopes: Rule {
    func check(_ context: RuleContext) {
        let api = context.api
        for operation in api.operations where !operation.isWebhook {
            for requirement in operation.effectiveSecurity {
                for entry in requirement.entries where entry.namedScopes.isEmpty {
                    // An OAuth 2.0 scheme whose flows define no scope leaves nothing to ask for.
                    guard let scheme = api.securityScheme(named: entry.schemeName), scheme.takesScopes,
                        scheme.type != .oauth2 || !context.facts.definedScopes(of: scheme).isEmpty
                    else { continue }
                    let owner =
                        operation.effectiveSecurityLevel == .document
                        ? "the document-level requirement for '\(scheme.name)'"
                        : "the requirement for '\(scheme.name)' of \(operation.displayName)"
                    let first =
                        operation.effectiveSecurityLevel == .document
                        ? " (first: \(operation.displayName))" : ""
                    context.report(
                        entry.keyNode, "\(owner) lists no scope, so any valid token is enough\(first)")
                }
            }
        }
    }
}
