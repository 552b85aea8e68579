import Linter
import RuleEngine
import Rules
import SourceTree
import Testing

/// One example of one rule's catalog entry.
struct RuleExample: Sendable, CustomTestStringConvertible {
    let ruleID: String
    let index: Int
    let text: String

    var testDescription: String { "\(ruleID) #\(index + 1)" }

    static func all(triggering: Bool) -> [RuleExample] {
        RuleCatalog.builtIn.entries.flatMap { entry in
            guard let parsed = try? entry.examples() else { return [RuleExample]() }
            let examples = triggering ? parsed.triggering : parsed.nonTriggering
            return examples.enumerated().map { RuleExample(ruleID: entry.id, index: $0, text: $1) }
        }
    }

    /// The 1-based lines marked `# ←`, once per arrow, where a run with `preset` must report a finding: a marker
    /// followed by `(all)` (`# ← (all)`) is a finding the rule keeps for the `all` preset.
    func markedLines(in preset: RulePreset = .all) -> [Int] {
        text.split(separator: "\n", omittingEmptySubsequences: false).enumerated().flatMap { index, line in
            guard let marker = line.range(of: RuleExamples.marker) else { return [Int]() }
            let comment = line[marker.lowerBound...]
            guard preset.includes(comment.contains(RuleExamples.allPresetTag) ? .all : .recommended) else {
                return [Int]()
            }
            return Array(repeating: index + 1, count: comment.filter { $0 == "←" }.count)
        }
    }

    /// This rule's unsuppressed findings on `text`, from a linter that runs only this rule
    /// (and `unused-suppression`, when `auditingSuppressions`) with `preset`.
    func findings(
        in text: String, path: String = "example.yaml", auditingSuppressions: Bool = false, preset: RulePreset = .all
    ) -> [Finding] {
        // `unused-suppression` judges only ignores of rules that ran, so its own examples run every rule.
        let rules: Set<String>? =
            ruleID == "unused-suppression" ? nil : auditingSuppressions ? [ruleID, "unused-suppression"] : [ruleID]
        let linter = Linter(options: LintOptions(enabledRules: rules, preset: preset))
        let result = linter.lint(text: text, path: path)
        #expect(result.errors.isEmpty, "the example does not load: \(result.errors)")
        return result.findings.filter { $0.isActive && (auditingSuppressions || $0.ruleID == ruleID) }
    }
}

extension Finding {
    /// The places an example marks: every place of a group, the operations of a document-wide finding.
    var markedPlaces: [NodeRef] { isDocumentWide ? occurrences : places }
}

/// Every example in `rules/*.yaml` is a test: triggering ones on the marked lines, in YAML and JSON,
/// after inserted multibyte lines; non-triggering ones silent.
@Suite struct RuleExampleTests {
    @Test(arguments: RuleExample.all(triggering: true))
    func triggeringExampleFiresOnTheMarkedLines(example: RuleExample) throws {
        let findings = example.findings(in: example.text)
        #expect(findings.flatMap(\.markedPlaces).map(\.position.line).sorted() == example.markedLines())
    }

    @Test(arguments: RuleExample.all(triggering: true))
    func theRecommendedPresetLeavesOutOnlyTheLinesMarkedForAll(example: RuleExample) throws {
        let findings = example.findings(in: example.text, preset: .recommended)
        #expect(
            findings.flatMap(\.markedPlaces).map(\.position.line).sorted() == example.markedLines(in: .recommended))
    }

    @Test(arguments: RuleExample.all(triggering: true).filter { $0.ruleID != "duplicate-key" })
    func triggeringExampleFiresAtTheSamePointersAsJSON(example: RuleExample) throws {
        let yaml = example.findings(in: example.text)
        let file = try TestSupport.parse(example.text)
        let json = example.findings(in: CanonicalJSON.serialize(file), path: "example.json")
        #expect(
            json.flatMap(\.markedPlaces).map(\.pointer).sorted() == yaml.flatMap(\.markedPlaces).map(\.pointer).sorted()
        )
        #expect(!json.isEmpty)
    }

    @Test(arguments: RuleExample.all(triggering: true))
    func findingsMoveWithInsertedMultibyteLines(example: RuleExample) throws {
        let original = example.findings(in: example.text).flatMap(\.markedPlaces).map(\.position)
        let shifted = example.findings(in: "# inserted: ünïcødé ✓ 日本語\n# 😀 another line\n" + example.text)
            .flatMap(\.markedPlaces).map(\.position)
        #expect(shifted == original.map { Position(line: $0.line + 2, column: $0.column) })
    }

    @Test(arguments: RuleExample.all(triggering: true).filter { $0.ruleID != "unused-suppression" })
    func anIgnoreOnTheRootSilencesTheExampleAndCountsAsUsed(example: RuleExample) throws {
        let ignored = "x-oasguard-ignore: \(example.ruleID)\n" + example.text
        let findings = example.findings(in: ignored, auditingSuppressions: true)
        #expect(findings.isEmpty, "\(findings.map { "\($0.ruleID) \($0.position): \($0.message)" })")
    }

    @Test(arguments: RuleExample.all(triggering: false))
    func nonTriggeringExampleIsSilent(example: RuleExample) throws {
        let findings = example.findings(in: example.text)
        #expect(findings.isEmpty, "\(findings.map { "\($0.position): \($0.message)" })")
    }
}
