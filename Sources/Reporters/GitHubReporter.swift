import Linter
import RuleEngine
import SourceTree

/// GitHub Actions workflow commands: one `::error`/`::warning`/`::notice` annotation per finding.
public struct GitHubReporter {
    public init() {}

    public func render(_ input: ReportInput) -> String {
        var output = ""
        for finding in input.run.activeFindings {
            output += Self.annotation(
                severity: finding.severity, path: input.displayPath(finding.file.path),
                region: input.region(of: finding),
                title: "oasguard \(finding.ruleID)", message: finding.message)
        }
        for error in input.run.errors {
            output += "::error file=\(Self.escapeProperty(input.displayPath(error.path))),"
            if let position = error.position { output += "line=\(position.line),col=\(position.column)," }
            output += "title=oasguard::\(Self.escapeData(error.message))\n"
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
