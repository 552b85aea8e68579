import Linter
import RuleEngine

/// A Markdown summary for a pull-request comment or `$GITHUB_STEP_SUMMARY`.
public struct MarkdownReporter {
    /// Rows shown before the table is cut short.
    public static let rowLimit = 200

    public init() {}

    public func render(_ input: ReportInput) -> String {
        let run = input.run
        let active = run.activeFindings
        let counts = SeverityCounts(active)
        var output = "## oasguard\n\n"
        let linted = run.documents.filter { $0.model != nil }.count
        output +=
            "**\(plural(counts.error, "error"))**, \(plural(counts.warning, "warning")), \(plural(counts.note, "note"))"
        output += " in \(plural(linted, "document"))"
        let suppressed = run.findings.count - active.count
        if suppressed > 0 { output += " (\(suppressed) suppressed)" }
        output += ".\n\n"
        if !active.isEmpty {
            output += "| Severity | Rule | Location | Message |\n|---|---|---|---|\n"
            for finding in active.prefix(Self.rowLimit) {
                let icon = finding.severity == .error ? "🔴" : finding.severity == .warning ? "🟠" : "🔵"
                let location = "\(input.displayPath(finding.file.path)):\(finding.position.line)"
                output +=
                    "| \(icon) \(finding.severity.rawValue) | `\(finding.ruleID)` | \(cell(location)) | \(cell(finding.message)) |\n"
            }
            if active.count > Self.rowLimit { output += "\n…and \(active.count - Self.rowLimit) more.\n" }
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

    /// Spec-derived text for a table cell: on one line, with its pipes, HTML, Markdown and mentions literal.
    func cell(_ text: String) -> String { SafeText.markdown(text) }
}
