import ArgumentParser
import Linter
import Platform
import Reporters
import SourceTree

/// The `oasguard` command: a security linter for OpenAPI descriptions.
@main
struct OASGuard: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "oasguard",
        abstract: "A security linter for OpenAPI descriptions (Swagger 2.0, OpenAPI 3.0 and 3.1).",
        version: OASGuardVersion.current,
        subcommands: [
            LintCommand.self, InventoryCommand.self, DiffCommand.self, RulesCommand.self, InitCommand.self,
            LSPCommand.self,
        ]
    )

    /// Parses and runs, mapping usage errors to exit code 2 (ArgumentParser would use 64).
    static func main() {
        var command: ParsableCommand
        do {
            command = try parseAsRoot()
        } catch {
            fail(error, subcommand: nil)
        }
        // Before any second thread starts.
        if sharesOneArena(command) { FreedMemory.shareOneArena() }
        do {
            try command.run()
        } catch {
            fail(
                error,
                subcommand: type(of: command) == OASGuard.self ? nil : type(of: command).configuration.commandName)
        }
    }

    /// Below this size of every file a run names, its threads share one allocator arena (`FreedMemory.shareOneArena`):
    /// that saves up to a megabyte at the peak of a 1–2 MB document, but threads that allocate at once wait for it,
    /// which costs large documents time (Datadog's diff: 8%), and from this size on a file is parsed in two parts at
    /// once, four threads allocating.
    static let sharedArenaBelowBytes = YAMLLoader.splitBytes

    /// Whether every document a lint, inventory or diff (its old version) names is a regular file under
    /// `sharedArenaBelowBytes`; folders, globs, standard input and git versions are not.
    static func sharesOneArena(_ command: ParsableCommand) -> Bool {
        let paths: [String]
        switch command {
        case let lint as LintCommand: paths = lint.paths
        case let inventory as InventoryCommand: paths = inventory.paths
        case let diff as DiffCommand: paths = [diff.old]
        default: return true
        }
        return paths.allSatisfy { FileReader.regularFileSize($0).map { $0 < sharedArenaBelowBytes } ?? false }
    }

    /// Reports `error` and exits: a usage error with exit code 2, pointing at the help of the subcommand that
    /// found it while running (parsing errors name it themselves).
    static func fail(_ error: Error, subcommand: String?) -> Never {
        guard exitCode(for: error) == .validationFailure else { exit(withError: error) }
        if let subcommand, let validation = error as? ValidationError {
            writeError("Error: \(validation.message)\n  See 'oasguard \(subcommand) --help' for more information.")
        } else {
            writeError(fullMessage(for: error))
        }
        POSIX.exit(2)
    }
}

/// Writes a line to standard error.
func writeError(_ text: String) {
    // Messages quote file names and spec text: controls escaped, and no line may start a workflow command.
    let body = text.hasSuffix("\n") ? String(text.dropLast()) : text
    let lines = body.split(separator: "\n", omittingEmptySubsequences: false).map { SafeText.line(String($0)) }
    write(lines.joined(separator: "\n") + "\n", to: STDERR_FILENO)
}

/// Writes all of `text` to a file descriptor; returns 0, or the `errno` of a failed write.
@discardableResult
func write(_ text: String, to descriptor: Int32) -> Int32 {
    var text = text
    return text.withUTF8 { write($0, to: descriptor) }
}

/// Writes all of `bytes` to a file descriptor; returns 0, or the `errno` of a failed write.
@discardableResult
func write(_ bytes: [UInt8], to descriptor: Int32) -> Int32 {
    bytes.withUnsafeBufferPointer { write($0, to: descriptor) }
}

/// Writes a whole buffer, retrying short writes and interruptions; returns 0, or the `errno` of a failed write.
private func write(_ buffer: UnsafeBufferPointer<UInt8>, to descriptor: Int32) -> Int32 {
    var offset = 0
    while offset < buffer.count {
        let written = POSIX.write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
        if written < 0 && errno == EINTR { continue }
        if written < 0 { return errno }
        if written == 0 { return EIO }
        offset += written
    }
    return 0
}

/// The process's working directory.
func workingDirectory() -> String {
    guard let buffer = getcwd(nil, 0) else { return "." }
    defer { free(buffer) }
    return String(cString: buffer)
}
