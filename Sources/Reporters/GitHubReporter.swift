import Linter
import RuleEngine
import SourceTree

/// GitHub Actions workflow commands: one `::error`/`::warning`/`::notice` annotation per finding, errors first.
///
/// GitHub shows 10 annotations of each kind per step (and 50 per job); the rest it drops silently. So at most
/// `annotationsPerKind` of each kind are written, most severe first, and when some are left over a closing notice
/// says how many, followed by every finding not annotated as a plain line of the step's log.
public struct GitHubReporter {
    /// Annotations of one kind (error, warning, notice) GitHub shows per step.
    public static let annotationsPerKind = 10

    public init() {}

    public func render(_ input: ReportInput) -> String {
        var output = ""
        var shown: [Severity: Int] = [:]
        for error in input.run.errors {
            shown[.error, default: 0] += 1
            output += "::error file=\(Self.escapeProperty(input.displayPath(error.path))),"
            if let position = error.position { output += "line=\(position.line),col=\(position.column)," }
            output += "title=oasguard::\(Self.escapeData(error.message))\n"
        }
        let findings = input.run.activeFindings.filter { $0.severity >= input.display.minimumSeverity }
            .sorted(by: Finding.bySeverity)
        // A note's slot is kept for the closing notice when anything is left out.
        let overflows = Severity.allCases.contains { severity in
            findings.filter { $0.severity == severity }.count + (shown[severity] ?? 0) > Self.annotationsPerKind
        }
        var leftOut: [Finding] = []
        for finding in findings {
            let room = Self.annotationsPerKind - (finding.severity == .note && overflows ? 1 : 0)
            guard shown[finding.severity, default: 0] < room else {
                leftOut.append(finding)
                continue
            }
            shown[finding.severity, default: 0] += 1
            var message = finding.message
            if !finding.occurrences.isEmpty {
                message +=
                    " (\(plural(finding.occurrences.count, finding.isDocumentWide ? "operation" : "more place")))"
            }
            output += Self.annotation(
                severity: finding.severity, path: input.displayPath(finding.file.path),
                region: input.region(of: finding), title: "oasguard \(finding.ruleID)", message: message)
        }
        guard !leftOut.isEmpty else { return output }
        let counts = SeverityCounts(leftOut)
        let summary = [plural(counts.error, "error"), plural(counts.warning, "warning"), plural(counts.note, "note")]
        output +=
            "::notice title=oasguard::\(plural(leftOut.count, "more finding")) (\(summary.joined(separator: ", "))) "
            + "not annotated: GitHub shows \(Self.annotationsPerKind) annotations of each kind per step. "
            + "They are listed in this step's log after this notice; the markdown format "
            + "(--output markdown=$GITHUB_STEP_SUMMARY) and SARIF (code scanning) report every finding.\n"
        output += "oasguard: findings not annotated:\n"
        for finding in leftOut {
            let position = finding.position
            // A plain log line; escaped like a message and indented so it never reads as a workflow command.
            output +=
                "  - \(Self.escapeData(input.displayPath(finding.file.path))):\(position.line):\(position.column): "
            output += "\(finding.severity.rawValue): \(Self.escapeData(finding.message)) [\(finding.ruleID)]\n"
        }
        return output
    }

    /// One `::error`/`::warning`/`::notice` line (notes become notices) annotating `region` of `path`.
    static func annotation(severity: Severity, path: String, region: SourceSpan, title: String, message: String)
        -> String
    {
        let command: String
        switch severity {
        case .error: command = "error"
        case .warning: command = "warning"
        case .note: command = "notice"
        }
        let properties = [
            "file=\(escapeProperty(path))", "line=\(region.start.line)", "col=\(region.start.column)",
            "endLine=\(region.end.line)", "endColumn=\(region.end.column)", "title=\(escapeProperty(title))",
        ]
        return "::\(command) \(properties.joined(separator: ","))::\(escapeData(message))\n"
    }

    /// Escapes a message as the workflow-command parser expects.
    static func escapeData(_ text: String) -> String { escape(SafeText.escaped(text), also: []) }

    /// Escapes a property value, which also may not contain `:` or `,`.
    static func escapeProperty(_ text: String) -> String {
        escape(SafeText.escaped(text), also: [UInt8(ascii: ":"), UInt8(ascii: ",")])
    }

    /// Percent-encodes `%`, carriage returns, line feeds and `extra`; text without them is returned as is.
    private static func escape(_ text: String, also extra: Set<UInt8>) -> String {
        let special: (UInt8) -> Bool = { $0 == UInt8(ascii: "%") || $0 == 0x0D || $0 == 0x0A || extra.contains($0) }
        guard text.utf8.contains(where: special) else { return text }
        var bytes: [UInt8] = []
        for byte in text.utf8 {
            if special(byte) {
                let hex = Array("0123456789ABCDEF".utf8)
                bytes += [UInt8(ascii: "%"), hex[Int(byte >> 4)], hex[Int(byte & 0xF)]]
            } else {
                bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
