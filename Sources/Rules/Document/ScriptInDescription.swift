import Lexicon
import OpenAPIModel
import RuleEngine
import SourceTree

/// Flags active content — script, frames, embedded objects, event handlers, script links — in text that
/// documentation portals render.
struct ScriptInDescription: SourceTextRule {
    /// Keys whose text portals render as Markdown or HTML.
    static let renderedKeys = KeyNames(["description", "summary", "title"])

    func check(
        _ place: TextPlace, _ text: UnsafeBufferPointer<UInt8>, in file: SourceFile, _ recorder: FindingRecorder
    ) {
        guard !place.inSampleData, place.inExtension || place.isUnder(oneOf: Self.renderedKeys, in: file),
            ActiveContent.mayHold(text), let found = ActiveContent.find(in: String(decoding: text, as: UTF8.self))
        else { return }
        let field = place.key(in: file).map { "`\($0)`" } ?? "text"
        recorder.report(
            NodeRef(file, place.node),
            "\(field) holds \(found), which a documentation portal rendering it may run (stored XSS)")
    }
}
