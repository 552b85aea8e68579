import Linter
import RuleEngine
import SourceTree

/// Machine-readable output with a stable, documented shape (see README, "JSON output").
public struct JSONReporter {
    /// Bumped when a field changes meaning or disappears.
    public static let formatVersion = 1

    public init() {}

    public func render(_ input: ReportInput) -> String { String(decoding: bytes(input), as: UTF8.self) }

    /// The report as UTF-8.
    public func bytes(_ input: ReportInput) -> [UInt8] { collect { write(input, drain: $0) } }

    /// Writes the report as it is built, handing it to `drain` in pieces.
    public func write(_ input: ReportInput, drain: ([UInt8]) -> Void) {
        let run = input.run
        let findings = run.findings.lazy.map { finding -> JSONValue in
            let region = input.region(of: finding)
            return
                .object([
                    ("rule", .string(finding.ruleID)),
                    ("severity", .string(finding.severity.rawValue)),
                    ("message", .string(finding.message)),
                    ("file", .string(input.displayPath(finding.file.path))),
                    ("line", .int(region.start.line)),
                    ("column", .int(region.start.column)),
                    ("endLine", .int(region.end.line)),
                    ("endColumn", .int(region.end.column)),
                    ("pointer", .string(finding.pointer)),
                    ("documentWide", .bool(finding.isDocumentWide)),
                    (
                        "occurrences",
                        .array(
                            finding.occurrences.map { place in
                                let start = place.position
                                return .object([
                                    ("file", .string(input.displayPath(place.file.path))),
                                    ("line", .int(start.line)), ("column", .int(start.column)),
                                    ("pointer", .string(place.pointer)),
                                ])
                            })
                    ),
                    ("suppressed", .bool(!finding.isActive)),
                    (
                        "suppression",
                        finding.suppression.map {
                            .object([
                                ("kind", .string($0.kind.rawValue)),
                                ("justification", $0.justification.map(JSONValue.string) ?? .null),
                            ])
                        } ?? .null
                    ),
                    ("baselineState", finding.baselineState.map { .string($0.rawValue) } ?? .null),
                ])
        }
        let files: [JSONValue] = run.documents.map { document in
            .object([
                ("path", .string(input.displayPath(document.path))),
                ("loaded", .bool(document.summary != nil)),
                ("version", document.summary.map { .string($0.versionText) } ?? .null),
                ("operations", .int(document.summary?.operationCount ?? 0)),
                ("findings", .int(document.findings.count)),
            ])
        }
        let errors: [JSONValue] = run.errors.map { error in
            .object([
                ("file", .string(input.displayPath(error.path))),
                ("line", error.position.map { .int($0.line) } ?? .null),
                ("column", error.position.map { .int($0.column) } ?? .null),
                ("message", .string(error.message)),
            ])
        }
        let counts = SeverityCounts(run.activeFindings)
        var members: [(String, JSONMember)] = [
            ("tool", .value(.string("oasguard"))),
            ("version", .value(.string(OASGuardVersion.current))),
            ("formatVersion", .value(.int(Self.formatVersion))),
            ("findings", .stream(AnySequence(findings))),
            ("files", .value(.array(files))),
            ("errors", .value(.array(errors))),
            (
                "summary",
                .value(
                    .object([
                        ("error", .int(counts.error)), ("warning", .int(counts.warning)), ("note", .int(counts.note)),
                        ("suppressed", .int(run.findings.count - run.activeFindings.count)),
                    ]))
            ),
        ]
        if let scores = input.scores {
            members.append(
                (
                    "scores",
                    .value(
                        .array(
                            scores.map { path, score in
                                .object(
                                    [("file", .string(input.displayPath(path)))] + (ScoreReport.json(score).members))
                            }))
                ))
        }
        if let fixed = run.absentBaselineEntries {
            members.append(
                (
                    "baselineFixed",
                    .value(
                        .array(
                            fixed.map {
                                .object([
                                    ("rule", .string($0.rule)), ("file", .string(input.displayPath($0.file))),
                                    ("pointer", .string($0.pointer)),
                                    ("message", .string($0.message)),
                                ])
                            }))
                ))
        }
        var output: [UInt8] = []
        JSONValue.writeObject(members, to: &output, indent: 0, drain: drain)
        output.append(0x0A)
        drain(output)
    }
}
