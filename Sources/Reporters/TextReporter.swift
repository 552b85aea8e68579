import Linter
import RuleEngine
import SourceTree

/// Human-readable output: `FILE:LINE:COL: SEVERITY: MESSAGE [rule]`, a code frame, and a summary.
public struct TextReporter {
    public let useColor: Bool
    /// Also list suppressed findings, marked as such.
    public let showSuppressed: Bool
    /// Only the findings: no summary and no scores.
    public let quiet: Bool

    public init(useColor: Bool, showSuppressed: Bool = false, quiet: Bool = false) {
        self.useColor = useColor
        self.showSuppressed = showSuppressed
        self.quiet = quiet
    }

    public func render(_ input: ReportInput) -> String {
        var output = ""
        let concealment = SourceConcealment(findings: input.run.findings)
        for finding in input.run.findings where finding.isActive || showSuppressed {
            let position = finding.position
            let path = input.displayPath(finding.file.path)
            output += bold("\(path):\(position.line):\(position.column):") + " "
            output += color(finding.severity) + ": " + bold(finding.message) + " " + dim("[\(finding.ruleID)]")
            if let suppression = finding.suppression {
                output += dim(" (suppressed" + (suppression.justification.map { ": \($0)" } ?? "") + ")")
            }
            output += "\n"
            output += frame(for: finding, input: input, concealment: concealment)
        }
        if quiet { return output }
        output += summary(input.run)
        if let scores = input.scores { output += ScoreReport.textLines(scores, displayPath: input.displayPath) }
        return output
    }

    /// The offending line with a caret under the node.
    func frame(for finding: Finding, input: ReportInput, concealment: SourceConcealment) -> String {
        let region = input.region(of: finding)
        let line = region.start.line
        let text = concealment.apply(finding.file, line: line, text: input.lines(of: finding.file).text(line))
        let gutter = String(line)
        let pad = String(repeating: " ", count: gutter.count)
        // Columns count characters; the caret goes under them in terminal cells (two for a CJK character).
        let before = text.unicodeScalars.prefix(region.start.column - 1)
        let prefix = before.map { $0 == "\t" ? "\t" : String(repeating: " ", count: DisplayWidth.of($0)) }.joined()
        let length = max(
            1, min(region.end.column - region.start.column, text.unicodeScalars.count - region.start.column + 1))
        let width = DisplayWidth.of(text.unicodeScalars.dropFirst(before.count).prefix(length))
        let marker = "^" + String(repeating: "~", count: max(0, width - 1))
        return " \(gutter) | \(text)\n \(pad) | \(prefix)\(paint(marker, "32"))\n"
    }

    func summary(_ run: LintRun) -> String {
        let active = run.activeFindings
        let counts = SeverityCounts(active)
        let parts = [plural(counts.error, "error"), plural(counts.warning, "warning"), plural(counts.note, "note")]
        let linted = run.documents.filter { $0.model != nil }.count
        var line = parts.joined(separator: ", ") + " in " + plural(linted, "document")
        let suppressed = run.findings.count - active.count
        if suppressed > 0 {
            line += "; \(suppressed) suppressed" + (showSuppressed ? "" : " (--show-suppressed lists them)")
        }
        if let fixed = run.absentBaselineEntries {
            let new = run.findings.filter { $0.baselineState == .new }.count
            let unchanged = run.findings.filter { $0.baselineState == .unchanged }.count
            line += "; baseline: \(new) new, \(unchanged) unchanged, \(fixed.count) fixed"
        }
        let failed = run.errors.count
        if failed > 0 { line += "; " + plural(failed, "input") + " could not be loaded" }
        return (active.isEmpty && !showSuppressed ? "" : "\n") + line + "\n"
    }

    func color(_ severity: Severity) -> String {
        switch severity {
        case .error: paint("error", "1;31")
        case .warning: paint("warning", "1;33")
        case .note: paint("note", "1;36")
        }
    }

    func bold(_ text: String) -> String { paint(text, "1") }
    func dim(_ text: String) -> String { paint(text, "2") }

    func paint(_ text: String, _ code: String) -> String {
        useColor ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
    }
}
