import Linter
import RuleEngine

/// A Markdown summary for a pull-request comment or `$GITHUB_STEP_SUMMARY`: the findings per rule, most severe
/// rules first, then the findings, most severe first.
///
/// The findings table lists every error, then warnings and notes while it has fewer than `rowLimit` rows; when it
/// stops short it says so (the text, JSON and SARIF formats list everything).
public struct MarkdownReporter {
    /// Rows of the findings table beyond which only errors are added.
    public static let rowLimit = 200

    public init() {}

    public func render(_ input: ReportInput) -> String {
        let run = input.run
        let active = run.activeFindings
        let counts = SeverityCounts(active)
        var output = "## oasguard\n\n"
        let linted = run.documents.filter { $0.summary != nil }.count
        output +=
            "**\(plural(counts.error, "error"))**, \(plural(counts.warning, "warning")), \(plural(counts.note, "note"))"
        output += " in \(plural(linted, "document"))"
        let suppressed = run.findings.count - active.count
        if suppressed > 0 { output += " (\(suppressed) suppressed)" }
        output += ".\n\n"
        let statistics = RuleStatistics(run).rows
        if !statistics.isEmpty {
            output += "| Findings | Severity | Rule | Title |\n|---:|---|---|---|\n"
            for row in statistics {
                let places = row.places == row.findings ? "" : " (\(row.places) places)"
                output +=
                    "| \(row.findings)\(places) | \(icon(row.severity)) \(row.severity.rawValue) | `\(row.ruleID)` | \(cell(row.title)) |\n"
            }
        }
        let shown = active.filter { $0.severity >= input.display.minimumSeverity }.sorted(by: Finding.bySeverity)
        let errors = shown.filter { $0.severity == .error }.count
        let rows = shown.prefix(max(errors, Self.rowLimit))
        if !rows.isEmpty {
            output += "\n### Findings\n\n| Severity | Rule | Location | Message |\n|---|---|---|---|\n"
            for finding in rows {
                var location = "\(input.displayPath(finding.file.path)):\(finding.position.line)"
                if !finding.occurrences.isEmpty {
                    location +=
                        " (+\(plural(finding.occurrences.count, finding.isDocumentWide ? "operation" : "place")))"
                }
                output +=
                    "| \(icon(finding.severity)) \(finding.severity.rawValue) | `\(finding.ruleID)` | \(cell(location)) | \(cell(finding.message)) |\n"
            }
            if shown.count > rows.count {
                output +=
                    "\n_Showing every error and \(rows.count - errors) of \(shown.count - errors) warnings and notes: this table lists all errors and at most \(Self.rowLimit) rows in all. The text, json and sarif formats list every finding._\n"
            }
        }
        if let scores = input.scores {
            output += "\n### Security score\n\n" + ScoreReport.markdown(scores, displayPath: input.displayPath)
        }
        if !run.errors.isEmpty {
            output += "\n### Inputs that could not be loaded\n\n"
            for error in run.errors {
                output +=
                    "- \(cell(error.place(shownAs: input.displayPath(error.path)))): \(cell(error.message))\n"
            }
        }
        return output
    }

    /// The coloured dot of a severity.
    func icon(_ severity: Severity) -> String {
        severity == .error ? "🔴" : severity == .warning ? "🟠" : "🔵"
    }

    /// Spec-derived text for a table cell: on one line, with its pipes, HTML, Markdown and mentions literal.
    func cell(_ text: String) -> String { SafeText.markdown(text) }
}
