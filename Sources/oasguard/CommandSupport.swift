import ArgumentParser
import Linter
import Platform
import Policies
import Posture
import RuleEngine
import SourceTree

/// `--config`, `--no-config`, `--policy`, `--ref-root` and `--preset`: where settings come from, shared by every
/// command that lints.
struct ConfigurationFlags: ParsableArguments {
    @Option(help: "Use this configuration file instead of looking for .oasguard.yml.")
    var config: String?

    @Flag(help: "Ignore any .oasguard.yml.")
    var noConfig = false

    @Option(name: .customLong("policy"), help: "Add the organisation policies of FILE (repeatable).")
    var policyFiles: [String] = []

    @Option(
        help: "Directory that references may not leave (default: the git repository, else the document's directory).")
    var refRoot: String?

    @Option(
        help: ArgumentHelp(
            "Rules to start from: recommended (the default: what is usually worth acting on) or all (every rule and finding).",
            valueName: "recommended|all"))
    var preset: String?

    func validate() throws {
        if let preset, RulePreset(rawValue: preset) == nil {
            throw ValidationError("--preset must be recommended or all, not '\(preset)'")
        }
        if config != nil && noConfig { throw ValidationError("--config and --no-config exclude each other") }
        if let refRoot, FileReader.isDirectory(refRoot) != true {
            throw ValidationError("--ref-root '\(refRoot)' is not a directory")
        }
    }

    /// The configuration file named, found (from `searchFrom`, by default the working directory), or none, with
    /// `--ref-root` applied; a broken file stops the run with exit code 2.
    func load(cwd: String, searchFrom: String? = nil) throws -> Configuration {
        var configuration = Configuration(directory: cwd)
        do {
            var policies: [Policy] = []
            for file in policyFiles { policies += try PolicyParser.load(path: file, after: policies) }
            configuration.policies = policies
            if !noConfig, let found = config ?? Configuration.discover(from: searchFrom ?? cwd) {
                let path = found.hasPrefix(cwd + "/") ? String(found.dropFirst(cwd.count + 1)) : found
                configuration = try Configuration.load(path: path, workingDirectory: cwd, policies: policies)
            }
        } catch {
            writeError(error.description)
            throw ExitCode(2)
        }
        if let refRoot { configuration.referenceRoot = refRoot }
        if let preset { configuration.preset = RulePreset(rawValue: preset) }
        return configuration
    }
}

/// Writes `text` to `path` (nil: standard output) as an `OutputFile`: never over one of `inputs`, never through a
/// link; a failure stops the run with exit code 2.
func writeFile(_ text: String, to path: String?, inputs: [String]) {
    let output = OutputFile.create(path, inputs: inputs)
    output.write(text)
    output.commit()
}

/// `writeFile(_:to:inputs:)` for a report written in pieces: `produce` hands each piece to the drain it is given.
func writeFile(to path: String?, inputs: [String], _ produce: (_ drain: ([UInt8]) -> Void) -> Void) {
    let output = OutputFile.create(path, inputs: inputs)
    produce { output.write($0) }
    output.commit()
}

/// Checks a `--min-score` value.
func validateMinimumScore(_ value: Double?) throws {
    if let value, !(0...100).contains(value) { throw ValidationError("--min-score must be from 0 to 100") }
}

/// Reports, on standard error, each document scoring below `minimum`; true when there is one.
func reportScoresBelow(
    _ minimum: Double, _ scores: [(path: String, score: SecurityScore)], displayPath: (String) -> String
) -> Bool {
    let low = scores.filter { $0.score.score < minimum }
    for (path, score) in low {
        writeError(
            "\(displayPath(path)): error: security score \(SecurityScore.format(score.score)) is below the minimum of \(SecurityScore.format(minimum))"
        )
    }
    return !low.isEmpty
}

/// Each format that repeated `--format` values request (`defaultFormat` when none) with the file it goes to (nil:
/// standard output), from `--output` values: `FILE` for the one format, or `FORMAT=FILE` each.
func reportDestinations<Format>(
    formats requested: [ArgumentChoice<Format>], outputs: [OutputArgument<Format>], default defaultFormat: Format
) throws -> [(format: Format, file: String?)] {
    var formats: [Format] = []
    for choice in requested.isEmpty ? [ArgumentChoice(defaultFormat)] : requested {
        formats.append(try choice.checkedFormat())
    }
    var files: [Format: String] = [:]
    var bare: [String] = []
    for output in outputs {
        if let format = output.format {
            guard formats.contains(format) else {
                throw ValidationError("--output \(output.text) names a format that --format does not request")
            }
            files[format] = output.file
        } else {
            bare.append(output.file)
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

/// `--min-severity error`.
extension Severity: ExpressibleByArgument {}

/// Fails (exit 2) a run that found no document, unless `--allow-empty`: a mistyped path or a misnamed folder must
/// not pass CI silently.
func requireDocuments(in run: LintRun, paths: [String], allowEmpty: Bool) throws {
    guard run.documents.isEmpty && !allowEmpty else { return }
    writeError(
        "error: no OpenAPI or Swagger document found in \(paths.joined(separator: " ")); "
            + "pass --allow-empty to accept a run with nothing to lint")
    throw ExitCode(2)
}
