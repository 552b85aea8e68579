import Foundation
import Testing

/// The command line end to end: exit codes, formats, errors, and several inputs in one run.
@Suite(.serialized) struct CLITests {
    let insecure = "samples/insecure-payments-api.yaml"
    let secure = "samples/secure-banking-api.yaml"

    @Test func insecureSampleFailsWithFindingsAndACodeFrame() throws {
        let outcome = try TestSupport.run(["lint", insecure])
        #expect(outcome.status == 1)
        #expect(outcome.stdout.contains("\(insecure):"))
        #expect(outcome.stdout.contains(": error: "))
        #expect(outcome.stdout.contains("[server-url-plain-http]"))
        #expect(outcome.stdout.contains(" | "))
        #expect(outcome.stdout.contains("^"))
        #expect(!outcome.stdout.contains("\u{1B}["), "no colour when stdout is not a terminal")
    }

    @Test func secureSampleHasNoErrorOrWarning() throws {
        let outcome = try TestSupport.run(["lint", "--fail-on", "warning", secure])
        #expect(outcome.status == 0, "\(outcome.stdout)")
        #expect(outcome.stdout.contains("0 errors, 0 warnings"))
    }

    @Test func failOnSetsTheThreshold() throws {
        #expect(try TestSupport.run(["lint", "--fail-on", "never", insecure]).status == 0)
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        // Secured operation by operation, but with no top-level security: one note, nothing worse.
        try TestSupport.write(
            """
            openapi: 3.0.3
            info: {title: Notes only, version: '1'}
            components:
              securitySchemes:
                bearer: {type: http, scheme: bearer}
            paths:
              /a:
                get:
                  security: [{bearer: []}]
                  responses: {'200': {description: ok}, '401': {description: no}}
            """, to: "notes.yaml", in: directory)
        // Only the authentication rules, so rules added to other categories cannot change the outcome.
        let only = ["transport", "authorization", "data", "rate-limits", "inventory", "document"].flatMap {
            ["--disable", $0]
        }
        let json = try TestSupport.run(["lint", "--format", "json"] + only + ["notes.yaml"], in: directory)
        #expect(json.stdout.contains(#""note": 1"#) && json.stdout.contains(#""warning": 0"#), "\(json.stdout)")
        #expect(try TestSupport.run(["lint"] + only + ["notes.yaml"], in: directory).status == 0)
        #expect(
            try TestSupport.run(["lint", "--fail-on", "warning"] + only + ["notes.yaml"], in: directory).status == 0)
        #expect(try TestSupport.run(["lint", "--fail-on", "note"] + only + ["notes.yaml"], in: directory).status == 1)
    }

    @Test func usageErrorsExitWithTwo() throws {
        #expect(try TestSupport.run(["lint", "--format", "xml", insecure]).status == 2)
        #expect(try TestSupport.run(["lint", "--fail-on", "sometimes", insecure]).status == 2)
        #expect(try TestSupport.run(["frobnicate"]).status == 2)
    }

    @Test func aBrokenInputIsReportedWithItsPositionAndTheOthersAreStillLinted() throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try TestSupport.write("openapi: 3.0.0\ninfo: [unclosed\n", to: "broken.yaml", in: directory)
        try TestSupport.write("title: not an api\n", to: "other.yaml", in: directory)
        let sample = TestSupport.packageRoot + "/" + insecure
        let outcome = try TestSupport.run(["lint", "broken.yaml", sample, "other.yaml", "missing.yaml"], in: directory)
        #expect(outcome.status == 2)
        #expect(outcome.stderr.contains("broken.yaml:3:1: error: "))
        #expect(outcome.stderr.contains("other.yaml:1:1: error: not an OpenAPI or Swagger document"))
        #expect(outcome.stderr.contains("missing.yaml: error: no such file or directory"))
        #expect(outcome.stdout.contains("[server-url-plain-http]"), "the good input is still linted")
    }

    @Test func directoriesYieldOnlyRootDocuments() throws {
        let outcome = try TestSupport.run(["lint", "--format", "json", "samples/multi-file"])
        let json = try #require(try JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)) as? [String: Any])
        let files = try #require(json["files"] as? [[String: Any]])
        #expect(files.map { $0["path"] as? String } == ["samples/multi-file/openapi.yaml"])
        let findings = try #require(json["findings"] as? [[String: Any]])
        let findingFiles = Set(findings.compactMap { $0["file"] as? String })
        #expect(findingFiles.contains("samples/multi-file/components/security.yaml"))
        #expect(findingFiles.contains("samples/multi-file/paths/order-by-id.yaml"))
    }

    @Test func jsonOutputHasTheDocumentedShape() throws {
        let outcome = try TestSupport.run(["lint", "--format", "json", insecure])
        let json = try #require(try JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)) as? [String: Any])
        #expect(json["formatVersion"] as? Int == 1)
        let findings = try #require(json["findings"] as? [[String: Any]])
        #expect(!findings.isEmpty)
        for finding in findings {
            for key in ["rule", "severity", "message", "file", "pointer"] { #expect(finding[key] is String, "\(key)") }
            for key in ["line", "column", "endLine", "endColumn"] { #expect(finding[key] is Int, "\(key)") }
        }
        let summary = try #require(json["summary"] as? [String: Int])
        #expect(
            summary["error", default: 0] + summary["warning", default: 0] + summary["note", default: 0]
                == findings.count)
    }

    @Test func outputIsByteIdenticalAcrossRuns() throws {
        let first = try TestSupport.run(["lint", "--format", "sarif", "samples"])
        let second = try TestSupport.run(["lint", "--format", "sarif", "samples"])
        #expect(first.stdout == second.stdout)
        #expect(!first.stdout.isEmpty)
    }

    @Test func rulesListsTheCatalogAndDocumentsOneRule() throws {
        let list = try TestSupport.run(["rules"])
        #expect(list.status == 0)
        #expect(list.stdout.contains("http-basic-auth"))
        let one = try TestSupport.run(["rules", "http-basic-auth"])
        #expect(one.stdout.contains("How to fix it"))
        #expect(one.stdout.contains("API2:2023"))
        #expect(try TestSupport.run(["rules", "no-such-rule"]).status == 2)
        #expect(
            try TestSupport.run(["--version"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines).split(
                separator: "."
            ).count == 3)
    }
}
