import Linter

/// The output formats, each a reporter.
public enum ReportFormat: String, CaseIterable, Sendable {
    case text, json, sarif, github, junit, markdown

    /// The report as UTF-8 bytes; JSON and SARIF are written straight into them, without an intermediate string.
    public func bytes(_ input: ReportInput, useColor: Bool = false, showSuppressed: Bool = false) -> [UInt8] {
        switch self {
        case .json: JSONReporter().bytes(input)
        case .sarif: SARIFReporter().bytes(input)
        default: Array(render(input, useColor: useColor, showSuppressed: showSuppressed).utf8)
        }
    }

    /// Renders the run in this format.
    public func render(_ input: ReportInput, useColor: Bool = false, showSuppressed: Bool = false) -> String {
        switch self {
        case .text: TextReporter(useColor: useColor, showSuppressed: showSuppressed).render(input)
        case .json: JSONReporter().render(input)
        case .sarif: SARIFReporter().render(input)
        case .github: GitHubReporter().render(input)
        case .junit: JUnitReporter().render(input)
        case .markdown: MarkdownReporter().render(input)
        }
    }
}
