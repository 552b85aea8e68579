import Linter
import RuleEngine
import SourceTree

/// What every reporter reads: the run, and how to show locations.
public struct ReportInput {
    public let run: LintRun
    /// Absolute working directory; paths under it are shown relative to it.
    public let workingDirectory: String
    private var lines: [ObjectIdentifier: SourceLines] = [:]

    public init(run: LintRun, workingDirectory: String) {
        self.run = run
        self.workingDirectory = workingDirectory
    }

    /// The lines of a finding's file, computed once per file.
    mutating func lines(of file: SourceFile) -> SourceLines {
        if let known = lines[ObjectIdentifier(file)] { return known }
        let computed = SourceLines(file)
        lines[ObjectIdentifier(file)] = computed
        return computed
    }

    /// The region to highlight: a scalar's extent, or the first line of a mapping or sequence.
    mutating func region(of finding: Finding) -> SourceSpan {
        let span = finding.span
        if finding.file.isScalar(finding.location.node) && span.end.line == span.start.line { return span }
        let text = lines(of: finding.file).text(span.start.line)
        return SourceSpan(
            start: span.start, end: Position(line: span.start.line, column: max(text.unicodeScalars.count + 1, span.start.column + 1)))
    }

    /// `path` relative to the working directory when it lies inside it.
    public func displayPath(_ path: String) -> String {
        guard path.hasPrefix("/") else { return path }
        let base = workingDirectory.hasSuffix("/") ? workingDirectory : workingDirectory + "/"
        return path.hasPrefix(base) ? String(path.dropFirst(base.count)) : path
    }
}

/// Counts by severity.
struct SeverityCounts {
    var error = 0
    var warning = 0
    var note = 0

    init(_ findings: [Finding]) {
        for finding in findings {
            switch finding.severity {
            case .error: error += 1
            case .warning: warning += 1
            case .note: note += 1
            }
        }
    }
}

/// `1 error`, `2 warnings`.
func plural(_ count: Int, _ noun: String) -> String { "\(count) \(noun)\(count == 1 ? "" : "s")" }
