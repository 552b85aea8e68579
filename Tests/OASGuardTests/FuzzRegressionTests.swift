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
        let outcome = try TestSupport.run(
            program: TestSupport.builtProgram("oasguard-fuzz"), Self.inputs.map { Self.directory + "/" + $0 })
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.stdout.split(separator: "\n").filter { $0.hasPrefix("ok ") }.count == Self.inputs.count)
    }

    @Test(arguments: inputs)
    func theCommandLineAnswersWithAnExitCode(input: String) throws {
        let outcome = try TestSupport.run(["lint", "--format", "sarif", Self.directory + "/" + input])
        #expect([0, 1, 2].contains(outcome.status), "\(outcome.stderr)")
        if outcome.status == 2 { #expect(outcome.stderr.contains(": error: ")) }
    }
}
