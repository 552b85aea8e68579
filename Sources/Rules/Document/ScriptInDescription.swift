import Lexicon
import OpenAPIModel
import RuleEngine
import SourceTree

/// Flags active content — script, frames, embedded objects, event handlers, script links — in text that
/// documentation portals render.
struct ScriptInDescription: SourceTextRule {
    /// Keys whose text portals render as Markdown or HTML.
    static let renderedKeys = ["description", "summary", "title"].map { Array($0.utf8) }

    func check(_ file: SourceFile, _ recorder: FindingRecorder) {
        let activeContent = DocumentText.scalars(of: file) { place, text -> String? in
            guard !place.inSampleData, place.inExtension || place.isUnder(oneOf: Self.renderedKeys, in: file),
                ActiveContent.mayHold(text)
            else { return nil }
            return ActiveContent.find(in: String(decoding: text, as: UTF8.self))
        }
        for (place, found) in activeContent {
            let field = place.key(in: file).map { "`\($0)`" } ?? "text"
            recorder.report(
                NodeRef(file, place.node),
                "\(field) holds \(found), which a documentation portal rendering it may run (stored XSS)")
        }
    }
}
