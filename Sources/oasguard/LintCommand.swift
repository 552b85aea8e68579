import ArgumentParser
import Linter
import Posture
import References
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
            Settings come from .oasguard.yml (found in the working directory or a parent, up to the git \
            repository's root), overridden by flags. Exit codes: 0 no finding at or above --fail-on; 1 at \
            least one; 2 usage or configuration error, or an input could not be loaded (the other inputs \
            are still linted and reported).
            """
    )

    @Argument(help: "Files, or directories searched recursively for OpenAPI root documents.")
    var paths: [String] = ["."]

    @Option(
        help: "Output format: \(ReportFormat.allCases.map(\.rawValue).joined(separator: ", ")). Repeat for several.")
    var format: [String] = []

    @Option(
        name: .shortAndLong,
        help: "Write a report to FILE, or one format's report with FORMAT=FILE (e.g. sarif=results.sarif).")
    var output: [String] = []

    @Option(help: "Fail (exit 1) on findings at or above: error, warning, note, never.")
    var failOn: String?

    @OptionGroup var configuration: ConfigurationFlags

    @Option(help: "Run a rule (or every rule of a category) that the configuration switched off.")
    var enable: [String] = []

    @Option(help: "Do not run a rule, or every rule of a category.")
    var disable: [String] = []

    @Option(help: "Set a rule's (or a category's) severity: ID=error|warning|note.")
    var severity: [String] = []

    @Flag(help: "Succeed when the paths hold no OpenAPI document (by default that is an error, exit 2).")
    var allowEmpty = false

    @Flag(help: "List suppressed findings in text output too.")
    var showSuppressed = false

    @Option(help: "Report and fail only on findings not in this baseline.")
    var baseline: String?

    @Option(
        help: "Record the current findings as a baseline in FILE (the run then exits 0 unless an input fails to load).")
    var writeBaseline: String?

    @Flag(help: "Add each document's 0–100 security score to the text, json and markdown output.")
    var score = false

    @Option(help: "Fail (exit 1) when a document's security score is below this (0–100).")
    var minScore: Double?

    @Option(help: "Largest file read, in bytes.")
    var maxFileSize: Int = LoadLimits.default.maxFileBytes

    @Option(help: "Deepest nesting of mappings and sequences.")
    var maxDepth: Int = LoadLimits.default.maxDepth

    @Option(help: "Most files the references of one document may pull in.")
    var maxFiles: Int = LoadLimits.default.maxFiles

    @Option(help: "Most nodes YAML aliases may add when expanded.")
    var maxAliasExpansion: Int = LoadLimits.default.maxAliasExpansion

    func validate() throws {
        for (name, value) in [
            ("max-file-size", maxFileSize), ("max-depth", maxDepth), ("max-files", maxFiles),
            ("max-alias-expansion", maxAliasExpansion),
        ] where value < 1 {
            throw ValidationError("--\(name) must be at least 1")
        }
        if let failOn, FailLevel(rawValue: failOn) == nil {
            throw ValidationError("--fail-on must be error, warning, note or never, not '\(failOn)'")
        }
        try validateMinimumScore(minScore)
        _ = try destinations()
    }

    /// Each requested format with the file it goes to (nil: standard output).
    func destinations() throws -> [(format: ReportFormat, file: String?)] {
        var formats: [ReportFormat] = []
        for name in format.isEmpty ? ["text"] : format {
            guard let parsed = ReportFormat(rawValue: name) else {
                throw ValidationError(
                    "unknown format '\(name)'; choose from \(ReportFormat.allCases.map(\.rawValue).joined(separator: ", "))"
                )
            }
            formats.append(parsed)
        }
        var files: [ReportFormat: String] = [:]
        var bare: [String] = []
        for value in output {
            if let equals = value.firstIndex(of: "="), let parsed = ReportFormat(rawValue: String(value[..<equals])) {
                guard formats.contains(parsed) else {
                    throw ValidationError("--output \(value) names a format that --format does not request")
                }
                files[parsed] = String(value[value.index(after: equals)...])
            } else {
                bare.append(value)
            }
        }
        if !bare.isEmpty {
            let unassigned = formats.filter { files[$0] == nil }
            guard bare.count == 1, unassigned.count == 1 else {
                throw ValidationError("with several formats, name each output as FORMAT=FILE")
            }
            files[unassigned[0]] = bare[0]
        }
        let destinations = formats.map { ($0, files[$0]) }
        if destinations.filter({ $0.1 == nil }).count > 1 {
            throw ValidationError(
                "only one format can go to standard output; send the others to files with FORMAT=FILE")
        }
        return destinations
    }

    func run() throws {
        let cwd = workingDirectory()
        let settings = try configuration.load(cwd: cwd)
        var options = settings.lintOptions(
            workingDirectory: cwd,
            limits: LoadLimits(
                maxFileBytes: maxFileSize, maxDepth: maxDepth, maxAliasExpansion: maxAliasExpansion, maxFiles: maxFiles)
        )
        var enabled = options.enabledRules ?? []
        try applyRuleFlags(enabled: &enabled, severities: &options.severityOverrides)
        options.enabledRules = enabled
        if let path = baseline ?? settings.baseline, writeBaseline == nil {
            do {
                options.baseline = try Baseline.load(path: path)
            } catch {
                writeError(error.description)
                throw ExitCode(2)
            }
        }

        let run = Linter(options: options).lint(paths: paths)
        var input = ReportInput(run: run, workingDirectory: cwd)
        let minimumScore = minScore ?? settings.minScore
        let scores = score || minimumScore != nil ? run.securityScores : []
        if score { input.scores = scores }
        for error in run.errors {
            var shown = error
            shown.path = input.displayPath(error.path)
            writeError(shown.description)
        }
        // No report or baseline may replace a file this run read.
        let inputs = run.inputPaths + [settings.path, baseline ?? settings.baseline].compactMap { $0 }
        if let writeBaseline {
            let directory = PathName.directory(
                of: writeBaseline.hasPrefix("/") ? writeBaseline : PathName.join(cwd, writeBaseline))
            let entries = run.findings.filter { $0.suppression == nil }.map {
                Baseline.entry(for: $0, absolutePath: options.absolute($0.file.path), directory: directory)
            }
            writeFile(Baseline.serialize(entries), to: writeBaseline, inputs: inputs)
        }
        for (format, file) in try destinations() {
            let color = file == nil && format == .text && isatty(STDOUT_FILENO) != 0 && getenv("NO_COLOR") == nil
            let output = OutputFile.create(file, inputs: inputs)
            format.write(input, useColor: color, showSuppressed: showSuppressed) { output.write($0) }
            output.commit()
        }
        if !run.errors.isEmpty { throw ExitCode(2) }
        if run.documents.isEmpty && !allowEmpty {
            // A mistyped path or a misnamed folder must not pass CI silently.
            writeError(
                "error: no OpenAPI or Swagger document found in \(paths.joined(separator: " ")); "
                    + "pass --allow-empty to accept a run with nothing to lint")
            throw ExitCode(2)
        }
        // Recording a baseline accepts what is there now; it does not fail.
        guard writeBaseline == nil else { return }
        let failLevel = failOn.flatMap(FailLevel.init(rawValue:)) ?? settings.failOn ?? .error
        let belowMinimum = minimumScore.map { reportScoresBelow($0, scores, displayPath: input.displayPath) } ?? false
        if let threshold = failLevel.threshold, run.activeFindings.contains(where: { $0.severity >= threshold }) {
            throw ExitCode(1)
        }
        if belowMinimum { throw ExitCode(1) }
    }

    /// `--disable`, `--enable` and `--severity`, which override the configuration.
    func applyRuleFlags(enabled: inout Set<String>, severities: inout [String: Severity]) throws {
        let catalog = RuleCatalog.builtIn
        func ids(_ name: String) throws -> [String] {
            if catalog.entry(name) != nil { return [name] }
            guard let category = RuleCategory(rawValue: name) else {
                throw ValidationError("unknown rule or category '\(name)'")
            }
            return catalog.entries.filter { $0.description.category == category }.map(\.id)
        }
        for name in disable { for id in try ids(name) { enabled.remove(id) } }
        for name in enable { for id in try ids(name) { enabled.insert(id) } }
        for setting in severity {
            let parts = setting.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, let level = Severity(rawValue: parts[1]) else {
                throw ValidationError("--severity takes ID=error|warning|note, not '\(setting)'")
            }
            for id in try ids(parts[0]) {
                severities[id] = level
                enabled.insert(id)
            }
        }
    }
}
