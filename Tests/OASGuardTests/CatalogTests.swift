import Foundation
import RuleEngine
import Rules
import Testing

/// The catalog files and the rule types stay paired, and every entry is complete.
@Suite struct CatalogTests {
    @Test func everyCatalogFileParses() throws {
        #expect(RuleCatalog.builtIn.errors.map(\.description) == [])
        for entry in RuleCatalog.builtIn.entries {
            #expect(throws: Never.self, "\(entry.id)") { _ = try entry.examples() }
        }
    }

    @Test func everyCatalogFileIsRegisteredAndNothingElse() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: TestSupport.packageRoot + "/rules")
            .filter { $0.hasSuffix(".yaml") }.map { String($0.dropLast(5)) }.sorted()
        #expect(RuleCatalog.builtIn.entries.map(\.id) == files)
    }

    @Test func everyRuleSwiftFileHasACatalogEntry() throws {
        let sources = TestSupport.packageRoot + "/Sources/Rules"
        let enumerator = try #require(FileManager.default.enumerator(atPath: sources))
        let typeNames = Set(
            RuleCatalog.builtIn.entries.map {
                $0.id.split(separator: "-").map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
            })
        var ruleFiles: [String] = []
        while let path = enumerator.nextObject() as? String {
            guard path.hasSuffix(".swift"), !path.hasPrefix("Catalog/") else { continue }
            ruleFiles.append(String(path.split(separator: "/").last!.dropLast(6)))
        }
        #expect(!ruleFiles.isEmpty)
        for name in ruleFiles { #expect(typeNames.contains(name), "Sources/Rules/…/\(name).swift has no rules/ entry") }
    }

    @Test func idsAreKebabCaseAndNameWhatIsFlagged() {
        for entry in RuleCatalog.builtIn.entries {
            #expect(entry.id.allSatisfy { $0.isLowercase || $0.isNumber || $0 == "-" }, "\(entry.id)")
            #expect(!entry.id.hasPrefix("no-"), "\(entry.id): name what is flagged, not what is missing")
        }
    }

    @Test func malformedEntriesAreRejectedWithTheReason() {
        let valid = """
            id: sample-rule
            title: T
            summary: S
            severity: warning
            security-severity: 5.0
            category: authentication
            owasp: API2:2023
            cwe: CWE-287
            precision: high
            recommended: true
            recommended-reason: Usually right.
            rationale: R
            remediation: M
            references: [https://example.com]
            examples:
              triggering: ["a: 1 # ←"]
              non-triggering: ["a: 2"]
            """
        #expect(throws: Never.self) { _ = try RuleDescription.parse(id: "sample-rule", text: valid) }
        #expect(throws: Never.self) { _ = try RuleExamples.parse(id: "sample-rule", text: valid) }
        let broken: [(String, String)] = [
            ("severity: warning", "severity: fatal"),
            ("security-severity: 5.0", "security-severity: 11"),
            ("security-severity: 5.0", "security-severity: 7.1"),
            ("severity: warning", "severity: error"),
            ("owasp: API2:2023", "owasp: A1"),
            ("cwe: CWE-287", "cwe: 287"),
            ("triggering: [\"a: 1 # ←\"]", "triggering: [\"a: 1\"]"),
            ("title: T", "title: T\nunknown: x"),
            ("recommended: true", "recommended: yes"),
            ("recommended: true", "recommended: [true]"),
            ("recommended-reason: Usually right.", "recommended-reason: ''"),
        ]
        for (original, replacement) in broken {
            let text = valid.replacingOccurrences(of: original, with: replacement)
            // Documentation and examples are read separately; one of the two must reject each mistake.
            #expect(throws: CatalogError.self, "\(replacement)") {
                _ = try RuleDescription.parse(id: "sample-rule", text: text)
                _ = try RuleExamples.parse(id: "sample-rule", text: text)
            }
        }
    }
}

/// Every rule says whether it is on by default: `recommended: true` puts it in the `recommended` preset (the
/// default), `recommended: false` makes it opt-in (`--preset all`, `preset: all`, or naming it); the reason goes in
/// `recommended-reason:`. The build (rule-catalog-generator) fails on a missing or malformed value.
extension CatalogTests {
    @Test func everyRuleSaysWhetherItIsRecommendedAndWhy() {
        for entry in RuleCatalog.builtIn.entries {
            #expect(
                entry.description.recommendedReason.count > 40, "\(entry.id): say why it is, or is not, on by default")
        }
        let optIn = RuleCatalog.builtIn.entries.filter { !$0.description.recommended }.map(\.id)
        #expect(
            optIn == [
                "forbidden-response-missing", "numeric-resource-id", "open-response-object",
                "unauthorized-response-missing", "unbounded-integer",
            ])
        #expect(RuleCatalog.builtIn.ids(in: .all).count == RuleCatalog.builtIn.entries.count)
    }

    @Test(arguments: [
        ("recommended: maybe\nrecommended-reason: x\n", "'recommended' must be true or false, not 'maybe'"),
        ("recommended-reason: x\n", "needs one top-level 'recommended: true'"),
        ("recommended: false\n", "needs a 'recommended-reason:'"),
    ])
    func theBuildFailsOnAMalformedRecommendation(fields: String, message: String) throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try TestSupport.write("id: sample-rule\n" + fields + "examples: {}\n", to: "sample-rule.yaml", in: directory)
        let outcome = try TestSupport.run(
            program: TestSupport.builtProgram("rule-catalog-generator"),
            [directory + "/Registry.swift", directory + "/sample-rule.yaml"])
        #expect(outcome.status == 1)
        #expect(outcome.stderr.contains(message), "\(outcome.stderr)")
        #expect(!FileManager.default.fileExists(atPath: directory + "/Registry.swift"))
    }

    @Test func theREADMETableListsEveryRule() throws {
        let readme = try String(contentsOfFile: TestSupport.packageRoot + "/README.md", encoding: .utf8)
        for entry in RuleCatalog.builtIn.entries {
            #expect(readme.contains("| `\(entry.id)` | \(entry.description.severity.rawValue) |"), "\(entry.id)")
        }
    }
}
