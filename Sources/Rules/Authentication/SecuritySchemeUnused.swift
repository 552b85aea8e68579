import OpenAPIModel
import RuleEngine

/// Flags security schemes that no requirement uses.
struct SecuritySchemeUnused: Rule {
    func check(_ context: RuleContext) {
        let api = context.api
        let lists = [api.security].compactMap { $0 } + api.operations.compactMap(\.security)
        let used = Set(lists.flatMap { $0.requirements.flatMap { $0.entries.map(\.schemeName) } })
        for scheme in api.securitySchemes where !used.contains(scheme.name) {
            context.report(
                scheme.nameNode, "security scheme '\(scheme.name)' is defined but no security requirement uses it")
        }
    }
}
