import Foundation
import Linter
import Reporters
import RuleEngine
import SourceTree
import Testing

/// One finding per root cause: shared definitions once, identical inline definitions and document-wide
/// absences grouped, with suppressions and baselines still judged place by place.
@Suite struct GroupingTests {
    /// `count` operations `GET /rN`, each with `parameter` (YAML flow text) inline, and what `extra` adds.
    static func api(operations count: Int, parameter: String, security: String = "", extra: String = "") -> String {
        var text = """
            openapi: 3.0.3
            info: {title: Grouping, version: '1'}
            components:
              securitySchemes:
                key: {type: apiKey, in: header, name: X-Key}
            \(security)
            paths:

            """
        for index in 0..<count {
            text += "  /r\(index):\n    get:\n      parameters:\n        - \(parameter)\n"
            text += "      responses: {'200': {description: ok}}\n"
        }
        return text + extra
    }

    static let tokenParameter = "{name: token, in: query, schema: {type: string, maxLength: 40}}"

    func lint(_ text: String, rules: Set<RuleID>) -> [Finding] {
        Linter(options: LintOptions(enabledRules: rules)).lint(text: text, path: "api.yaml").findings
    }

    @Test func identicalInlineParametersAreOneFindingWithTheOthersAsOccurrences() throws {
        let findings = lint(Self.api(operations: 4, parameter: Self.tokenParameter), rules: ["credentials-in-url"])
        let finding = try #require(findings.first)
        #expect(findings.count == 1)
        #expect(finding.pointer == "/paths/~1r0/get/parameters/0")
        #expect(finding.occurrences.map(\.pointer) == (1..<4).map { "/paths/~1r\($0)/get/parameters/0" })
    }

    @Test func aDescriptionDoesNotMakeAParameterDifferentButItsSchemaDoes() {
        var text = Self.api(operations: 3, parameter: Self.tokenParameter)
        text = text.replacing(
            "/r1:\n    get:\n      parameters:\n        - {name: token,",
            with: "/r1:\n    get:\n      parameters:\n        - {description: The token., name: token,")
        text = text.replacing(
            "/r2:\n    get:\n      parameters:\n        - {name: token, in: query, schema: {type: string, maxLength: 40}}",
            with:
                "/r2:\n    get:\n      parameters:\n        - {name: token, in: query, schema: {type: string, maxLength: 80}}"
        )
        let findings = lint(text, rules: ["credentials-in-url"])
        #expect(findings.map(\.occurrences.count).sorted() == [0, 1])
    }

    @Test func aSharedParameterInTheSameFileIsReportedOnceAtItsDefinition() throws {
        let text = Self.api(
            operations: 3, parameter: "{$ref: '#/components/parameters/token'}",
            extra: "x-unused: true\n"
        ).replacing(
            "components:\n", with: "components:\n  parameters:\n    token: \(Self.tokenParameter)\n")
        let findings = lint(text, rules: ["credentials-in-url"])
        #expect(findings.count == 1)
        #expect(findings.first?.pointer == "/components/parameters/token")
        #expect(findings.first?.occurrences.isEmpty == true)
    }

    @Test func aSharedResponseInAnotherFileIsReportedOnceThereAsInTheSameFile() throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var text = TestSupport.document("paths:\n", title: "Shared")
        for index in 0..<5 {
            text += "  /r\(index):\n    get:\n      responses:\n        '200': {description: ok}\n"
            text += "        '429': {$ref: 'shared/too-many.yaml'}\n"
        }
        try TestSupport.write(text, to: "api.yaml", in: directory)
        try TestSupport.write("description: Slow down.\n", to: "shared/too-many.yaml", in: directory)
        var options = LintOptions(enabledRules: ["retry-after-missing"])
        options.workingDirectory = directory
        let run = Linter(options: options).lint(paths: [directory + "/api.yaml"])
        let finding = try #require(run.findings.first)
        #expect(run.findings.count == 1)
        #expect(finding.file.path.hasSuffix("shared/too-many.yaml"))
        #expect(finding.occurrences.isEmpty)
    }

    @Test func whenNoOperationHasSecurityTheAbsenceIsOneDocumentWideFinding() throws {
        let findings = lint(
            Self.api(operations: 3, parameter: Self.tokenParameter), rules: ["operation-without-security"])
        let finding = try #require(findings.first)
        #expect(findings.count == 1)
        #expect(finding.isDocumentWide)
        #expect(finding.message == "none of the 3 operations requires authentication")
        #expect(finding.pointer == "/paths")
        #expect(finding.occurrences.map(\.pointer) == (0..<3).map { "/paths/~1r\($0)/get" })
        #expect(finding.placeCount == 3)
    }

    @Test func whenSomeOperationsHaveSecurityEachOneLackingItIsItsOwnFinding() {
        let text = Self.api(operations: 3, parameter: Self.tokenParameter).replacing(
            "/r2:\n    get:\n", with: "/r2:\n    get:\n      security: [{key: []}]\n")
        let findings = lint(text, rules: ["operation-without-security"])
        #expect(findings.count == 2)
        #expect(findings.allSatisfy { !$0.isDocumentWide && $0.occurrences.isEmpty })
    }

    @Test func anIgnoreOnOneOperationTakesItOutOfItsGroup() throws {
        let text = Self.api(operations: 4, parameter: Self.tokenParameter).replacing(
            "/r2:\n    get:\n", with: "/r2:\n    get:\n      x-oasguard-ignore: credentials-in-url\n")
        let findings = lint(text, rules: ["credentials-in-url"])
        let active = try #require(findings.first { $0.isActive })
        let suppressed = try #require(findings.first { !$0.isActive })
        #expect(findings.count == 2)
        #expect(active.places.map(\.pointer).contains("/paths/~1r2/get/parameters/0") == false)
        #expect(active.occurrences.count == 2)
        #expect(suppressed.pointer == "/paths/~1r2/get/parameters/0")
    }

    /// The SARIF fingerprint and baseline state of the one `credentials-in-url` finding of `text`.
    func fingerprintAndState(_ text: String, baseline: Baseline?, directory: String) throws -> (String, String?) {
        try TestSupport.write(text, to: "api.yaml", in: directory)
        var options = LintOptions(enabledRules: ["credentials-in-url"])
        options.workingDirectory = directory
        options.baseline = baseline
        let run = Linter(options: options).lint(paths: [directory + "/api.yaml"])
        let sarif = SARIFReporter().render(ReportInput(run: run, workingDirectory: directory))
        let log = try #require(try JSONSerialization.jsonObject(with: Data(sarif.utf8)) as? [String: Any])
        let runs = try #require(log["runs"] as? [[String: Any]])
        let results = try #require(runs.first?["results"] as? [[String: Any]]).filter {
            $0["level"] as? String != "none"
        }
        #expect(results.count == 1)
        let fingerprints = try #require(results.first?["partialFingerprints"] as? [String: String])
        return (try #require(fingerprints["oasguard/v1"]), results.first?["baselineState"] as? String)
    }

    @Test func aGroupKeepsItsFingerprintAndIsNewOnlyWhenAPlaceIsNew() throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let three = Self.api(operations: 3, parameter: Self.tokenParameter)
        try TestSupport.write(three, to: "api.yaml", in: directory)
        var options = LintOptions(enabledRules: ["credentials-in-url"])
        options.workingDirectory = directory
        let recorded = Linter(options: options).lint(paths: [directory + "/api.yaml"]).findings.flatMap {
            Baseline.entries(for: $0, absolute: options.absolute, directory: directory)
        }
        #expect(recorded.count == 3)
        let baseline = Baseline(entries: recorded, directory: directory)
        let (original, unchanged) = try fingerprintAndState(three, baseline: baseline, directory: directory)
        #expect(unchanged == "unchanged")
        let (grown, new) = try fingerprintAndState(
            Self.api(operations: 5, parameter: Self.tokenParameter), baseline: baseline, directory: directory)
        #expect(new == "new")
        #expect(grown == original)
        let (shrunk, stillKnown) = try fingerprintAndState(
            Self.api(operations: 2, parameter: Self.tokenParameter), baseline: baseline, directory: directory)
        #expect(stillKnown == "unchanged")
        #expect(shrunk == original)
    }
}
