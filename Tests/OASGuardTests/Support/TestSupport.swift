import Foundation
import SourceTree
import Testing

/// Paths and helpers shared by the tests.
enum TestSupport {
    /// The package's root directory.
    static let packageRoot: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<4 { url.deleteLastPathComponent() }
        return url.path
    }()

    /// `Tests/OASGuardTests/Fixtures`.
    static let fixtures = packageRoot + "/Tests/OASGuardTests/Fixtures"

    /// `../shared/corpus` next to the repository, when present.
    static let corpus = packageRoot + "/../shared/corpus"

    /// Whether the corpus is there; a clone anywhere else has none, and its tests are skipped.
    static let hasCorpus = FileManager.default.fileExists(atPath: corpus)

    /// `../shared/tools/validate-sarif` next to the repository, when present.
    static let sarifValidator = packageRoot + "/../shared/tools/validate-sarif"

    /// Whether the external SARIF validator is there.
    static let hasSARIFValidator = FileManager.default.isExecutableFile(atPath: sarifValidator)

    /// Parses YAML text, failing the test on error.
    static func parse(_ text: String, path: String = "test.yaml") throws -> SourceFile {
        try YAMLLoader.parse(Array(text.utf8), path: path)
    }

    /// An OpenAPI document: the `openapi` and `info` lines, then `rest` (by default, no paths).
    static func document(_ rest: String = "paths: {}\n", openapi: String = "3.0.3", title: String = "T") -> String {
        "openapi: \(openapi)\ninfo: {title: \(title), version: '1'}\n" + rest
    }

    /// The built `oasguard` executable, next to the test bundle.
    static let executable: String = {
        let testBinary = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        var directory = testBinary.deletingLastPathComponent()
        while !FileManager.default.fileExists(atPath: directory.appendingPathComponent("oasguard").path),
            directory.path != "/"
        {
            directory.deleteLastPathComponent()
        }
        return directory.appendingPathComponent("oasguard").path
    }()

    /// A program built next to `oasguard` (`rule-catalog-generator`, `oasguard-fuzz`).
    static func builtProgram(_ name: String) -> String {
        URL(fileURLWithPath: executable).deletingLastPathComponent().appendingPathComponent(name).path
    }

    /// What a run of a program produced.
    struct Outcome {
        /// The exit code, or the number of the signal that ended the program.
        let status: Int32
        let stdout: String
        let stderr: String
    }

    /// Runs `oasguard` with `arguments` in `directory`, `input` on its standard input (none: empty), and waits for it.
    static func run(
        _ arguments: [String], in directory: String = packageRoot, environment: [String: String] = [:],
        input: String = ""
    ) throws -> Outcome {
        try run(program: executable, arguments, in: directory, environment: environment, input: input)
    }

    /// Runs the program at `program` with `arguments` in `directory`, `input` on its standard input (none: empty),
    /// and waits for it.
    static func run(
        program: String, _ arguments: [String], in directory: String = packageRoot,
        environment: [String: String] = [:], input: String = ""
    ) throws -> Outcome {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: program)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        var env = ProcessInfo.processInfo.environment
        env.merge(environment) { $1 }
        process.environment = env
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        let stdin = Pipe()
        process.standardInput = stdin
        try process.run()
        // The input goes in from another thread, so a child that writes before it has read everything cannot block.
        let writer = Thread {
            stdin.fileHandleForWriting.write(Data(input.utf8))
            try? stdin.fileHandleForWriting.close()
        }
        writer.start()
        // Read both pipes before waiting, so a large report cannot fill a pipe and block the child.
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Outcome(
            status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
            stderr: String(decoding: errData, as: UTF8.self))
    }

    /// A fresh temporary directory, removed by the caller.
    static func temporaryDirectory() throws -> String {
        let path = NSTemporaryDirectory() + "oasguard-tests-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// Writes `text` to `directory/name`, creating folders on the way.
    static func write(_ text: String, to name: String, in directory: String) throws {
        let url = URL(fileURLWithPath: directory).appendingPathComponent(name)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try text.write(to: url, atomically: true, encoding: .utf8)
    }

    /// Runs `../shared/tools/validate-sarif` on a log; nil when the validator is not next to the repository.
    static func validateSARIF(_ path: String, root: String) throws -> (status: Int32, output: String)? {
        guard hasSARIFValidator else { return nil }
        let outcome = try run(program: sarifValidator, [path, "--root", root])
        return (outcome.status, outcome.stdout)
    }

    /// Runs git in `directory` with a fixed identity and no signing.
    @discardableResult
    static func git(_ arguments: [String], in directory: String) throws -> Outcome {
        try run(
            program: "/usr/bin/env",
            [
                "git", "-c", "user.name=oasguard tests", "-c", "user.email=tests@example.com", "-c",
                "commit.gpgsign=false",
            ] + arguments, in: directory)
    }
}

extension Trait where Self == ConditionTrait {
    /// Runs the test only when `../shared/corpus` is beside the repository; otherwise it is skipped, visibly.
    static var requiresCorpus: Self {
        .enabled(if: TestSupport.hasCorpus, "needs ../shared/corpus beside the repository")
    }

    /// Runs the test only when `../shared/tools/validate-sarif` is beside the repository.
    static var requiresSARIFValidator: Self {
        .enabled(if: TestSupport.hasSARIFValidator, "needs ../shared/tools/validate-sarif beside the repository")
    }
}
