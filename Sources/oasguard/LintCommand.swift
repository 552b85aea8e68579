import ArgumentParser
import Linter
import Reporters
import RuleEngine
import Rules
import SourceTree

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// `oasguard lint`: lints documents and reports findings.
struct LintCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lint",
        abstract: "Lint OpenAPI documents for security problems.",
        discussion: """
            Exit codes: 0 no finding at or above --fail-on; 1 at least one; 2 usage error or an input \
            could not be loaded (the other inputs are still linted and reported).
            """
    )

    /// Output formats.
    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, json, sarif
    }

    /// The least severity that fails the run.
    enum FailOn: String, ExpressibleByArgument, CaseIterable {
        case error, warning, note, never

        var threshold: Severity? { Severity(rawValue: rawValue) }
    }

    @Argument(help: "Files, or directories searched recursively for OpenAPI root documents.")
    var paths: [String] = ["."]

    @Option(help: "Output format: text, json or sarif.")
    var format: Format = .text

    @Option(name: .shortAndLong, help: "Write the report to this file instead of standard output.")
    var output: String?

    @Option(help: "Fail (exit 1) on findings at or above: error, warning, note, never.")
    var failOn: FailOn = .error

    @Option(help: "Directory that references may not leave (default: the git repository, else the document's directory).")
    var refRoot: String?

    @Option(help: "Largest file read, in bytes.")
    var maxFileSize: Int = LoadLimits.default.maxFileBytes

    @Option(help: "Deepest nesting of mappings and sequences.")
    var maxDepth: Int = LoadLimits.default.maxDepth

    @Option(help: "Most files the references of one document may pull in.")
    var maxFiles: Int = LoadLimits.default.maxFiles

    @Option(help: "Most nodes YAML aliases may add when expanded.")
    var maxAliasExpansion: Int = LoadLimits.default.maxAliasExpansion

    func validate() throws {
        for (name, value) in [("max-file-size", maxFileSize), ("max-depth", maxDepth), ("max-files", maxFiles)]
        where value < 1 {
            throw ValidationError("--\(name) must be at least 1")
        }
        if let refRoot, FileReader.isDirectory(refRoot) != true {
            throw ValidationError("--ref-root '\(refRoot)' is not a directory")
        }
    }

    func run() throws {
        let limits = LoadLimits(
            maxFileBytes: maxFileSize, maxDepth: maxDepth, maxAliasExpansion: maxAliasExpansion, maxFiles: maxFiles)
        let linter = Linter(options: LintOptions(referenceRoot: refRoot, limits: limits))
        let run = linter.lint(paths: paths)
        let input = ReportInput(run: run, workingDirectory: workingDirectory())
        for error in run.errors {
            var shown = error
            shown.path = input.displayPath(error.path)
            writeError(shown.description)
        }
        let report: String
        switch format {
        case .text:
            let color = output == nil && isatty(STDOUT_FILENO) != 0 && getenv("NO_COLOR") == nil
            report = TextReporter(useColor: color).render(input)
        case .json: report = JSONReporter().render(input)
        case .sarif: report = SARIFReporter().render(input)
        }
        if let output {
            let descriptor = open(output, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
            guard descriptor >= 0 else {
                writeError("\(output): error: cannot write the report: \(String(cString: strerror(errno)))")
                throw ExitCode(2)
            }
            write(report, to: descriptor)
            close(descriptor)
        } else {
            write(report, to: STDOUT_FILENO)
        }
        if !run.errors.isEmpty { throw ExitCode(2) }
        if let threshold = failOn.threshold, run.findings.contains(where: { $0.severity >= threshold }) {
            throw ExitCode(1)
        }
    }
}
