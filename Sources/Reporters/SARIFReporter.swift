import Linter
import RuleEngine
import SourceTree

/// SARIF 2.1.0 for code scanning: rule metadata, relative locations, stable fingerprints.
public struct SARIFReporter: Sendable {
    public init() {}

    public func render(_ input: ReportInput) -> String { String(decoding: bytes(input), as: UTF8.self) }

    /// The log as UTF-8.
    public func bytes(_ input: ReportInput) -> [UInt8] { collect { write(input, drain: $0) } }

    /// Writes the log as it is built, handing it to `drain` in pieces.
    public func write(_ input: ReportInput, drain: ([UInt8]) -> Void) {
        let run = input.run
        let ruleIndex = Dictionary(uniqueKeysWithValues: run.rules.enumerated().map { ($1.id, $0) })
        let absentEntries = run.absentBaselineEntries ?? []
        let selection = SARIFSelection(
            run.findings, absentCount: absentEntries.count, omitUnchanged: input.display.omitUnchanged)
        let artifacts = ArtifactCache()
        Self.log(
            rules: run.rules.map { Self.ruleDescriptor($0.description) }, workingDirectory: input.workingDirectory,
            automationID: "oasguard/", drain: drain,
            invocation: { writer in
                writer.member("executionSuccessful", run.errors.isEmpty)
                writer.key("toolExecutionNotifications")
                writer.beginArray()
                for error in run.errors {
                    writer.beginObject()
                    writer.member("level", "error")
                    Self.writeMessage(error.message, to: &writer)
                    writer.key("locations")
                    writer.beginArray()
                    SARIFLocation(
                        artifact: artifacts.artifact(input.displayPath(error.path)),
                        region: .span(SourceSpan(start: error.positionOrFileStart, end: error.positionOrFileStart))
                    ).write(to: &writer)
                    writer.endArray()
                    writer.endObject()
                }
                for notification in selection.notifications { writer.value(notification) }
                writer.endArray()
            },
            results: { writer in
                let kept = selection.kept
                writer.writeElementsInPieces(count: kept.count, drain: drain) {
                    let artifacts = ArtifactCache()
                    return { index, piece in
                        let finding = kept[index]
                        writeResult(
                            finding, input: input, ruleIndex: ruleIndex[finding.ruleID], artifacts: artifacts,
                            to: &piece)
                    }
                }
                let files = AbsentEntryFiles(run, workingDirectory: input.workingDirectory)
                for entry in absentEntries {
                    writeAbsentResult(
                        entry, input: input, ruleIndex: ruleIndex[entry.rule], line: files.line(of: entry), to: &writer)
                    writer.drain(whenFull: drain)
                }
            })
    }

    /// One finding as a result.
    func writeResult(
        _ finding: Finding, input: ReportInput, ruleIndex: Int?, artifacts: ArtifactCache, to writer: inout JSONWriter
    ) {
        let (path, artifact) = artifacts.artifact(of: finding.file, input: input)
        var pointer: [UInt8] = []
        pointer.reserveCapacity(128)
        finding.file.appendPointer(finding.location.node, to: &pointer)
        writer.beginObject()
        writer.member("ruleId", finding.ruleID.rawValue)
        if let ruleIndex { writer.member("ruleIndex", ruleIndex) }
        writer.member("level", finding.severity.rawValue)
        let related = finding.occurrences.prefix(Self.relatedLocationLimit)
        if finding.occurrences.isEmpty {
            Self.writeMessage(finding.message, to: &writer)
        } else {
            var message = finding.message + " (\(plural(finding.occurrences.count, "more place")))"
            if finding.occurrences.count > related.count {
                message +=
                    "; the first \(related.count) are related locations, the JSON report (--format json) lists them all"
            }
            Self.writeMessage(message, to: &writer)
        }
        writer.key("locations")
        writer.beginArray()
        SARIFLocation(
            artifact: artifact, node: finding.location, pointer: pointer, lines: input.lines(of: finding.file)
        )
        .write(to: &writer)
        writer.endArray()
        if !related.isEmpty {
            writer.key("relatedLocations")
            writer.beginArray()
            for (index, place) in related.enumerated() {
                var placePointer: [UInt8] = []
                placePointer.reserveCapacity(128)
                place.file.appendPointer(place.node, to: &placePointer)
                SARIFLocation(
                    id: index + 1, artifact: artifacts.artifact(of: place.file, input: input).artifact, node: place,
                    pointer: placePointer, lines: input.lines(of: place.file)
                ).write(to: &writer)
            }
            writer.endArray()
        }
        Self.writeFingerprint(Self.fingerprint(finding, path: path, pointer: pointer), to: &writer)
        if let suppression = finding.suppression {
            writer.key("suppressions")
            writer.beginArray()
            writer.beginObject()
            writer.member("kind", suppression.kind.rawValue)
            if let justification = suppression.justification { writer.member("justification", justification) }
            writer.endObject()
            writer.endArray()
        }
        if let state = finding.baselineState { writer.member("baselineState", state.rawValue) }
        writer.endObject()
    }

    /// A baseline entry no finding matches any more, as an `absent` result.
    func writeAbsentResult(
        _ entry: Baseline.Entry, input: ReportInput, ruleIndex: Int?, line: Int, to writer: inout JSONWriter
    ) {
        let path = input.displayPath(entry.file)
        writer.beginObject()
        writer.member("ruleId", entry.rule.rawValue)
        if let ruleIndex { writer.member("ruleIndex", ruleIndex) }
        writer.member("level", "none")
        Self.writeMessage("fixed since the baseline: \(entry.message)", to: &writer)
        writer.key("locations")
        writer.beginArray()
        // Code scanning requires a start line: where the pointer still leads, else 1.
        SARIFLocation(
            artifact: SARIFLocation.Artifact(uri: Self.uriPath(path), isUnderRoot: true), region: .startLine(line),
            pointer: Array(entry.pointer.utf8)
        ).write(to: &writer)
        writer.endArray()
        Self.writeFingerprint(StableHash.fnv1a("\(entry.rule)|\(path)|\(entry.pointer)|absent"), to: &writer)
        writer.member("baselineState", "absent")
        writer.endObject()
    }

    /// `"message": {"text": text}`.
    static func writeMessage(_ text: String, to writer: inout JSONWriter) {
        writer.key("message")
        writer.beginObject()
        writer.member("text", text)
        writer.endObject()
    }

    /// `"partialFingerprints": {"oasguard/v1": fingerprint}`.
    static func writeFingerprint(_ fingerprint: String, to writer: inout JSONWriter) {
        writer.key("partialFingerprints")
        writer.beginObject()
        writer.member("oasguard/v1", fingerprint)
        writer.endObject()
    }

    /// A whole SARIF log holding one run of oasguard: `invocation` writes the members of its one invocation,
    /// `results` its results.
    static func log(
        rules: [JSONValue], workingDirectory: String, automationID: String, drain: ([UInt8]) -> Void,
        invocation: (inout JSONWriter) -> Void, results: (inout JSONWriter) -> Void
    ) {
        var writer = JSONWriter(depth: 2)
        writer.raw("{\n  \"$schema\": \"https://json.schemastore.org/sarif-2.1.0.json\",\n")
        writer.raw("  \"version\": \"2.1.0\",\n  \"runs\": [\n    ")
        writer.beginObject()
        writer.key("tool")
        writer.value(
            .object([
                (
                    "driver",
                    .object([
                        ("name", .string("oasguard")),
                        ("version", .string(OASGuardVersion.current)),
                        ("semanticVersion", .string(OASGuardVersion.current)),
                        ("rules", .array(rules)),
                    ])
                )
            ]))
        writer.key("originalUriBaseIds")
        writer.value(.object([("%SRCROOT%", .object([("uri", .string(fileURI(workingDirectory)))]))]))
        writer.key("automationDetails")
        writer.value(.object([("id", .string(automationID))]))
        writer.key("invocations")
        writer.beginArray()
        writer.beginObject()
        invocation(&writer)
        writer.endObject()
        writer.endArray()
        writer.key("results")
        writer.beginArray()
        results(&writer)
        writer.endArray()
        writer.endObject()
        writer.raw("\n  ]\n}\n")
        writer.flush(to: drain)
    }

    /// The `reportingDescriptor` of a rule, from its catalog entry.
    static func ruleDescriptor(_ rule: RuleDescription) -> JSONValue {
        let markdown = """
            \(rule.summary)

            \(rule.rationale)

            **How to fix it**

            \(rule.remediation)
            """
            + (rule.references.isEmpty
                ? "" : "\n**References**\n\n" + rule.references.map { "- <\($0)>" }.joined(separator: "\n") + "\n")
        var tags: [JSONValue] = [.string("security"), .string(rule.category.rawValue)]
        tags += rule.owasp.map { .string("OWASP-\($0)") }
        tags += rule.cwe.map { .string("external/cwe/\($0.lowercased())") }
        return ruleDescriptor(
            id: rule.id, title: rule.title, summary: rule.summary, help: rule.summary + "\n\n" + rule.remediation,
            markdown: markdown, level: rule.severity, securitySeverity: rule.securitySeverity, tags: tags,
            precision: rule.precision)
    }

    /// A `reportingDescriptor`: id, name from the id, descriptions, help, default level, tags and security-severity.
    static func ruleDescriptor(
        id: RuleID, title: String, summary: String, help: String, markdown: String, level: Severity,
        securitySeverity: Double, tags: [JSONValue], precision: RulePrecision
    ) -> JSONValue {
        .object([
            ("id", .string(id.rawValue)),
            ("name", .string(id.typeName)),
            ("shortDescription", .object([("text", .string(title))])),
            ("fullDescription", .object([("text", .string(summary))])),
            ("help", .object([("text", .string(help)), ("markdown", .string(markdown))])),
            ("defaultConfiguration", .object([("level", .string(level.rawValue))])),
            (
                "properties",
                .object([
                    ("tags", .array(tags)),
                    ("security-severity", .string(String(format1: securitySeverity))),
                    ("precision", .string(precision.rawValue)),
                ])
            ),
        ])
    }

    /// Code scanning shows 100 related locations of a result and rejects a result with more than 1,000.
    static let relatedLocationLimit = 100

    /// Stable across line moves: rule, file and JSON pointer (and whether the node is a key); for a finding that
    /// stands for a root cause shared by several places, rule, file and that cause, so the fingerprint stays
    /// when places are added or removed.
    static func fingerprint(_ finding: Finding, path: String, pointer: [UInt8]) -> String {
        var hash = StableHash.FNV1a()
        hash.add(finding.ruleID.rawValue)
        hash.add("|")
        hash.add(path)
        hash.add("|")
        if let cause = finding.cause, !cause.hasPrefix(FindingGrouping.placeCausePrefix) {
            hash.add(cause)
        } else {
            hash.add(pointer)
            hash.add(finding.file.isKey(finding.location.node) ? "|k" : "|v")
        }
        return hash.hex
    }

    /// Percent-encodes a path for use as a URI reference.
    public static func uriPath(_ path: String) -> String {
        var result = path.hasPrefix("/") ? "file://" : ""
        for byte in path.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
                UInt8(ascii: "~"), UInt8(ascii: "/"):
                result.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                let hex = String(byte, radix: 16, uppercase: true)
                result += "%" + (hex.count == 1 ? "0" : "") + hex
            }
        }
        return result
    }

    static func fileURI(_ directory: String) -> String {
        let uri = uriPath(directory)
        return uri.hasSuffix("/") ? uri : uri + "/"
    }
}

extension String {
    /// A number with one decimal: `5.9`.
    init(format1 value: Double) {
        let tenths = Int((value * 10).rounded())
        self = "\(tenths / 10).\(tenths % 10)"
    }
}

/// Each path's artifact location, its URI percent-encoded once however many results point into the file.
final class ArtifactCache {
    private var artifacts: [String: SARIFLocation.Artifact] = [:]
    /// The shown path and artifact of each file results point into.
    private var files: [ObjectIdentifier: (path: String, artifact: SARIFLocation.Artifact)] = [:]

    func artifact(_ path: String) -> SARIFLocation.Artifact {
        if let known = artifacts[path] { return known }
        let artifact = SARIFLocation.Artifact(uri: SARIFReporter.uriPath(path), isUnderRoot: !path.hasPrefix("/"))
        artifacts[path] = artifact
        return artifact
    }

    /// The path `input` shows for `file`, and its artifact.
    func artifact(of file: SourceFile, input: ReportInput) -> (path: String, artifact: SARIFLocation.Artifact) {
        if let known = files[ObjectIdentifier(file)] { return known }
        let path = input.displayPath(of: file)
        let shown = (path, artifact(path))
        files[ObjectIdentifier(file)] = shown
        return shown
    }
}

/// Where a result or notification is: the file and its region, and the JSON pointer as the logical location.
struct SARIFLocation {
    /// A file: its URI, relative to `%SRCROOT%` when it is under the root.
    struct Artifact {
        let uri: String
        let isUnderRoot: Bool
    }

    /// A node's extent, or only a line.
    enum Region {
        case span(SourceSpan)
        case startLine(Int)
    }

    /// Set on related locations.
    let id: Int?
    let artifact: Artifact
    let region: Region
    /// The logical location's name as UTF-8; nil when there is none.
    let pointer: [UInt8]?

    init(id: Int? = nil, artifact: Artifact, region: Region, pointer: [UInt8]? = nil) {
        self.id = id
        self.artifact = artifact
        self.region = region
        self.pointer = pointer
    }

    /// The location of `node`: the region a reporter highlights, and its pointer as UTF-8 (computed once by the
    /// caller), `/` for the root.
    init(id: Int? = nil, artifact: Artifact, node: NodeRef, pointer: [UInt8], lines: SourceLines) {
        self.init(
            id: id, artifact: artifact, region: .span(ReportInput.region(of: node, lines: lines)),
            pointer: pointer.isEmpty ? [UInt8(ascii: "/")] : pointer)
    }

    func write(to writer: inout JSONWriter) {
        writer.beginObject()
        if let id { writer.member("id", id) }
        writer.key("physicalLocation")
        writer.beginObject()
        writer.key("artifactLocation")
        writer.beginObject()
        writer.member("uri", artifact.uri)
        if artifact.isUnderRoot { writer.member("uriBaseId", "%SRCROOT%") }
        writer.endObject()
        writer.key("region")
        writer.beginObject()
        switch region {
        case .span(let span):
            writer.member("startLine", span.start.line)
            writer.member("startColumn", span.start.column)
            writer.member("endLine", span.end.line)
            writer.member("endColumn", max(span.end.column, span.start.column + 1))
        case .startLine(let line):
            writer.member("startLine", line)
        }
        writer.endObject()
        writer.endObject()
        if let pointer {
            writer.key("logicalLocations")
            writer.beginArray()
            writer.beginObject()
            writer.member("fullyQualifiedName", utf8: pointer)
            writer.endObject()
            writer.endArray()
        }
        writer.endObject()
    }
}
