import Foundation
import Linter
import RuleEngine
import Testing

@testable import Reporters

/// Grouped findings and severity first in every format: occurrences, per-rule summaries, caps that say so.
@Suite(.serialized) struct GroupedOutputTests {
    /// A directory holding `api.yaml` with `count` operations sharing one inline `token` query parameter, and, when
    /// `errors` > 0, that many operations with `security: []` beside one secured operation.
    func directory(operations count: Int, errors: Int = 0) throws -> String {
        let directory = try TestSupport.temporaryDirectory()
        var text = """
            openapi: 3.0.3
            info: {title: Grouped, version: '1'}
            components:
              securitySchemes:
                key: {type: apiKey, in: header, name: X-Key}
            paths:
              /secured:
                get:
                  security: [{key: []}]
                  responses: {'200': {description: ok}}

            """
        for index in 0..<count {
            text += "  /r\(index):\n    get:\n      security: [{key: []}]\n      parameters:\n"
            text += "        - {name: token, in: query, schema: {type: string, maxLength: 40}}\n"
            text += "      responses: {'200': {description: ok}}\n"
        }
        for index in 0..<errors {
            text += "  /public\(index):\n    get:\n      security: []\n      responses: {'200': {description: ok}}\n"
        }
        try TestSupport.write(text, to: "api.yaml", in: directory)
        return directory
    }

    func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    @Test func jsonListsEveryOccurrenceWithItsPointer() throws {
        let directory = try directory(operations: 3)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let outcome = try TestSupport.run(
            ["lint", "--format", "json", "--enable", "credentials-in-url", "api.yaml"], in: directory)
        let findings = try #require(try json(outcome.stdout)["findings"] as? [[String: Any]])
        let grouped = try #require(findings.first { $0["rule"] as? String == "credentials-in-url" })
        let occurrences = try #require(grouped["occurrences"] as? [[String: Any]])
        #expect(grouped["pointer"] as? String == "/paths/~1r0/get/parameters/0")
        #expect(
            occurrences.compactMap { $0["pointer"] as? String } == [
                "/paths/~1r1/get/parameters/0", "/paths/~1r2/get/parameters/0",
            ])
        #expect(occurrences.allSatisfy { $0["file"] as? String == "api.yaml" && ($0["line"] as? Int ?? 0) > 1 })
    }

    @Test func textSaysHowManyMorePlacesAndListsThemOnRequest() throws {
        let directory = try directory(operations: 4)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let base = ["lint", "--enable", "credentials-in-url", "--disable", "rate-limits", "api.yaml"]
        let short = try TestSupport.run(base, in: directory).stdout
        #expect(short.contains("and 3 more places (--show-occurrences lists them)"))
        let long = try TestSupport.run(base + ["--show-occurrences"], in: directory).stdout
        for index in 1..<4 {
            #expect(long.contains("also at api.yaml:") && long.contains("/paths/~1r\(index)/get/parameters/0"))
        }
    }

    @Test func textEndsWithARuleSummaryErrorsFirstAndCanPrintOnlyIt() throws {
        let directory = try directory(operations: 2, errors: 2)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let full = try TestSupport.run(["lint", "api.yaml"], in: directory).stdout
        let summary = full.split(separator: "\n").filter {
            $0.contains("  error  ") || $0.contains("  warning  ") || $0.contains("  note  ")
        }
        #expect(summary.first?.contains("operation-without-security") == true, "\(summary)")
        #expect(full.contains("2  error    operation-without-security"))
        let statistics = try TestSupport.run(["lint", "--statistics", "api.yaml"], in: directory)
        #expect(!statistics.stdout.contains("api.yaml:"))
        #expect(statistics.stdout.contains("operation-without-security"))
        #expect(statistics.stdout.contains("errors,") || statistics.stdout.contains("error,"))
        #expect(statistics.status == 1, "--statistics shows less, it fails the same")
    }

    @Test func theDisplayFilterHidesLesserFindingsButNotTheFailure() throws {
        let directory = try directory(operations: 2, errors: 1)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let outcome = try TestSupport.run(
            ["lint", "--min-severity", "error", "--fail-on", "warning", "api.yaml"], in: directory)
        let lines = outcome.stdout.split(separator: "\n").filter { $0.hasPrefix("api.yaml:") }
        #expect(!lines.isEmpty && lines.allSatisfy { $0.contains(": error: ") }, "\(lines)")
        #expect(outcome.stdout.contains("below error not shown"))
        #expect(outcome.status == 1)
    }

    @Test func markdownPutsTheRuleSummaryFirstAndNeverCutsErrors() throws {
        let directory = try directory(operations: 1, errors: MarkdownReporter.rowLimit + 20)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let page = try TestSupport.run(["lint", "--format", "markdown", "api.yaml"], in: directory).stdout
        let summary = try #require(page.range(of: "| Findings | Severity | Rule | Title |"))
        let findings = try #require(page.range(of: "### Findings"))
        #expect(summary.lowerBound < findings.lowerBound)
        let rows = page.split(separator: "\n").filter { $0.hasPrefix("| 🔴 error | `operation-without-security`") }
        #expect(rows.count == MarkdownReporter.rowLimit + 20)
        #expect(page.contains("_Showing every error and 0 of"))
    }

    @Test func sarifCapsRelatedLocationsAndSaysHowManyMore() throws {
        let directory = try directory(operations: SARIFReporter.relatedLocationLimit + 6)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let outcome = try TestSupport.run(
            ["lint", "--format", "sarif", "--enable", "credentials-in-url", "api.yaml"], in: directory)
        let runs = try #require(try json(outcome.stdout)["runs"] as? [[String: Any]])
        let run = try #require(runs.first)
        #expect((run["automationDetails"] as? [String: Any])?["id"] as? String == "oasguard/")
        let results = try #require(run["results"] as? [[String: Any]])
        let grouped = try #require(results.first { $0["ruleId"] as? String == "credentials-in-url" })
        let related = try #require(grouped["relatedLocations"] as? [[String: Any]])
        #expect(related.count == SARIFReporter.relatedLocationLimit)
        let message = try #require((grouped["message"] as? [String: Any])?["text"] as? String)
        #expect(message.contains("(\(SARIFReporter.relatedLocationLimit + 5) more places)"))
        #expect(message.contains("the first \(SARIFReporter.relatedLocationLimit) are related locations"))
    }

    @Test func sarifLeavesOutSuppressedThenNotesThenWarningsBeyondTheLimit() throws {
        let directory = try directory(operations: 1, errors: 3)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var options = LintOptions()
        options.workingDirectory = directory
        let findings = Linter(options: options).lint(paths: [directory + "/api.yaml"]).findings
        let errors = findings.filter { $0.severity == .error }.count
        #expect(errors >= 3 && findings.count > errors)
        let selection = SARIFSelection(findings, absentCount: 1, omitUnchanged: false, limit: errors + 1)
        #expect(selection.kept.count == errors)
        #expect(selection.kept.allSatisfy { $0.severity == .error })
        #expect(selection.notifications.count == 1)
        let capped = SARIFSelection(findings, absentCount: 0, omitUnchanged: false, limit: 2)
        #expect(capped.kept.count == 2)
        let everything = SARIFSelection(findings, absentCount: 0, omitUnchanged: false)
        #expect(everything.kept.count == findings.count && everything.notifications.isEmpty)
    }

    @Test func sarifPlacesFixedBaselineEntriesOnALineAndCanLeaveUnchangedOnesOut() throws {
        let directory = try directory(operations: 2, errors: 1)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        #expect(
            try TestSupport.run(["lint", "--write-baseline", "baseline.json", "api.yaml"], in: directory).status == 0)
        let api = try String(contentsOfFile: directory + "/api.yaml", encoding: .utf8)
        try TestSupport.write(
            api.replacing("security: []", with: "security: [{key: []}]"), to: "api.yaml", in: directory)
        let base = ["lint", "--format", "sarif", "--baseline", "baseline.json", "api.yaml"]
        let full = try json(try TestSupport.run(base, in: directory).stdout)
        let results = try #require((full["runs"] as? [[String: Any]])?.first?["results"] as? [[String: Any]])
        let absent = try #require(results.first { $0["baselineState"] as? String == "absent" })
        let location = try #require((absent["locations"] as? [[String: Any]])?.first)
        let region = (location["physicalLocation"] as? [String: Any])?["region"] as? [String: Any]
        #expect((region?["startLine"] as? Int ?? 0) > 1, "the fixed operation is still there, below line 1")
        #expect(results.contains { $0["baselineState"] as? String == "unchanged" })
        let omitted = try json(try TestSupport.run(base + ["--omit-unchanged"], in: directory).stdout)
        let run = try #require((omitted["runs"] as? [[String: Any]])?.first)
        let kept = try #require(run["results"] as? [[String: Any]])
        #expect(!kept.contains { $0["baselineState"] as? String == "unchanged" })
        #expect(kept.contains { $0["baselineState"] as? String == "absent" })
        let invocation = try #require((run["invocations"] as? [[String: Any]])?.first)
        let notes = try #require(invocation["toolExecutionNotifications"] as? [[String: Any]])
        #expect(
            notes.contains {
                (($0["message"] as? [String: Any])?["text"] as? String)?.contains("--omit-unchanged") == true
            })
    }
}
