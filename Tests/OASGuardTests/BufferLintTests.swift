import Foundation
import Linter
import Testing

/// Linting contents that are not on disk (standard input, an editor's buffer) as if they were a given file.
@Suite struct BufferLintTests {
    static let document = """
        openapi: 3.0.3
        info: {title: Buffer, version: "1"}
        paths:
          /pets:
            get:
              parameters:
                - $ref: 'parameters.yaml#/token'
              responses:
                '200': {description: ok}
        """

    /// A linter confined to a fresh directory (removed by the caller) whose `parameters.yaml` sends a credential in
    /// the query.
    func linterBesideParameters() throws -> (Linter, String) {
        let directory = try TestSupport.temporaryDirectory()
        try TestSupport.write(
            "token: {name: access_token, in: query, schema: {type: string}}\n", to: "parameters.yaml", in: directory)
        var options = LintOptions(referenceRoot: directory)
        options.workingDirectory = directory
        return (Linter(options: options), directory)
    }

    @Test func referencesResolveFromDiskBesideTheNamedPath() throws {
        let (linter, directory) = try linterBesideParameters()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let run = linter.lint(buffer: Array(Self.document.utf8), path: "unsaved.yaml")
        #expect(run.errors.isEmpty)
        #expect(run.documents.map(\.path) == ["unsaved.yaml"])
        let inReferenced = run.findings.filter { $0.file.path.hasSuffix("parameters.yaml") }
        #expect(inReferenced.contains { $0.ruleID == "credentials-in-url" })
        #expect(run.findings.contains { $0.ruleID == "operation-without-security" && $0.file.path == "unsaved.yaml" })
    }

    @Test func anotherBufferReplacesTheFileOnDisk() throws {
        let (linter, directory) = try linterBesideParameters()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let edited = Array("token: {name: limit, in: query, schema: {type: integer, minimum: 1, maximum: 9}}\n".utf8)
        let run = linter.lint(
            buffer: Array(Self.document.utf8), path: "unsaved.yaml", buffers: [directory + "/parameters.yaml": edited])
        #expect(run.errors.isEmpty)
        #expect(!run.findings.contains { $0.ruleID == "credentials-in-url" })
    }
}
