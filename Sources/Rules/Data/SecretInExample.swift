import Lexicon
import OpenAPIModel
import RuleEngine
import SourceTree

/// Flags literals shaped like live credentials anywhere in the description's text: examples, defaults, enums,
/// extensions, descriptions, server URLs.
struct SecretInExample: SourceTextRule {
    /// Keys whose values are patterns or references, never data.
    static let skippedKeys = KeyNames(["pattern", "$ref", "patternProperties"])

    func check(
        _ place: TextPlace, _ text: UnsafeBufferPointer<UInt8>, in file: SourceFile, _ recorder: FindingRecorder
    ) {
        // `find` rules most text out with one byte scan before anything else.
        guard !place.isUnder(oneOf: Self.skippedKeys, in: file),
            let found = CredentialShapes.find(in: text)
        else { return }
        let field = place.key(in: file).map { " in `\($0)`" } ?? ""
        recorder.report(
            NodeRef(file, place.node),
            "\(found.redacted)\(field) looks like a live credential; if it is one, revoke it, and write a placeholder instead",
            concealingSource: true)
    }
}
