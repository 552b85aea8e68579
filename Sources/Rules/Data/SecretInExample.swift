import Lexicon
import OpenAPIModel
import RuleEngine
import SourceTree

/// Flags literals shaped like live credentials anywhere in the description's text: examples, defaults, enums,
/// extensions, descriptions, server URLs.
struct SecretInExample: SourceTextRule {
    /// Keys whose values are patterns or references, never data.
    static let skippedKeys = ["pattern", "$ref", "patternProperties"].map { Array($0.utf8) }

    func check(_ file: SourceFile, _ recorder: FindingRecorder) {
        let credentials = DocumentText.scalars(of: file) { place, text -> CredentialShapes.Found? in
            guard CredentialShapes.mayHoldCredential(text), !place.isUnder(oneOf: Self.skippedKeys, in: file)
            else { return nil }
            return CredentialShapes.find(in: text)
        }
        for (place, found) in credentials {
            let field = place.key(in: file).map { " in `\($0)`" } ?? ""
            recorder.report(
                NodeRef(file, place.node),
                "\(found.redacted)\(field) looks like a live credential; if it is one, revoke it, and write a placeholder instead",
                concealingSource: true)
        }
    }
}
