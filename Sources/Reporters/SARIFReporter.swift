import Linter
import RuleEngine
import SourceTree

/// SARIF 2.1.0 for code scanning: rule metadata, relative locations, stable fingerprints.
public struct SARIFReporter {
    public init() {}

    public func render(_ input: ReportInput) -> String { String(decoding: bytes(input), as: UTF8.self) }

    /// The log as UTF-8.
    public func bytes(_ input: ReportInput) -> [UInt8] { collect { write(input, drain: $0) } }

    /// Writes the log as it is built, handing it to `drain` in pieces.
    public func write(_ input: ReportInput, drain: ([UInt8]) -> Void) {
        let run = input.run
        let ruleIndex = Dictionary(uniqueKeysWithValues: run.rules.enumerated().map { ($1.id, $0) })
        let uris = URICache()
        let absentEntries = run.absentBaselineEntries ?? []
        let selection = SARIFSelection(
            run.findings, absentCount: absentEntries.count, omitUnchanged: input.display.omitUnchanged)
        let findingResults = selection.kept.lazy.map { finding -> JSONValue in
            let region = input.region(of: finding)
            let path = input.displayPath(finding.file.path)
            let pointer = finding.pointer
            var members: [(String, JSONValue)] = [("ruleId", .string(finding.ruleID))]
            if let index = ruleIndex[finding.ruleID] { members.append(("ruleIndex", .int(index))) }
            let related = finding.occurrences.prefix(Self.relatedLocationLimit)
            var message = finding.message
            if !finding.occurrences.isEmpty {
                message += " (\(plural(finding.occurrences.count, "more place")))"
            }
            if finding.occurrences.count > related.count {
                message +=
                    "; the first \(related.count) are related locations, the JSON report (--format json) lists them all"
            }
            members += [
                ("level", .string(finding.severity.rawValue)),
                ("message", .object([("text", .string(message))])),
                ("locations", .array([location(path: path, region: region, pointer: pointer, uris: uris)])),
            ]
            if !related.isEmpty {
                members.append(
                    (
                        "relatedLocations",
                        .array(
                            related.enumerated().map { index, place in
                                let lines = input.lines(of: place.file)
                                return location(
                                    path: input.displayPath(place.file.path),
                                    region: ReportInput.region(of: place, lines: lines), pointer: place.pointer,
                                    uris: uris, id: index + 1)
                            })
                    ))
            }
            members.append(
                (
                    "partialFingerprints",
                    .object([("oasguard/v1", .string(Self.fingerprint(finding, path: path, pointer: pointer)))])
                ))
            if let suppression = finding.suppression {
                var entry: [(String, JSONValue)] = [("kind", .string(suppression.kind.rawValue))]
                if let justification = suppression.justification {
                    entry.append(("justification", .string(justification)))
                }
                members.append(("suppressions", .array([.object(entry)])))
            }
            if let state = finding.baselineState { members.append(("baselineState", .string(state.rawValue))) }
            return .object(members)
        }
        var absentResults: [JSONValue] = []
        let files = AbsentEntryFiles(run, workingDirectory: input.workingDirectory)
        for entry in absentEntries {
            var members: [(String, JSONValue)] = [("ruleId", .string(entry.rule))]
            if let index = ruleIndex[entry.rule] { members.append(("ruleIndex", .int(index))) }
            members += [
                ("level", .string("none")),
                ("message", .object([("text", .string("fixed since the baseline: \(entry.message)"))])),
                (
                    "locations",
                    .array([
                        .object([
                            (
                                "physicalLocation",
                                .object([
                                    (
                                        "artifactLocation",
                                        .object([
                                            ("uri", .string(Self.uriPath(input.displayPath(entry.file)))),
                                            ("uriBaseId", .string("%SRCROOT%")),
                                        ])
                                    ),
                                    // Code scanning requires a start line: where the pointer still leads, else 1.
                                    ("region", .object([("startLine", .int(files.line(of: entry)))])),
                                ])
                            ),
                            ("logicalLocations", .array([.object([("fullyQualifiedName", .string(entry.pointer))])])),
                        ])
                    ])
                ),
                (
                    "partialFingerprints",
                    .object([
                        (
                            "oasguard/v1",
                            .string(
                                StableHash.fnv1a(
                                    "\(entry.rule)|\(input.displayPath(entry.file))|\(entry.pointer)|absent"))
                        )
                    ])
                ),
                ("baselineState", .string("absent")),
            ]
            absentResults.append(.object(members))
        }
        let notifications: [JSONValue] = run.errors.map { error in
            .object([
                ("level", .string("error")),
                ("message", .object([("text", .string(error.message))])),
                (
                    "locations",
                    .array([
                        .object([
                            (
                                "physicalLocation",
                                physicalLocation(
                                    path: input.displayPath(error.path),
                                    region: SourceSpan(start: error.positionOrFileStart, end: error.positionOrFileStart))
                            )
                        ])
                    ])
                ),
            ])
        }
        let invocation = JSONValue.object([
            ("executionSuccessful", .bool(run.errors.isEmpty)),
            ("toolExecutionNotifications", .array(notifications + selection.notifications)),
        ])
        Self.log(
            rules: run.rules.map { Self.ruleDescriptor($0.description) },
            results: AnySequence([AnySequence(findingResults), AnySequence(absentResults)].joined()),
            invocation: invocation, workingDirectory: input.workingDirectory, automationID: "oasguard/", drain: drain)
    }

    /// A whole SARIF log holding one run of oasguard.
    static func log(
        rules: [JSONValue], results: AnySequence<JSONValue>, invocation: JSONValue, workingDirectory: String,
        automationID: String? = nil, drain: ([UInt8]) -> Void
    ) {
        var members: [(String, JSONMember)] = [
            (
                "tool",
                .value(
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
            ),
            (
                "originalUriBaseIds",
                .value(.object([("%SRCROOT%", .object([("uri", .string(fileURI(workingDirectory)))]))]))
            ),
        ]
        if let automationID { members.append(("automationDetails", .value(.object([("id", .string(automationID))])))) }
        members += [("invocations", .value(.array([invocation]))), ("results", .stream(results))]
        var output: [UInt8] = []
        output += Array("{\n  \"$schema\": \"https://json.schemastore.org/sarif-2.1.0.json\",\n".utf8)
        output += Array("  \"version\": \"2.1.0\",\n  \"runs\": [\n    ".utf8)
        JSONValue.writeObject(members, to: &output, indent: 2, drain: drain)
        output += Array("\n  ]\n}\n".utf8)
        drain(output)
    }

    /// A result's location: the file region, and the JSON pointer as the logical location; related locations
    /// carry an `id`.
    func location(
        path: String, region: SourceSpan, pointer: String, uris: URICache = URICache(), id: Int? = nil
    ) -> JSONValue {
        var members: [(String, JSONValue)] = id.map { [("id", .int($0))] } ?? []
        members += [
            ("physicalLocation", physicalLocation(path: path, region: region, uris: uris)),
            ("logicalLocations", .array([.object([("fullyQualifiedName", .string(pointer.isEmpty ? "/" : pointer))])])),
        ]
        return .object(members)
    }

    func physicalLocation(path: String, region: SourceSpan, uris: URICache = URICache()) -> JSONValue {
        var artifact: [(String, JSONValue)] = [("uri", .string(uris.uri(path)))]
        if !path.hasPrefix("/") { artifact.append(("uriBaseId", .string("%SRCROOT%"))) }
        return .object([
            ("artifactLocation", .object(artifact)),
            (
                "region",
                .object([
                    ("startLine", .int(region.start.line)),
                    ("startColumn", .int(region.start.column)),
                    ("endLine", .int(region.end.line)),
                    ("endColumn", .int(max(region.end.column, region.start.column + 1))),
                ])
            ),
        ])
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
        id: String, title: String, summary: String, help: String, markdown: String, level: Severity,
        securitySeverity: Double, tags: [JSONValue], precision: RulePrecision
    ) -> JSONValue {
        .object([
            ("id", .string(id)),
            ("name", .string(RuleID(id).typeName)),
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
    static func fingerprint(_ finding: Finding, path: String, pointer: String) -> String {
        if let cause = finding.cause, !cause.hasPrefix(FindingGrouping.placeCausePrefix) {
            return StableHash.fnv1a("\(finding.ruleID)|\(path)|\(cause)")
        }
        let isKey = finding.file.isKey(finding.location.node) ? "k" : "v"
        return StableHash.fnv1a("\(finding.ruleID)|\(path)|\(pointer)|\(isKey)")
    }

    /// Percent-encodes a path for use as a URI reference.
    static func uriPath(_ path: String) -> String {
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

/// Each path's URI, percent-encoded once however many results point into the file.
final class URICache {
    private var uris: [String: String] = [:]

    func uri(_ path: String) -> String {
        if let known = uris[path] { return known }
        let uri = SARIFReporter.uriPath(path)
        uris[path] = uri
        return uri
    }
}
