import ArgumentParser
import Linter
import Platform
import Posture
import References
import Reporters
import SourceTree

/// `oasguard inventory`: every operation with its exposure, protection and data, totals, and a security score.
struct InventoryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inventory",
        abstract: "List every operation with its servers, authentication, scopes, data, rate limit and findings.",
        discussion: """
            One row per operation (webhooks too), totals per document, and each document's security score. \
            Rules, ignores and excludes come from .oasguard.yml. Exit codes: 0; 1 when a document scores below \
            --min-score (or the configuration's min-score); 2 when an input could not be loaded.
            """
    )

    @Argument(help: "Files, or directories searched recursively for OpenAPI root documents.")
    var paths: [String] = ["."]

    @Option(help: "Output format: \(InventoryFormat.allCases.map(\.rawValue).joined(separator: ", ")).")
    var format = ArgumentChoice(InventoryFormat.text)

    @Option(name: .shortAndLong, help: "Write the inventory to FILE instead of standard output.")
    var output: String?

    @Option(
        help:
            "Text output: the widest line, 0 for no limit (default: the terminal's width, else $COLUMNS, else no limit)."
    )
    var width: Int?

    @Option(help: "Fail (exit 1) when a document's security score is below this (0–100).")
    var minScore: Double?

    @Flag(help: "Succeed when the paths hold no OpenAPI document (by default that is an error, exit 2).")
    var allowEmpty = false

    @OptionGroup var configuration: ConfigurationFlags

    func validate() throws {
        _ = try format.checkedFormat()
        if let width, width < 0 { throw ValidationError("--width must be 0 or more") }
        try validateMinimumScore(minScore)
    }

    func run() throws {
        let cwd = workingDirectory()
        let settings = try configuration.load(cwd: cwd)
        var options = settings.lintOptions(workingDirectory: cwd)
        // What the inventory needs of each model is taken as its document finishes; no model outlives its document.
        options.keepsModels = false
        // The rows' places move with the findings onto compact copies of their files, unless a baseline hashes what
        // is under the findings or the HTML report shows code around them.
        options.keepsSourceTrees = format.validated == .html || options.baseline != nil
        let (run, outlines) = Linter(options: options, catalog: settings.catalog).lint(
            paths: paths, extracting: InventoryOutline.init(document:))
        let inventories = Inventory.all(of: run, outlines: outlines)
        let reporter = InventoryReporter(
            inventories: inventories, errors: run.errors, workingDirectory: cwd, rules: run.rules.map(\.description))
        for error in run.errors {
            var shown = error
            shown.path = ReportInput.displayPath(error.path, workingDirectory: cwd)
            writeError(shown.description)
        }
        let widest = output == nil ? width ?? Self.terminalWidth() : width ?? 0
        writeFile(to: output, inputs: run.inputPaths + [settings.path].compactMap { $0 }) { drain in
            reporter.write(format.validated, width: widest, to: drain)
        }
        if !run.errors.isEmpty { throw ExitCode(2) }
        try requireDocuments(in: run, paths: paths, allowEmpty: allowEmpty)
        if let minimum = minScore ?? settings.minScore,
            reportScoresBelow(
                minimum, inventories.map { ($0.path, $0.score) },
                displayPath: { ReportInput.displayPath($0, workingDirectory: cwd) })
        {
            throw ExitCode(1)
        }
    }

    /// The terminal's width when standard output is one, else `$COLUMNS`, else 0 (no limit).
    static func terminalWidth() -> Int {
        var size = winsize()
        if isatty(STDOUT_FILENO) != 0, ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 {
            return Int(size.ws_col)
        }
        if let columns = getenv("COLUMNS").flatMap({ Int(String(cString: $0)) }), columns > 0 { return columns }
        return 0
    }
}
