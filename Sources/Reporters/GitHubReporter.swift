import Linter
import RuleEngine

/// GitHub Actions workflow commands: one `::error`/`::warning`/`::notice` annotation per finding.
public struct GitHubReporter {
    public init() {}

    public func render(_ input: ReportInput) -> String {
        var output = ""
        for finding in input.run.activeFindings {
            let region = input.region(of: finding)
            let command: String
            switch finding.severity {
            case .error: command = "error"
            case .warning: command = "warning"
            case .note: command = "notice"
            }
            let properties = [
                "file=\(Self.escapeProperty(input.displayPath(finding.file.path)))",
                "line=\(region.start.line)", "col=\(region.start.column)",
                "endLine=\(region.end.line)", "endColumn=\(region.end.column)",
                "title=\(Self.escapeProperty("oasguard \(finding.ruleID)"))",
            ]
            output += "::\(command) \(properties.joined(separator: ","))::\(Self.escapeData(finding.message))\n"
        }
        for error in input.run.errors {
            output += "::error file=\(Self.escapeProperty(input.displayPath(error.path))),line=\(error.position.line),"
            output += "col=\(error.position.column),title=oasguard::\(Self.escapeData(error.message))\n"
        }
        return output
    }

    /// Escapes a message as the workflow-command parser expects.
    static func escapeData(_ text: String) -> String {
        text.replacing("%", with: "%25").replacing("\r", with: "%0D").replacing("\n", with: "%0A")
    }

    /// Escapes a property value, which also may not contain `:` or `,`.
    static func escapeProperty(_ text: String) -> String {
        escapeData(text).replacing(":", with: "%3A").replacing(",", with: "%2C")
    }
}
