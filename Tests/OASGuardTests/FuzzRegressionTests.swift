import Foundation
import Testing

/// Inputs that once crashed or could crash a linter, replayed through the fuzz pipeline and the command line.
@Suite(.serialized) struct FuzzRegressionTests {
    static let directory = TestSupport.fixtures + "/fuzz-regressions"
    static let inputs: [String] =
        ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).sorted()

    @Test func thereAreInputsToReplay() {
        #expect(Self.inputs.count >= 8)
    }

    @Test func everyInputSurvivesTheWholePipelineAndEveryFormat() throws {
        let replayer = URL(fileURLWithPath: TestSupport.executable).deletingLastPathComponent()
            .appendingPathComponent("oasguard-fuzz").path
        let process = Process()
        process.executableURL = URL(fileURLWithPath: replayer)
        process.arguments = Self.inputs.map { Self.directory + "/" + $0 }
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationReason == .exit && process.terminationStatus == 0)
        #expect(output.split(separator: "\n").filter { $0.hasPrefix("ok ") }.count == Self.inputs.count)
    }

    @Test(arguments: inputs)
    func theCommandLineAnswersWithAnExitCode(input: String) throws {
        let outcome = try TestSupport.run(["lint", "--format", "sarif", Self.directory + "/" + input])
        #expect([0, 1, 2].contains(outcome.status), "\(outcome.stderr)")
        if outcome.status == 2 { #expect(outcome.stderr.contains(": error: ")) }
    }
}
