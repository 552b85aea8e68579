import Foundation
import RuleEngine
import Rules
import Testing

/// The catalog files and the rule types stay paired, and every entry is complete.
@Suite struct CatalogTests {
    @Test func everyCatalogFileIsRegisteredAndNothingElse() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: TestSupport.packageRoot + "/rules")
            .filter { $0.hasSuffix(".yaml") }.map { String($0.dropLast(5)) }.sorted()
        #expect(RuleCatalog.builtIn.entries.map(\.id.rawValue) == files)
    }

    /// The build writes each description as Swift values; they must be what the catalog file says.
    @Test func theEmbeddedDescriptionsAreTheCatalogFiles() throws {
        for entry in RuleCatalog.builtIn.entries {
            let text = try String(
                contentsOfFile: TestSupport.packageRoot + "/rules/\(entry.id).yaml", encoding: .utf8)
            #expect(try RuleDescription.parse(id: entry.id, text: text) == entry.description, "\(entry.id)")
        }
    }

    @Test func everyRuleSwiftFileHasACatalogEntry() throws {
        let sources = TestSupport.packageRoot + "/Sources/Rules"
        let enumerator = try #require(FileManager.default.enumerator(atPath: sources))
        let typeNames = Set(
            RuleCatalog.builtIn.entries.map(\.id.typeName))
        var ruleFiles: [String] = []
        while let path = enumerator.nextObject() as? String {
            guard path.hasSuffix(".swift"), path.contains("/") else { continue }
            ruleFiles.append(String(path.split(separator: "/").last!.dropLast(6)))
        }
        #expect(!ruleFiles.isEmpty)
        for name in ruleFiles { #expect(typeNames.contains(name), "Sources/Rules/…/\(name).swift has no rules/ entry") }
    }

    @Test func idsAreKebabCaseAndNameWhatIsFlagged() {
        for entry in RuleCatalog.builtIn.entries {
            #expect(entry.id.rawValue.allSatisfy { $0.isLowercase || $0.isNumber || $0 == "-" }, "\(entry.id)")
            #expect(!entry.id.rawValue.hasPrefix("no-"), "\(entry.id): name what is flagged, not what is missing")
        }
    }

    /// Sorting by `RuleID` keeps the order of the raw ids, which every report's order rests on.
    @Test func ruleIDsSortAsTheirTextDoes() {
        let ids: [RuleID] = ["b-rule", "a-rule", "policy/x", "a-rule-2", "Z-rule"]
        #expect(ids.sorted().map(\.rawValue) == ids.map(\.rawValue).sorted())
        #expect(RuleID("server-url-plain-http").typeName == "ServerUrlPlainHttp")
        #expect("\(RuleID("policy/x"))" == "policy/x")
        #expect(RuleID("policy/x").isPolicy && !RuleID("policy-x").isPolicy)
    }

    /// A well-formed entry; `theBuildFailsOnAMalformedEntry` breaks one line of it at a time.
    static let sampleEntry = """
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

    /// Runs the built rule-catalog-generator on `entry` as `rules/sample-rule.yaml`: its exit status, what it said,
    /// and whether it wrote the registry.
    static func generate(_ entry: String) throws -> (status: Int32, errors: String, wrote: Bool) {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try TestSupport.write(entry, to: "sample-rule.yaml", in: directory)
        let outcome = try TestSupport.run(
            program: TestSupport.builtProgram("rule-catalog-generator"),
            [directory + "/Registry.swift", directory + "/sample-rule.yaml"])
        let wrote = FileManager.default.fileExists(atPath: directory + "/Registry.swift")
        return (outcome.status, outcome.stderr.replacingOccurrences(of: directory + "/", with: ""), wrote)
    }

    @Test func theBuildEmbedsAWellFormedEntry() throws {
        let outcome = try Self.generate(Self.sampleEntry)
        #expect(outcome.status == 0, "\(outcome.errors)")
        #expect(outcome.wrote)
    }

    @Test func aCaretLineMarksATriggeringExampleInsteadOfAnArrow() throws {
        let entry = Self.sampleEntry.replacingOccurrences(
            of: "triggering: [\"a: 1 # ←\"]", with: "triggering: [\"a: 1\\n# ^\"]")
        #expect(entry != Self.sampleEntry)
        let outcome = try Self.generate(entry)
        #expect(outcome.status == 0, "\(outcome.errors)")
        #expect(outcome.wrote)
    }

    /// Each mistake fails the build (the generator) with the file, the line and column of the offending value, and
    /// the reason; the registry is not written.
    @Test(arguments: [
        ("severity: warning", "severity: fatal", "4:11", "'severity' must be error, warning or note"),
        ("security-severity: 5.0", "security-severity: 11", "5:20", "must be a number from 0.0 to 10.0"),
        ("security-severity: 5.0", "security-severity: 7.1", "5:20", "7.1 does not agree with severity warning"),
        ("severity: warning", "severity: error", "5:20", "5.0 does not agree with severity error"),
        ("precision: high", "precision: always", "9:12", "'precision' must be very-high, high, medium or low"),
        ("owasp: API2:2023", "owasp: A1", "7:8", "'owasp' entries look like API2:2023"),
        ("cwe: CWE-287", "cwe: 287", "8:6", "'cwe' entries look like CWE-319"),
        ("title: T", "title: T\nunknown: x", "3:10", "unknown key 'unknown'"),
        ("title: T", "title: T\ntitle: U", "3:1", "'title' is given twice"),
        ("recommended: true", "recommended: yes", "10:14", "'recommended' must be true (on by default) or false"),
        ("recommended: true", "recommended: [true]", "10:14", "'recommended' must be true"),
        ("recommended-reason: Usually right.", "recommended-reason: ''", "11:21", "needs a 'recommended-reason:'"),
        ("triggering: [\"a: 1 # ←\"]", "triggering: [\"a: 1\"]", "16:16", "has no line marked '# ←'"),
        ("non-triggering: [\"a: 2\"]", "non-triggering: []", "16:3", "at least one triggering and one non-triggering"),
    ])
    func theBuildFailsOnAMalformedEntry(original: String, replacement: String, position: String, message: String)
        throws
    {
        let entry = Self.sampleEntry.replacingOccurrences(of: original, with: replacement)
        #expect(entry != Self.sampleEntry)
        let outcome = try Self.generate(entry)
        #expect(outcome.status == 1)
        #expect(outcome.errors.hasPrefix("sample-rule.yaml:\(position): error: "), "\(outcome.errors)")
        #expect(outcome.errors.contains(message), "\(outcome.errors)")
        #expect(!outcome.wrote)
    }
}

/// Every rule says whether it is on by default: `recommended: true` puts it in the `recommended` preset (the
/// default), `recommended: false` makes it opt-in (`--preset all`, `preset: all`, or naming it); the reason goes in
/// `recommended-reason:`. The build (rule-catalog-generator) fails on a missing or malformed value
/// (`theBuildFailsOnAMalformedEntry`).
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

    @Test func theREADMETableListsEveryRule() throws {
        let readme = try String(contentsOfFile: TestSupport.packageRoot + "/README.md", encoding: .utf8)
        for entry in RuleCatalog.builtIn.entries {
            #expect(readme.contains("| `\(entry.id)` | \(entry.description.severity.rawValue) |"), "\(entry.id)")
        }
    }
}
