import Foundation
import Linter
import Testing

/// Rules that read only the source text run on the root file while the model is built, and on the files its
/// references pull in once they are loaded.
@Suite struct SourceTextRuleTests {
    static let document = """
        openapi: 3.0.3
        info: {title: Text, version: "1", description: "<script>alert(1)</script>"}
        paths:
          /pets:
            get:
              parameters:
                - $ref: 'parameters.yaml#/token'
              responses:
                '200': {description: ok}
        """

    @Test func theRootFileAndTheReferencedFilesAreBothRead() throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try TestSupport.write(
            """
            token:
              name: key
              in: header
              description: "<iframe src='https://example.com'></iframe>"
              schema: {type: string, example: AKIAZ7Q3KXBM2P5RTW4N}
            """, to: "parameters.yaml", in: directory)
        try TestSupport.write(Self.document, to: "api.yaml", in: directory)
        var options = LintOptions(referenceRoot: directory)
        options.workingDirectory = directory
        let run = Linter(options: options).lint(paths: [directory + "/api.yaml"])
        #expect(run.errors.isEmpty)
        let found = run.findings.filter { ["script-in-description", "secret-in-example"].contains($0.ruleID) }
            .map { "\($0.ruleID) \(URL(fileURLWithPath: $0.file.path).lastPathComponent):\($0.position.line)" }
        #expect(
            found == [
                "script-in-description api.yaml:2", "script-in-description parameters.yaml:4",
                "secret-in-example parameters.yaml:5",
            ])
    }
}
