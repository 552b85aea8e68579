import ArgumentParser
import Linter
import Platform
import Posture
import References
import Reporters
import RuleEngine
import SourceTree
import Synchronization

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

    /// From this size of the old version's root file on, the new version is parsed while the old one is modelled,
    /// so the new version's tree is held with the old version's tree and model (about 2.7 times the new file's size
    /// more at the peak; the new file is bounded by `--max-file-bytes` like any other). The old file's size decides
    /// because it is known before the new version is read. Below it, where the process's start-up memory weighs
    /// more, the peak would pass 10 times the size for a few tens of milliseconds saved.
    static let parsedAheadBytes = 4_000_000

    func run() throws {
        let cwd = workingDirectory()
        let settings = try configuration.load(cwd: cwd)
        var options = settings.lintOptions(workingDirectory: cwd)
        options.excludes = []
        var failed = false
        var inputs: [String] = []
        /// Loads a version and writes what it reports: what stopped it, and references it could not follow.
        func load(_ parsed: ParsedVersion) -> LoadedDocument? {
            do {
                let loaded = try LoadedDocument.load(parsed)
                let shownPath = { (path: String) in
                    ReportInput.displayPath(loaded.name.displayPath(path), workingDirectory: cwd)
                }
                for error in loaded.errors {
                    var shown = error
                    shown.path = shownPath(error.path)
                    writeError(shown.description)
                    failed = true
                }
                // What a broken reference hides cannot be compared: say so rather than report it as added or removed.
                for problem in loaded.model?.referenceProblems ?? [] where !problem.isRemote {
                    let position = problem.reference.position
                    writeError(
                        "\(shownPath(problem.reference.file.path)):\(position.line):\(position.column): warning: "
                            + "'\(problem.target)' in \(loaded.name.source.label) could not be followed (\(problem.reason)); what it describes is not compared"
                    )
                }
                inputs += loaded.model?.files.map(\.path) ?? []
                return loaded
            } catch {
                writeError(error.description)
                failed = true
                return nil
            }
        }
        // The versions are modelled in turn, and of the old one only what the comparison reads is kept while the new
        // one is modelled: a diff holds one document's model at a time. Modelling leaves a core idle: when the old
        // version is large, the new one is parsed meanwhile, on a thread of its own.
        var oldParsed: ParsedVersion? = ParsedVersion(DocumentSource(argument: old), options: options)
        let parsesAhead = (oldParsed?.rootFileBytes ?? 0) >= Self.parsedAheadBytes
        let modelOld = {
            // Taken, so that the old version's tree is released with its model.
            let version = oldParsed.take().flatMap(load).flatMap { loaded in
                loaded.model.map { (loaded.name, OldVersion($0)) }
            }
            FreedMemory.returnToSystem()
            return version
        }
        let newSource = DocumentSource(argument: new)
        let newParsed = Mutex<ParsedVersion?>(nil)
        let newOptions = options
        let oldVersion: (VersionName, OldVersion)?
        if parsesAhead,
            let modelled = Alongside.run(
                {
                    let parsed = ParsedVersion(newSource, options: newOptions)
                    newParsed.withLock { $0 = consume parsed }
                }, modelOld)
        {
            oldVersion = modelled
        } else {
            // Too small to parse ahead, or no thread could be started (then neither closure ran).
            oldVersion = modelOld()
        }
        let newVersion = load(newParsed.withLock { $0.take() } ?? ParsedVersion(newSource, options: options))
        guard let newVersion, let (oldName, oldFacts) = oldVersion, let newModel = newVersion.model else {
            throw ExitCode(2)
        }
        let diff = SpecDiff(old: oldFacts, new: newModel)
        let reporter = DiffReporter(diff: diff, old: oldName, new: newVersion.name, workingDirectory: cwd)
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
