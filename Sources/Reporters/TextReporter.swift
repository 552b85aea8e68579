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
        String(decoding: collect { write(input, drain: $0) }, as: UTF8.self)
    }

    /// Writes the report to `drain` in pieces of about 64 KiB, so that its size never sits in memory whole.
    public func write(_ input: ReportInput, drain: ([UInt8]) -> Void) {
        var output = ""
        let display = input.display
        let concealment = SourceConcealment(findings: input.run.findings)
        var hiddenColumns: [SourceConcealment.Line: Int?] = [:]
        for finding in input.run.findings
        where (finding.isActive || showSuppressed) && finding.severity >= display.minimumSeverity
            && !display.statisticsOnly
        {
            if output.utf8.count >= 1 << 16 {
                drain(Array(output.utf8))
                output = ""
            }
            let position = finding.position
            let path = SafeText.path(input.displayPath(finding.file.path))
            output += bold("\(path):\(position.line):\(position.column):") + " "
            output +=
                color(finding.severity) + ": " + bold(SafeText.escaped(finding.message)) + " "
                + dim("[\(finding.ruleID)]")
            if let suppression = finding.suppression {
                output += dim(
                    " (suppressed" + (suppression.justification.map { ": \(SafeText.escaped($0))" } ?? "") + ")")
            }
            output += "\n"
            output += frame(for: finding, input: input, concealment: concealment, hiddenColumns: &hiddenColumns)
            output += occurrences(of: finding, input: input)
        }
        if !quiet {
            output += statistics(input.run)
            if !input.run.activeFindings.isEmpty || showSuppressed { output += "\n" }
            output += summary(input.run, hidden: display.statisticsOnly ? nil : display.minimumSeverity)
            if let scores = input.scores { output += ScoreReport.textLines(scores, displayPath: input.displayPath) }
        }
        drain(Array(output.utf8))
    }

    /// The offending line with a caret under the node.
    func frame(
        for finding: Finding, input: ReportInput, concealment: SourceConcealment,
        hiddenColumns: inout [SourceConcealment.Line: Int?]
    ) -> String {
        let region = input.region(of: finding)
        let lines = input.lines(of: finding.file)
        // Each line is checked for secrets once, however many findings point into it.
        let key = SourceConcealment.Line(file: ObjectIdentifier(finding.file), number: region.start.line)
        let hidden =
            hiddenColumns[key]
            ?? concealment.hiddenFrom(finding.file, line: region.start.line, text: lines.text(region.start.line))
        hiddenColumns[key] = hidden
        let frame = CodeFrame(region: region, lines: lines, hiddenFrom: hidden)
        let gutter = String(region.start.line)
        let pad = String(repeating: " ", count: gutter.count)
        return " \(gutter) | \(frame.text)\n \(pad) | \(frame.caretPrefix)\(paint(frame.marker, "32"))\n"
    }

    /// Where else a grouped finding's cause is: all places with `--show-occurrences`, else how many.
    func occurrences(of finding: Finding, input: ReportInput) -> String {
        guard !finding.occurrences.isEmpty else { return "" }
        let noun = finding.isDocumentWide ? "operation" : "more place"
        guard input.display.showOccurrences else {
            return dim("    and \(plural(finding.occurrences.count, noun)) (--show-occurrences lists them)") + "\n"
        }
        var output = ""
        for place in finding.occurrences {
            let position = place.position
            output += "    \(finding.isDocumentWide ? "at" : "also at") \(SafeText.path(input.displayPath(place.file.path))):"
            output += "\(position.line):\(position.column) \(SafeText.escaped(place.pointer))\n"
        }
        return output
    }

    /// The per-rule counts, most severe rules first.
    func statistics(_ run: LintRun) -> String {
        let rows = RuleStatistics(run).rows
        guard !rows.isEmpty else { return "" }
        let countWidth = rows.map { String($0.findings).count }.max() ?? 1
        let idWidth = rows.map(\.ruleID.rawValue.count).max() ?? 1
        var output = "\n"
        for row in rows {
            let count = String(row.findings)
            output += String(repeating: " ", count: countWidth - count.count) + count + "  "
            output += color(row.severity) + String(repeating: " ", count: 7 - row.severity.rawValue.count) + "  "
            output += row.ruleID.rawValue + String(repeating: " ", count: idWidth - row.ruleID.rawValue.count) + "  "
            output += SafeText.escaped(row.title)
            if row.places != row.findings { output += dim(" (\(row.places) places)") }
            output += "\n"
        }
        return output
    }

    /// The summary line; `hidden` is the display threshold, when findings below it were left out.
    func summary(_ run: LintRun, hidden threshold: Severity? = nil) -> String {
        let active = run.activeFindings
        let counts = SeverityCounts(active)
        let parts = [plural(counts.error, "error"), plural(counts.warning, "warning"), plural(counts.note, "note")]
        let linted = run.documents.filter { $0.summary != nil }.count
        var line = parts.joined(separator: ", ") + " in " + plural(linted, "document")
        if let threshold, threshold > .note {
            let below = active.filter { $0.severity < threshold }.count
            if below > 0 { line += "; \(below) below \(threshold.rawValue) not shown" }
        }
        let suppressed = run.findings.count - active.count
        if suppressed > 0 {
            line += "; \(suppressed) suppressed" + (showSuppressed ? "" : " (--show-suppressed lists them)")
        }
        if let fixed = run.absentBaselineEntries {
            // Counted in places, as the baseline records them.
            let new = run.findings.filter { $0.baselineState == .new }.reduce(0) { $0 + $1.placeCount }
            let unchanged = run.findings.filter { $0.baselineState == .unchanged }.reduce(0) { $0 + $1.placeCount }
            line += "; baseline: \(new) new, \(unchanged) unchanged, \(fixed.count) fixed"
        }
        let failed = run.errors.count
        if failed > 0 { line += "; " + plural(failed, "input") + " could not be loaded" }
        return line + "\n"
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
