import ArgumentParser
import Linter
import Reporters

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The `oasguard` command: a security linter for OpenAPI descriptions.
@main
struct OASGuard: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "oasguard",
        abstract: "A security linter for OpenAPI descriptions (Swagger 2.0, OpenAPI 3.0 and 3.1).",
        version: OASGuardVersion.current,
        subcommands: [
            LintCommand.self, InventoryCommand.self, DiffCommand.self, RulesCommand.self, InitCommand.self,
        ]
    )

    /// Parses and runs, mapping usage errors to exit code 2 (ArgumentParser would use 64).
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            let code = exitCode(for: error)
            if code == .validationFailure {
                writeError(fullMessage(for: error))
                Glibc.exit(2)
            }
            exit(withError: error)
        }
    }
}

/// Writes a line to standard error.
func writeError(_ text: String) {
    // Messages quote file names and spec text: one line each, with controls escaped.
    let line = text.hasSuffix("\n") ? String(text.dropLast()) : text
    write(SafeText.path(line) + "\n", to: STDERR_FILENO)
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
        let written = Glibc.write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
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
