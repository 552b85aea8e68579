import Lexicon
import RuleEngine
import SourceTree

/// Which source lines a report must not show in full because they hold a secret: the lines of findings that conceal
/// their source (`secret-in-example`), and any line shaped like a credential, so that no code frame — of any rule,
/// context lines included — prints one.
struct SourceConcealment {
    /// A line of a file, named by its path: the documents of a run each hold their own copy of a file they share.
    struct Line: Hashable {
        let file: String
        let number: Int
    }

    /// For each line a concealing finding covers, the column from which its text is hidden.
    private var columns: [Line: Int] = [:]

    /// What replaces the hidden part of a line.
    static let marker = "[concealed]"

    init(findings: [Finding] = []) {
        // Every place of a grouped finding holds the secret, not only the first.
        for finding in findings where finding.concealsSource {
            for place in finding.places {
                let span = place.file.span(place.node)
                for number in span.start.line...max(span.start.line, span.end.line) {
                    let column = number == span.start.line ? span.start.column : 1
                    let key = Line(file: place.file.path, number: number)
                    columns[key] = min(columns[key] ?? column, column)
                }
            }
        }
    }

    /// The 1-based column from which line `number` of `file`, whose text is `text`, must be hidden; nil to show it.
    func hiddenFrom(_ file: SourceFile, line number: Int, text: String) -> Int? {
        if let column = columns[Line(file: file.path, number: number)] { return column }
        guard CredentialShapes.find(in: text) != nil else { return nil }
        return
            (text.unicodeScalars.firstIndex { $0 != " " && $0 != "\t" }.map {
                text.unicodeScalars.distance(from: text.unicodeScalars.startIndex, to: $0)
            } ?? 0) + 1
    }

    /// `text` with everything from the hidden column on replaced by the marker.
    func apply(_ file: SourceFile, line number: Int, text: String) -> String {
        guard let column = hiddenFrom(file, line: number, text: text) else { return text }
        return String(String.UnicodeScalarView(text.unicodeScalars.prefix(column - 1))) + Self.marker
    }
}
