import Lexicon
import OpenAPIModel
import RuleEngine

/// Flags active content — script, frames, embedded objects, event handlers, script links — in text that
/// documentation portals render.
struct ScriptInDescription: Rule {
    /// Keys whose text portals render as Markdown or HTML.
    static let renderedKeys: Set<String> = ["description", "summary", "title"]

    func check(_ context: RuleContext) {
        for file in context.api.files {
            for place in DocumentText.scalars(of: file) where !place.inSampleData {
                guard place.inExtension || Self.renderedKeys.contains(place.key ?? ""),
                    file.withScalarBytes(place.node.node, ActiveContent.mayHold),
                    let found = ActiveContent.find(in: place.node.string)
                else { continue }
                let field = place.key.map { "`\($0)`" } ?? "text"
                context.report(
                    place.node,
                    "\(field) holds \(found), which a documentation portal rendering it may run (stored XSS)")
            }
        }
    }
}
