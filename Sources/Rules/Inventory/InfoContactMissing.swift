import Lexicon
import OpenAPIModel
import RuleEngine

/// Flags documents whose `info.contact` is absent or gives neither an email nor a URL.
struct InfoContactMissing: Rule {
    func check(_ context: RuleContext) {
        let api = context.api
        let node = api.root.keyNode("info") ?? api.versionNode
        guard let contact = api.info?.contact else {
            context.report(node, "the document names no owner: `info.contact` is missing")
            return
        }
        let email = contact.email?.trimmingSpaces ?? ""
        let url = contact.url?.trimmingSpaces ?? ""
        if email.isEmpty && url.isEmpty {
            context.report(
                node,
                "`info.contact` gives neither an email nor a URL, so nobody can be reached about the API")
        }
    }
}
