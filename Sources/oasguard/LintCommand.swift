import ArgumentParser
import Linter
import Platform
import Posture
import References
import Reporters
import RuleEngine
import Rules
import SourceTree

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

    @Argument(
        help: """
            Files; directories searched recursively for OpenAPI root documents; glob patterns ('specs/**/*.yaml'), \
            expanded by oasguard; or - for standard input.
            """)
    var paths: [String] = ["."]

    @Option(
        help: "The path standard input stands for: findings name it, its $refs and .oasguard.yml are found from it.")
    var stdinFilepath: String?

    @Option(
        help: "Output format: \(ReportFormat.allCases.map(\.rawValue).joined(separator: ", ")). Repeat for several.")
    var format: [ArgumentChoice<ReportFormat>] = []

    @Option(
        name: .shortAndLong,
        help: "Write a report to FILE, or one format's report with FORMAT=FILE (e.g. sarif=results.sarif).")
    var output: [OutputArgument<ReportFormat>] = []

    @Option(help: "Fail (exit 1) on findings at or above: error, warning, note, never.")
    var failOn: ArgumentChoice<FailLevel>?

    @OptionGroup var configuration: ConfigurationFlags

    @Option(help: "Run rules (or every rule of categories) that the configuration switched off: ID[,ID…].")
    var enable: [String] = []

    @Option(help: "Do not run rules, or every rule of categories: ID[,ID…].")
    var disable: [String] = []

    @Option(help: "Set rules' (or categories') severity: ID=error|warning|note|off[,ID=LEVEL…].")
    var severity: [String] = []

    @Flag(help: "Succeed when the paths hold no OpenAPI document (by default that is an error, exit 2).")
    var allowEmpty = false

    @Flag(name: .shortAndLong, help: "Text output: only the findings, without the summary.")
    var quiet = false

    @Option(
        help: "Colour text output: auto (on a terminal, unless NO_COLOR is set or FORCE_COLOR asks), always, never.")
    var color: ColorChoice = .auto

    @Flag(help: "List suppressed findings in text output too.")
    var showSuppressed = false

    @Flag(help: "List every place of a grouped finding in text output, not only the first.")
    var showOccurrences = false

    @Flag(help: "Print only the per-rule summary and the summary line (text).")
    var statistics = false

    @Option(
        help:
            "Show only findings at or above this severity in text, markdown and github output: error, warning, note (--fail-on still decides the exit code)."
    )
    var minSeverity: Severity?

    @Flag(help: "Leave results a baseline already has (unchanged) out of the SARIF log.")
    var omitUnchanged = false

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
        _ = try failOn?.checkedLevel()
        try validateMinimumScore(minScore)
        if paths.contains(StandardInput.argument) && paths.count > 1 {
            throw ValidationError("- (standard input) cannot be combined with other paths")
        }
        if stdinFilepath != nil && paths != [StandardInput.argument] {
            throw ValidationError("--stdin-filepath names standard input; give - as the path")
        }
        _ = try destinations()
    }

    /// Each requested format with the file it goes to (nil: standard output).
    func destinations() throws -> [(format: ReportFormat, file: String?)] {
        try reportDestinations(formats: format, outputs: output, default: .text)
    }

    func run() throws {
        let cwd = workingDirectory()
        let settings = try configuration.load(
            cwd: cwd, searchFrom: stdinFilepath.map { PathName.directory(of: PathName.join(cwd, $0)) })
        var options = settings.lintOptions(
            workingDirectory: cwd,
            limits: LoadLimits(
                maxFileBytes: maxFileSize, maxDepth: maxDepth, maxAliasExpansion: maxAliasExpansion, maxFiles: maxFiles)
        )
        var enabled = options.enabledRules ?? []
        let catalog = settings.catalog
        try applyRuleFlags(enabled: &enabled, severities: &options.severityOverrides, catalog: catalog)
        options.enabledRules = enabled
        // Only the HTML report reads the models again (its inventories): it takes what it needs of each model as the
        // document finishes, so no model outlives its document.
        options.keepsModels = false
        let writesHTML = try destinations().contains { $0.format == .html }
        if let path = baseline ?? settings.baseline, writeBaseline == nil {
            do {
                options.baseline = try Baseline.load(path: path)
            } catch {
                writeError(error.description)
                throw ExitCode(2)
            }
        }
        // Findings keep compact copies of their files' trees, unless a baseline hashes what is under them or the
        // HTML report's inventories keep the trees anyway.
        options.keepsSourceTrees = writesHTML || options.baseline != nil || writeBaseline != nil

        let run: LintRun
        var inventoryOutlines: [InventoryOutline?]?
        if paths == [StandardInput.argument] {
            let name = stdinFilepath ?? StandardInput.defaultName
            do {
                run = Linter(options: options, catalog: catalog).lint(
                    buffer: try StandardInput.read(maxBytes: maxFileSize), path: name)
            } catch {
                writeError(error.description)
                throw ExitCode(2)
            }
        } else if writesHTML {
            let linted = Linter(options: options, catalog: catalog).lint(
                paths: paths, extracting: InventoryOutline.init(document:))
            run = linted.run
            inventoryOutlines = linted.extracted
        } else {
            run = Linter(options: options, catalog: catalog).lint(paths: paths)
        }
        var input = ReportInput(run: run, workingDirectory: cwd)
        input.inventoryOutlines = inventoryOutlines
        let failLevel = failOn?.validated ?? settings.failOn ?? .error
        input.failThreshold = failLevel.threshold
        input.display.showOccurrences = showOccurrences
        input.display.statisticsOnly = statistics
        input.display.minimumSeverity = minSeverity ?? .note
        input.display.omitUnchanged = omitUnchanged
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
            let entries = run.findings.filter { $0.suppression == nil }.flatMap {
                Baseline.entries(for: $0, absolute: options.absolute, directory: directory)
            }
            writeFile(Baseline.serialize(entries), to: writeBaseline, inputs: inputs)
        }
        for (format, file) in try destinations() {
            let useColor = file == nil && format == .text && color.useColor(on: STDOUT_FILENO)
            writeFile(to: file, inputs: inputs) { drain in
                format.write(input, useColor: useColor, showSuppressed: showSuppressed, quiet: quiet, drain: drain)
            }
        }
        if !run.errors.isEmpty { throw ExitCode(2) }
        try requireDocuments(in: run, paths: paths, allowEmpty: allowEmpty)
        // Recording a baseline accepts what is there now; it does not fail.
        guard writeBaseline == nil else { return }
        let belowMinimum = minimumScore.map { reportScoresBelow($0, scores, displayPath: input.displayPath) } ?? false
        if let threshold = failLevel.threshold, run.containsActiveFinding(where: { $0.severity >= threshold }) {
            throw ExitCode(1)
        }
        if belowMinimum { throw ExitCode(1) }
    }

    /// `--disable`, `--enable` and `--severity` (each repeated or a comma list), which override the configuration.
    func applyRuleFlags(enabled: inout Set<RuleID>, severities: inout [RuleID: Severity], catalog: RuleCatalog) throws {
        func ids(_ name: String) throws -> [RuleID] {
            if catalog.entry(RuleID(name)) != nil { return [RuleID(name)] }
            guard let category = RuleCategory(rawValue: name) else {
                throw ValidationError(catalog.unknownNameMessage(name))
            }
            return catalog.entries.filter { $0.description.category == category }.map(\.id)
        }
        func items(_ values: [String]) -> [String] {
            values.flatMap { $0.split(separator: ",") }.map { String($0.filter { $0 != " " }) }.filter { !$0.isEmpty }
        }
        for name in items(disable) { for id in try ids(name) { enabled.remove(id) } }
        for name in items(enable) { for id in try ids(name) { enabled.insert(id) } }
        for setting in items(severity) {
            let parts = setting.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, parts[1] == "off" || Severity(rawValue: parts[1]) != nil else {
                throw ValidationError("--severity takes ID=error|warning|note|off, not '\(setting)'")
            }
            // Naming a rule turns it on; a category's level applies to those of its rules that run.
            let named = catalog.entry(RuleID(parts[0])) != nil
            for id in try ids(parts[0]) {
                if let level = Severity(rawValue: parts[1]) {
                    severities[id] = level
                    if named { enabled.insert(id) }
                } else {
                    enabled.remove(id)
                }
            }
        }
    }
}
