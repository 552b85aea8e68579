import Lexicon
import OpenAPIModel
import RuleEngine

/// Flags neutrally named scopes that on their own allow both reading and changing data, when reading needs no narrower
/// scope.
struct ScopeGrantsReadAndWrite: Rule {
    func check(_ context: RuleContext) {
        let api = context.api
        for grant in api.scopesGrantingReadAndWrite() {
            for key in grant.keys { context.report(key, grant.message(in: api)) }
        }
    }
}
