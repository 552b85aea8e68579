import OpenAPIModel
import RuleEngine

/// Flags requirements that name a security scheme the document does not define.
struct SecuritySchemeUndefined: Rule {
    func check(_ context: RuleContext) {
        let api = context.api
        let lists = [api.security].compactMap { $0 } + api.operations.compactMap(\.security)
        for list in lists {
            for requirement in list.requirements {
                for entry in requirement.entries where api.securityScheme(named: entry.schemeName) == nil {
                    context.report(
                        entry.keyNode,
                        "security requirement names '\(entry.schemeName)', which no security scheme defines",
                        cause: entry.schemeName)
                }
            }
        }
    }
}
