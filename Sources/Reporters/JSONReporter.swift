import Linter
import RuleEngine
import SourceTree

/// Machine-readable output with a stable, documented shape (see README, "JSON output").
public struct JSONReporter: Sendable {
    /// Bumped when a field changes meaning or disappears.
    public static let formatVersion = 1

    public init() {}

    public func render(_ input: ReportInput) -> String { String(decoding: bytes(input), as: UTF8.self) }

    /// The report as UTF-8.
    public func bytes(_ input: ReportInput) -> [UInt8] { collect { write(input, drain: $0) } }

    /// Writes the report as it is built, handing it to `drain` in pieces.
    public func write(_ input: ReportInput, drain: ([UInt8]) -> Void) {
        let run = input.run
        let files: [JSONValue] = run.documents.map { document in
            .object([
                ("path", .string(input.displayPath(document.path))),
                ("loaded", .bool(document.summary != nil)),
                ("version", document.summary.map { .string($0.versionText) } ?? .null),
                ("operations", .int(document.summary?.operationCount ?? 0)),
                ("findings", .int(document.findings.count)),
            ])
        }
        let errors: [JSONValue] = run.errors.map { Self.errorJSON($0, displayPath: input.displayPath($0.path)) }
        let counts = SeverityCounts(run.activeFindings)
        // What follows the findings.
        var members: [(StaticString, JSONValue)] = [
            ("files", .array(files)),
            ("errors", .array(errors)),
            (
                "summary",
                .object([
                    ("error", .int(counts.error)), ("warning", .int(counts.warning)), ("note", .int(counts.note)),
                    ("suppressed", .int(run.findings.count - run.activeFindings.count)),
                ])
            ),
        ]
        if let scores = input.scores {
            members.append(
                (
                    "scores",
                    .array(
                        scores.map { path, score in
                            .object([("file", .string(input.displayPath(path)))] + ScoreReport.json(score).members)
                        })
                ))
        }
        if let fixed = run.absentBaselineEntries {
            members.append(
                (
                    "baselineFixed",
                    .array(
                        fixed.map {
                            .object([
                                ("rule", .string($0.rule.rawValue)), ("file", .string(input.displayPath($0.file))),
                                ("pointer", .string($0.pointer)), ("message", .string($0.message)),
                            ])
                        })
                ))
        }
        var writer = JSONWriter()
        writer.beginReport(formatVersion: Self.formatVersion)
        writer.key("findings")
        writer.beginArray()
        let findings = run.findings
        writer.writeElementsInPieces(count: findings.count, drain: drain) {
            { index, piece in writeFinding(findings[index], input: input, to: &piece) }
        }
        writer.endArray()
        for (name, value) in members {
            writer.key(name)
            writer.value(value)
        }
        writer.endObject()
        writer.raw("\n")
        writer.flush(to: drain)
    }

    /// One finding: where it is, what it says, its other places and whether something excuses it.
    func writeFinding(_ finding: Finding, input: ReportInput, to writer: inout JSONWriter) {
        let region = input.region(of: finding)
        writer.beginObject()
        writer.member("rule", finding.ruleID.rawValue)
        writer.member("severity", finding.severity.rawValue)
        writer.member("message", finding.message)
        writer.member("file", input.displayPath(of: finding.file))
        writer.member("line", region.start.line)
        writer.member("column", region.start.column)
        writer.member("endLine", region.end.line)
        writer.member("endColumn", region.end.column)
        writer.member("pointer", pointerOf: finding.location)
        writer.member("documentWide", finding.isDocumentWide)
        writer.key("occurrences")
        writer.beginArray()
        for place in finding.occurrences {
            let start = place.position
            writer.beginObject()
            writer.member("file", input.displayPath(of: place.file))
            writer.member("line", start.line)
            writer.member("column", start.column)
            writer.member("pointer", pointerOf: place)
            writer.endObject()
        }
        writer.endArray()
        writer.member("suppressed", !finding.isActive)
        writer.key("suppression")
        if let suppression = finding.suppression {
            writer.beginObject()
            writer.member("kind", suppression.kind.rawValue)
            writer.member("justification", suppression.justification)
            writer.endObject()
        } else {
            writer.null()
        }
        writer.member("baselineState", finding.baselineState?.rawValue)
        writer.endObject()
    }

    /// A document that could not be loaded, as the JSON reports list it (`displayPath` is the error's path as shown).
    static func errorJSON(_ error: LoadError, displayPath: String) -> JSONValue {
        .object([
            ("file", .string(displayPath)),
            ("line", error.position.map { .int($0.line) } ?? .null),
            ("column", error.position.map { .int($0.column) } ?? .null),
            ("message", .string(error.message)),
        ])
    }
}
