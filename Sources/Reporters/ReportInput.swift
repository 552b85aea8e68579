import Linter
import Posture
import RuleEngine
import SourceTree
import Synchronization

/// What every reporter reads: the run, and how to show locations.
public struct ReportInput: Sendable {
    public let run: LintRun
    /// Absolute working directory; paths under it are shown relative to it.
    public let workingDirectory: String
    private let lineCache = LineCache()
    /// Each loaded document's security score, in document order, when `lint --score` asks for them.
    public var scores: [(path: String, score: SecurityScore)]?
    /// What the human formats show and the SARIF log keeps.
    public var display = DisplayOptions()
    /// The least severity that fails the run (`--fail-on`); nil when nothing does.
    public var failThreshold: Severity? = .error
    /// What the HTML report needs of each document's model, taken while it was alive (in the order of
    /// `run.documents`); nil: taken from the models the run kept.
    public var inventoryOutlines: [InventoryOutline?]?

    public init(run: LintRun, workingDirectory: String) {
        self.run = run
        self.workingDirectory = workingDirectory
        for document in run.documents {
            if let file = document.summary?.files.first, let lines = document.rootLines {
                lineCache.add(lines, of: file)
            }
        }
    }

    /// The lines of a finding's file, computed once per file.
    func lines(of file: SourceFile) -> SourceLines { lineCache.lines(of: file) }

    /// The region to highlight: a scalar's extent, or the first line of a mapping or sequence.
    func region(of finding: Finding) -> SourceSpan {
        Self.region(of: finding.location, lines: lines(of: finding.file))
    }

    /// The region to highlight for `node`, whose file's lines are `lines`.
    public static func region(of node: NodeRef, lines: SourceLines) -> SourceSpan {
        let span = node.file.span(node.node)
        if node.isScalar && span.end.line == span.start.line { return span }
        return SourceSpan(
            start: span.start,
            end: Position(line: span.start.line, column: max(lines.length(span.start.line) + 1, span.start.column + 1)))
    }

    /// The path of `file` as reports show it, computed once per file.
    func displayPath(of file: SourceFile) -> String {
        lineCache.displayPath(of: file) { displayPath(file.path) }
    }

    /// `path` relative to the working directory when it lies inside it.
    public func displayPath(_ path: String) -> String { Self.displayPath(path, workingDirectory: workingDirectory) }

    /// `path` relative to `workingDirectory` when it lies inside it.
    public static func displayPath(_ path: String, workingDirectory: String) -> String {
        guard path.hasPrefix("/") else { return path }
        let base = workingDirectory.hasSuffix("/") ? workingDirectory : workingDirectory + "/"
        return path.hasPrefix(base) ? String(path.dropFirst(base.count)) : path
    }
}

/// Choices about what a report shows, independent of what fails the run.
public struct DisplayOptions: Sendable {
    /// Findings below this are left out of text, markdown and GitHub output (they still count for `--fail-on`).
    public var minimumSeverity: Severity = .note
    /// Text lists every place of a grouped finding, not only the first.
    public var showOccurrences = false
    /// Text prints only the per-rule summary and the summary line.
    public var statisticsOnly = false
    /// SARIF leaves out results a baseline already has (`unchanged`).
    public var omitUnchanged = false

    public init() {}
}

/// Counts by severity.
struct SeverityCounts {
    var error = 0
    var warning = 0
    var note = 0

    init<Findings: Sequence<Finding>>(_ findings: Findings) {
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

/// Each file's lines and shown path, computed when a reporter first needs them; shared by copies of a
/// `ReportInput` and by the threads that write a report's pieces.
final class LineCache: Sendable {
    private let lines = Mutex<[ObjectIdentifier: SourceLines]>([:])
    private let displayPaths = Mutex<[ObjectIdentifier: String]>([:])

    func displayPath(of file: SourceFile, compute: () -> String) -> String {
        if let known = displayPaths.withLock({ $0[ObjectIdentifier(file)] }) { return known }
        let computed = compute()
        displayPaths.withLock { $0[ObjectIdentifier(file)] = computed }
        return computed
    }

    /// Lines indexed before the report.
    func add(_ computed: SourceLines, of file: SourceFile) { lines.withLock { $0[ObjectIdentifier(file)] = computed } }

    func lines(of file: SourceFile) -> SourceLines {
        lines.withLock { lines in
            if let known = lines[ObjectIdentifier(file)] { return known }
            let computed = SourceLines(file)
            lines[ObjectIdentifier(file)] = computed
            return computed
        }
    }
}
