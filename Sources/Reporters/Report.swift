import Linter

/// The output formats, each a reporter.
public enum ReportFormat: String, CaseIterable, Sendable {
    case text, json, sarif, github, junit, markdown

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
