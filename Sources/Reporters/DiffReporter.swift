import Linter
import Posture
import RuleEngine
import SourceTree

/// The formats of `oasguard diff`.
public enum DiffFormat: String, CaseIterable, Sendable {
    case text, json, markdown, sarif, github, html
}

/// Writes the regressions and improvements between two versions of a document.
public struct DiffReporter {
    /// Bumped when a field of the JSON output changes meaning or disappears.
    public static let formatVersion = 1

    public let diff: SpecDiff
    public let old: VersionName
    public let new: VersionName
    /// Absolute working directory; paths under it are shown relative to it.
    public let workingDirectory: String

    public init(diff: SpecDiff, old: VersionName, new: VersionName, workingDirectory: String) {
        self.diff = diff
        self.old = old
        self.new = new
        self.workingDirectory = workingDirectory
    }

    public func render(_ format: DiffFormat) -> String {
        switch format {
        case .text: text()
        case .json: json()
        case .markdown: markdown()
        case .sarif: sarif()
        case .github: github()
        case .html: html()
        }
    }

    /// The path to show for the file a change points into.
    func path(of change: PostureChange) -> String {
        let document = change.isInNewDocument ? new : old
        return ReportInput.displayPath(
            document.displayPath(change.location.path), workingDirectory: workingDirectory)
    }

    /// `FILE:LINE:COL`.
    func place(of change: PostureChange) -> String {
        let position = change.location.position
        return "\(path(of: change)):\(position.line):\(position.column)"
    }

    var counts: (error: Int, warning: Int, note: Int) {
        let regressions = diff.regressions
        return (
            regressions.filter { $0.severity == .error }.count, regressions.filter { $0.severity == .warning }.count,
            regressions.filter { $0.severity == .note }.count
        )
    }

    var operationsLine: String {
        let match = diff.match
        var line = "\(match.pairs.count) operations matched"
        if match.matchedByOperationID > 0 { line += " (\(match.matchedByOperationID) by operationId)" }
        return line + ", \(match.added.count) added, \(match.removed.count) removed"
    }

    var summaryLine: String {
        let (error, warning, note) = counts
        let regressions = diff.regressions.count
        let improvements = diff.improvements.count
        return
            "\(regressions) regression\(regressions == 1 ? "" : "s") (\(plural(error, "error")), \(plural(warning, "warning")), "
            + "\(plural(note, "note"))), \(improvements) improvement\(improvements == 1 ? "" : "s")"
    }

    // MARK: - Text

    func text() -> String {
        let oldLabel = SafeText.escaped(old.source.label)
        let newLabel = SafeText.escaped(new.source.label)
        var output = "comparing \(oldLabel) (old) with \(newLabel) (new): \(operationsLine)\n"
        if !diff.regressions.isEmpty { output += "\n" }
        for change in diff.regressions {
            output +=
                "\(SafeText.path(place(of: change))): \(change.severity.rawValue): \(SafeText.escaped(change.message)) [\(change.kind.rawValue)]\n"
        }
        if !diff.improvements.isEmpty {
            output += "\nimprovements:\n"
            for change in diff.improvements {
                output +=
                    "\(SafeText.path(place(of: change))): \(SafeText.escaped(change.message)) [\(change.kind.rawValue)]\n"
            }
        }
        return output + "\n" + summaryLine + "\n"
    }

    // MARK: - JSON

    func changeJSON(_ change: PostureChange) -> JSONValue {
        let position = change.location.position
        return .object([
            ("kind", .string(change.kind.rawValue)),
            ("severity", change.isRegression ? .string(change.severity.rawValue) : .null),
            ("category", .string(change.kind.category.rawValue)),
            ("message", .string(change.message)),
            ("operation", change.operation.map(JSONValue.string) ?? .null),
            ("document", .string(change.isInNewDocument ? "new" : "old")),
            ("file", .string(path(of: change))),
            ("line", .int(position.line)),
            ("column", .int(position.column)),
            ("pointer", .string(change.location.pointer)),
        ])
    }

    func json() -> String {
        let (error, warning, note) = counts
        let match = diff.match
        return JSONValue.object([
            ("tool", .string("oasguard")),
            ("version", .string(OASGuardVersion.current)),
            ("formatVersion", .int(Self.formatVersion)),
            ("old", .string(old.source.label)),
            ("new", .string(new.source.label)),
            (
                "operations",
                .object([
                    ("old", .int(diff.old.operationCount)), ("new", .int(diff.new.operations.count)),
                    ("matched", .int(match.pairs.count)), ("matchedByOperationId", .int(match.matchedByOperationID)),
                    ("added", .int(match.added.count)), ("removed", .int(match.removed.count)),
                ])
            ),
            ("regressions", .array(diff.regressions.map(changeJSON))),
            ("improvements", .array(diff.improvements.map(changeJSON))),
            (
                "summary",
                .object([
                    ("error", .int(error)), ("warning", .int(warning)), ("note", .int(note)),
                    ("improvements", .int(diff.improvements.count)),
                ])
            ),
        ]).serialized() + "\n"
    }

    // MARK: - Markdown

    func markdown() -> String {
        var output = "## oasguard diff\n\n"
        output +=
            "\(cell(old.source.label)) → \(cell(new.source.label)): \(operationsLine).\n\n"
        output += "**\(summaryLine)**.\n"
        if !diff.regressions.isEmpty {
            output += "\n### Regressions\n\n| Severity | Change | Location | Message |\n|---|---|---|---|\n"
            for change in diff.regressions.prefix(MarkdownReporter.rowLimit) {
                let icon = change.severity == .error ? "🔴" : change.severity == .warning ? "🟠" : "🔵"
                output +=
                    "| \(icon) \(change.severity.rawValue) | `\(change.kind.rawValue)` | \(cell(place(of: change))) | \(cell(change.message)) |\n"
            }
            if diff.regressions.count > MarkdownReporter.rowLimit {
                output += "\n…and \(diff.regressions.count - MarkdownReporter.rowLimit) more.\n"
            }
        }
        if !diff.improvements.isEmpty {
            output += "\n### Improvements\n\n| Change | Location | Message |\n|---|---|---|\n"
            for change in diff.improvements.prefix(MarkdownReporter.rowLimit) {
                output += "| 🟢 `\(change.kind.rawValue)` | \(cell(place(of: change))) | \(cell(change.message)) |\n"
            }
            if diff.improvements.count > MarkdownReporter.rowLimit {
                output += "\n…and \(diff.improvements.count - MarkdownReporter.rowLimit) more.\n"
            }
        }
        return output
    }

    func cell(_ text: String) -> String { MarkdownReporter().cell(text) }

    // MARK: - GitHub

    /// GitHub Actions workflow commands: an annotation per regression (improvements need no attention).
    func github() -> String {
        var output = ""
        let lines = LineCache()
        // Every regression points into the new document, whose nodes are at hand.
        for change in diff.regressions {
            guard let node = change.location.node else { continue }
            let region = ReportInput.region(of: node, lines: lines.lines(of: node.file))
            output += GitHubReporter.annotation(
                severity: change.severity, path: path(of: change), region: region,
                title: "oasguard diff \(change.kind.rawValue)",
                message: change.message)
        }
        return output
    }

    // MARK: - SARIF

    /// SARIF 2.1.0: one rule per regression kind, one result per regression in the new document (improvements are
    /// left out: code scanning has nothing to show for them).
    func sarif() -> String {
        let kinds = ChangeKind.regressions
        let index = Dictionary(uniqueKeysWithValues: kinds.enumerated().map { ($1, $0) })
        let rules: [JSONValue] = kinds.map { kind in
            SARIFReporter.ruleDescriptor(
                id: RuleID(kind.rawValue), title: kind.title, summary: kind.title + ".", help: kind.help,
                markdown: kind.help,
                level: kind.severity, securitySeverity: kind.securitySeverity,
                tags: [.string("security"), .string(kind.category.rawValue), .string("regression")], precision: .high)
        }
        let lines = LineCache()
        let artifacts = ArtifactCache()
        let log = collect { drain in
            SARIFReporter.log(
                rules: rules, workingDirectory: workingDirectory, automationID: "oasguard-diff/", drain: drain,
                invocation: { $0.member("executionSuccessful", true) },
                results: { writer in
                    for change in diff.regressions {
                        guard let node = change.location.node else { continue }
                        let path = path(of: change)
                        let pointer = change.location.pointer
                        writer.beginObject()
                        writer.member("ruleId", change.kind.rawValue)
                        writer.member("ruleIndex", index[change.kind] ?? 0)
                        writer.member("level", change.severity.rawValue)
                        SARIFReporter.writeMessage(change.message, to: &writer)
                        writer.key("locations")
                        writer.beginArray()
                        SARIFLocation(
                            artifact: artifacts.artifact(path), node: node, pointer: Array(pointer.utf8),
                            lines: lines.lines(of: node.file)
                        ).write(to: &writer)
                        writer.endArray()
                        SARIFReporter.writeFingerprint(
                            StableHash.fnv1a("\(change.kind.rawValue)|\(path)|\(pointer)|\(change.message)"),
                            to: &writer)
                        writer.endObject()
                        writer.drain(whenFull: drain)
                    }
                })
        }
        return String(decoding: log, as: UTF8.self)
    }
}
