import Lexicon
import OpenAPIModel
import RuleEngine

/// Flags literals shaped like live credentials anywhere in the description's text: examples, defaults, enums,
/// extensions, descriptions, server URLs.
struct SecretInExample: Rule {
    /// Keys whose values are patterns or references, never data.
    static let skippedKeys: Set<String> = ["pattern", "$ref", "patternProperties"]

    func check(_ context: RuleContext) {
        for file in context.api.files {
            for place in DocumentText.scalars(of: file)
            where file.withScalarBytes(place.node.node, CredentialShapes.mayHoldCredential)
                && !Self.skippedKeys.contains(place.key ?? "")
            {
                guard let found = CredentialShapes.find(in: place.node.string) else { continue }
                let field = place.key.map { " in `\($0)`" } ?? ""
                context.report(
                    place.node,
                    "\(found.redacted)\(field) looks like a live credential; if it is one, revoke it, and write a placeholder instead",
                    concealingSource: true)
            }
        }
    }
}
