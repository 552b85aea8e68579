import ArgumentParser
import Linter
import Posture
import SourceTree

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// `--config`, `--no-config` and `--ref-root`: where settings come from, shared by every command that lints.
struct ConfigurationFlags: ParsableArguments {
    @Option(help: "Use this configuration file instead of looking for .oasguard.yml.")
    var config: String?

    @Flag(help: "Ignore any .oasguard.yml.")
    var noConfig = false

    @Option(
        help: "Directory that references may not leave (default: the git repository, else the document's directory).")
    var refRoot: String?

    func validate() throws {
        if config != nil && noConfig { throw ValidationError("--config and --no-config exclude each other") }
        if let refRoot, FileReader.isDirectory(refRoot) != true {
            throw ValidationError("--ref-root '\(refRoot)' is not a directory")
        }
    }

    /// The configuration file named, found, or none, with `--ref-root` applied; a broken file stops the run
    /// with exit code 2.
    func load(cwd: String) throws -> Configuration {
        var configuration = Configuration(directory: cwd)
        if !noConfig, let found = config ?? Configuration.discover(from: cwd) {
            let path = found.hasPrefix(cwd + "/") ? String(found.dropFirst(cwd.count + 1)) : found
            do {
                configuration = try Configuration.load(path: path, workingDirectory: cwd)
            } catch {
                writeError(error.description)
                throw ExitCode(2)
            }
        }
        if let refRoot { configuration.referenceRoot = refRoot }
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
