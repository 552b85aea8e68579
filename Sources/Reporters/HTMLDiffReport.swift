import Linter
import Posture
import RuleEngine

/// `diff --format html`: regressions and improvements side by side, one row per category.
extension DiffReporter {
    /// Changes listed per side; the others are only counted.
    static let htmlChangesPerSide = 500

    func html() -> String {
        let (error, warning, note) = counts
        var header = "<h1>oasguard <span>security diff</span></h1><p><code>"
        header += HTML.escape(old.source.label) + "</code> → <code>" + HTML.escape(new.source.label) + "</code>: "
        header += HTML.escape(operationsLine) + "</p><ul class=\"counts\">"
        header += "<li class=\"pill error\">\(plural(error, "error"))</li>"
        header += "<li class=\"pill warning\">\(plural(warning, "warning"))</li>"
        header += "<li class=\"pill note\">\(plural(note, "note"))</li>"
        header += "<li class=\"pill good\">\(plural(diff.improvements.count, "improvement"))</li></ul>"
        let regressions = Array(diff.regressions.prefix(Self.htmlChangesPerSide))
        let improvements = Array(diff.improvements.prefix(Self.htmlChangesPerSide))
        var body = "<section class=\"card\"><div class=\"diff\"><h2>Regressions (\(diff.regressions.count))</h2>"
        body += "<h2>Improvements (\(diff.improvements.count))</h2></div>\n"
        if diff.regressions.isEmpty && diff.improvements.isEmpty {
            body += "<p class=\"empty\">No change in security posture.</p>"
        }
        for category in RuleCategory.allCases {
            let worse = regressions.filter { $0.kind.category == category }
            let better = improvements.filter { $0.kind.category == category }
            guard !worse.isEmpty || !better.isEmpty else { continue }
            body += "<h3>\(ScoreReport.name(category).capitalizedFirst)</h3><div class=\"diff\"><div>"
            body += worse.isEmpty ? "<p class=\"empty\">No regression.</p>" : ""
            for change in worse { body += htmlChange(change) }
            body += "</div><div>"
            body += better.isEmpty ? "<p class=\"empty\">No improvement.</p>" : ""
            for change in better { body += htmlChange(change) }
            body += "</div></div>\n"
        }
        for (side, all) in [("regressions", diff.regressions), ("improvements", diff.improvements)]
        where all.count > Self.htmlChangesPerSide {
            body +=
                "<p class=\"truncated\">…and \(all.count - Self.htmlChangesPerSide) more \(side), not listed here "
                + "to keep the page usable: the text and JSON formats have them all.</p>"
        }
        body += "</section>\n"
        return HTML.page(title: "oasguard security diff — " + new.source.label, header: header, main: body)
    }

    /// A change without a code frame: no lint run tells which lines of the two versions hold a secret.
    func htmlChange(_ change: PostureChange) -> String {
        let style = change.isRegression ? change.severity.rawValue : "improvement"
        var output = "<div class=\"change \(style)\">"
        output +=
            change.isRegression
            ? "<span class=\"pill \(style)\">\(style)</span> " : "<span class=\"pill good\">improvement</span> "
        output +=
            "<strong>\(HTML.escape(change.kind.title))</strong> <code class=\"kind\">\(change.kind.rawValue)</code>"
        output += "<p class=\"msg\">\(HTML.escape(change.message))</p><p class=\"loc\">"
        output += HTML.escape(place(of: change)) + (change.isInNewDocument ? " (new)" : " (old)")
        if let operation = change.operation { output += " · " + HTML.escape(operation) }
        return output + "</p></div>\n"
    }
}
