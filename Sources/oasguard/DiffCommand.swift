import ArgumentParser
import Linter
import Platform
import Posture
import References
import Reporters
import RuleEngine
import SourceTree

/// `oasguard diff OLD NEW`: the security regressions (and improvements) between two versions of a document.
struct DiffCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "Report security regressions and improvements between two versions of a document.",
        discussion: """
            OLD and NEW are files, or git:REV:PATH to read a version from git history without checking it out \
            (PATH relative to the repository's root, or to the working directory when it starts with ./). \
            Regressions point at NEW. Exit codes: 0 no regression at or above --fail-on; 1 at least one; 2 a \
            usage error or a version that could not be loaded.
            """
    )

    @Argument(help: "The old version: a file or git:REV:PATH.")
    var old: String

    @Argument(help: "The new version: a file or git:REV:PATH.")
    var new: String

    @Option(
        help: "Output format: \(DiffFormat.allCases.map(\.rawValue).joined(separator: ", ")). Repeat for several.")
    var format: [ArgumentChoice<DiffFormat>] = []

    @Option(
        name: .shortAndLong,
        help: "Write a report to FILE, or one format's report with FORMAT=FILE (e.g. sarif=diff.sarif).")
    var output: [OutputArgument<DiffFormat>] = []

    @Option(
        help:
            "Fail (exit 1) on regressions at or above: error, warning, note, never (default: the configuration's, else error)."
    )
    var failOn: ArgumentChoice<FailLevel>?

    @OptionGroup var configuration: ConfigurationFlags

    func validate() throws {
        _ = try destinations()
        _ = try failOn?.checkedLevel()
        if !configuration.policyFiles.isEmpty {
            throw ValidationError("diff evaluates no policy; --policy is for lint, inventory and rules")
        }
    }

    /// Each requested format with the file it goes to (nil: standard output).
    func destinations() throws -> [(format: DiffFormat, file: String?)] {
        try reportDestinations(formats: format, outputs: output, default: .text)
    }

    func run() throws {
        let cwd = workingDirectory()
        let settings = try configuration.load(cwd: cwd)
        var options = settings.lintOptions(workingDirectory: cwd)
        options.excludes = []
        var versions: [LoadedDocument] = []
        var failed = false
        // Both versions load at once; what each reports is written afterwards, old first, as loading in turn would.
        let sources = [old, new].map(DocumentSource.init(argument:))
        for outcome in LoadedDocument.load(sources, options: options) {
            do {
                let loaded = try outcome.get()
                let shownPath = { (path: String) in
                    ReportInput.displayPath(loaded.displayPath(path), workingDirectory: cwd)
                }
                for error in loaded.result.errors {
                    var shown = error
                    shown.path = shownPath(error.path)
                    writeError(shown.description)
                    failed = true
                }
                // What a broken reference hides cannot be compared: say so rather than report it as added or removed.
                for problem in loaded.result.model?.referenceProblems ?? [] where !problem.isRemote {
                    let position = problem.reference.position
                    writeError(
                        "\(shownPath(problem.reference.file.path)):\(position.line):\(position.column): warning: "
                            + "'\(problem.target)' in \(loaded.source.label) could not be followed (\(problem.reason)); what it describes is not compared"
                    )
                }
                versions.append(loaded)
            } catch {
                writeError(error.description)
                failed = true
            }
        }
        guard versions.count == 2, let oldModel = versions[0].result.model, let newModel = versions[1].result.model
        else {
            throw ExitCode(2)
        }
        let diff = SpecDiff(old: oldModel, new: newModel)
        let reporter = DiffReporter(diff: diff, old: versions[0], new: versions[1], workingDirectory: cwd)
        let inputs = versions.flatMap { $0.result.model?.files.map(\.path) ?? [] }
        for (format, file) in try destinations() {
            writeFile(reporter.render(format), to: file, inputs: inputs)
        }
        if failed { throw ExitCode(2) }
        let failLevel = failOn?.validated ?? settings.failOn ?? .error
        if let threshold = failLevel.threshold, !diff.regressions(atLeast: threshold).isEmpty {
            throw ExitCode(1)
        }
    }
}
