import Linter
import RuleEngine
import SourceTree

/// Human-readable output: `FILE:LINE:COL: SEVERITY: MESSAGE [rule]`, a code frame, and a summary.
public struct TextReporter: Sendable {
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

    /// Writes the report to `drain` in pieces (the findings written on both cores, `writeInPieces`), so that its
    /// size never sits in memory whole.
    public func write(_ input: ReportInput, drain: ([UInt8]) -> Void) {
        var output = TextOutput(useColor: useColor)
        let display = input.display
        let findings = input.run.findings
        let concealment = SourceConcealment(findings: findings)
        let shown =
            display.statisticsOnly
            ? []
            : findings.filter { ($0.isActive || showSuppressed) && $0.severity >= display.minimumSeverity }
        writeInPieces(count: shown.count, drain: drain) { range, drain in
            var piece = TextOutput(useColor: useColor)
            var hiddenColumns: [SourceConcealment.Line: Int?] = [:]
            var shownPaths: [ObjectIdentifier: String] = [:]
            for finding in shown[range] {
                writeFinding(
                    finding, input: input, concealment: concealment, shownPaths: &shownPaths,
                    hiddenColumns: &hiddenColumns, to: &piece)
                piece.drain(whenFull: drain)
            }
            piece.flush(to: drain)
        }
        if !quiet {
            statistics(input.run, to: &output)
            if input.run.containsActiveFinding(where: { _ in true }) || showSuppressed { output.append("\n") }
            summary(input.run, hidden: display.statisticsOnly ? nil : display.minimumSeverity, to: &output)
            if let scores = input.scores {
                output.append(ScoreReport.textLines(scores, displayPath: input.displayPath))
            }
        }
        output.flush(to: drain)
    }

    /// One finding: its place, severity, message and rule, the code frame, and its other places.
    func writeFinding(
        _ finding: Finding, input: ReportInput, concealment: SourceConcealment,
        shownPaths: inout [ObjectIdentifier: String],
        hiddenColumns: inout [SourceConcealment.Line: Int?], to output: inout TextOutput
    ) {
        let path = shownPaths[ObjectIdentifier(finding.file)] ?? SafeText.path(input.displayPath(of: finding.file))
        shownPaths[ObjectIdentifier(finding.file)] = path
        let position = finding.position
        output.painted(.bold) { output in
            output.append(path)
            output.append(":")
            output.append(position.line)
            output.append(":")
            output.append(position.column)
            output.append(":")
        }
        output.append(" ")
        output.append(finding.severity)
        output.append(": ")
        output.painted(.bold) { $0.appendEscaped(finding.message) }
        output.append(" ")
        output.painted(.dim) { output in
            output.append("[")
            output.append(finding.ruleID.rawValue)
            output.append("]")
        }
        if let suppression = finding.suppression {
            output.painted(.dim) { output in
                output.append(" (suppressed")
                if let justification = suppression.justification {
                    output.append(": ")
                    output.appendEscaped(justification)
                }
                output.append(")")
            }
        }
        output.append("\n")
        frame(for: finding, input: input, concealment: concealment, hiddenColumns: &hiddenColumns, to: &output)
        occurrences(of: finding, input: input, to: &output)
    }

    /// The offending line with a caret under the node.
    func frame(
        for finding: Finding, input: ReportInput, concealment: SourceConcealment,
        hiddenColumns: inout [SourceConcealment.Line: Int?], to output: inout TextOutput
    ) {
        let lines = input.lines(of: finding.file)
        let region = ReportInput.region(of: finding.location, lines: lines)
        // Each line is checked for secrets once, however many findings point into it.
        let key = SourceConcealment.Line(file: finding.file.path, number: region.start.line)
        let hidden =
            hiddenColumns[key]
            ?? concealment.hiddenFrom(finding.file, line: region.start.line, text: lines.text(region.start.line))
        hiddenColumns[key] = hidden
        let frame = CodeFrame(region: region, lines: lines, hiddenFrom: hidden)
        output.append(" ")
        let gutterWidth = output.append(region.start.line)
        output.append(" | ")
        output.append(frame.text)
        output.append("\n ")
        output.appendSpaces(gutterWidth)
        output.append(" | ")
        output.append(frame.caretPrefix)
        output.painted(.green) { $0.append(frame.marker) }
        output.append("\n")
    }

    /// Where else a grouped finding's cause is: all places with `--show-occurrences`, else how many.
    func occurrences(of finding: Finding, input: ReportInput, to output: inout TextOutput) {
        guard !finding.occurrences.isEmpty else { return }
        let noun = finding.isDocumentWide ? "operation" : "more place"
        guard input.display.showOccurrences else {
            output.painted(.dim) {
                $0.append("    and \(plural(finding.occurrences.count, noun)) (--show-occurrences lists them)")
            }
            output.append("\n")
            return
        }
        for place in finding.occurrences {
            let position = place.position
            output.append(finding.isDocumentWide ? "    at " : "    also at ")
            output.append(SafeText.path(input.displayPath(of: place.file)))
            output.append(":")
            output.append(position.line)
            output.append(":")
            output.append(position.column)
            output.append(" ")
            output.appendEscaped(place.pointer)
            output.append("\n")
        }
    }

    /// The per-rule counts, most severe rules first.
    func statistics(_ run: LintRun, to output: inout TextOutput) {
        let rows = RuleStatistics(run).rows
        guard !rows.isEmpty else { return }
        let countWidth = rows.map { String($0.findings).count }.max() ?? 1
        let idWidth = rows.map(\.ruleID.rawValue.count).max() ?? 1
        output.append("\n")
        for row in rows {
            let count = String(row.findings)
            output.appendSpaces(countWidth - count.count)
            output.append(count)
            output.append("  ")
            output.append(row.severity)
            output.appendSpaces(7 - row.severity.rawValue.count)
            output.append("  ")
            output.append(row.ruleID.rawValue)
            output.appendSpaces(idWidth - row.ruleID.rawValue.count)
            output.append("  ")
            output.appendEscaped(row.title)
            if row.places != row.findings { output.painted(.dim) { $0.append(" (\(row.places) places)") } }
            output.append("\n")
        }
    }

    /// The summary line; `hidden` is the display threshold, when findings below it were left out.
    func summary(_ run: LintRun, hidden threshold: Severity? = nil, to output: inout TextOutput) {
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
        output.append(line)
        output.append("\n")
    }
}
