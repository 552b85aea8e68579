import Linter
import RuleEngine
import Rules
import SourceTree
import Testing

/// One example of one rule's catalog entry.
struct RuleExample: Sendable, CustomTestStringConvertible {
    let ruleID: RuleID
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

    /// The places marked where a run with `preset` must report a finding: each `# ←` at the end of a line marks
    /// that line once per arrow; a caret line (`#   ^`) marks the column of the caret on the nearest line above it
    /// that is not a caret line. Either marker followed by `(all)` (`# ← (all)`, `# ^ (all)`) is a finding the rule
    /// keeps for the `all` preset.
    func marks(in preset: RulePreset = .all) -> [Mark] {
        var marks: [Mark] = []
        var markedLine = 0
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            if let caret = RuleExamples.caretColumn(line) {
                if preset.includes(line.contains(RuleExamples.allPresetTag) ? .all : .recommended) {
                    marks.append(Mark(line: markedLine, column: caret))
                }
                continue
            }
            markedLine = index + 1
            guard let marker = line.range(of: RuleExamples.marker) else { continue }
            let comment = line[marker.lowerBound...]
            guard preset.includes(comment.contains(RuleExamples.allPresetTag) ? .all : .recommended) else { continue }
            marks += Array(repeating: Mark(line: markedLine, column: nil), count: comment.filter { $0 == "←" }.count)
        }
        return marks.sorted()
    }

    /// Where findings at `positions` land, written as `marks` writes them: with the column on the lines that caret
    /// lines mark, without it elsewhere.
    func marks(of positions: [Position]) -> [Mark] {
        let caretLines = Set(marks().filter { $0.column != nil }.map(\.line))
        return positions.map { Mark(line: $0.line, column: caretLines.contains($0.line) ? $0.column : nil) }.sorted()
    }

    /// This rule's unsuppressed findings on `text`, from a linter that runs only this rule
    /// (and `unused-suppression`, when `auditingSuppressions`) with `preset`.
    func findings(
        in text: String, path: String = "example.yaml", auditingSuppressions: Bool = false, preset: RulePreset = .all
    ) -> [Finding] {
        // `unused-suppression` judges only ignores of rules that ran, so its own examples run every rule.
        let rules: Set<RuleID>? =
            ruleID == "unused-suppression" ? nil : auditingSuppressions ? [ruleID, "unused-suppression"] : [ruleID]
        let linter = Linter(options: LintOptions(enabledRules: rules, preset: preset))
        let result = linter.lint(text: text, path: path)
        #expect(result.errors.isEmpty, "the example does not load: \(result.errors)")
        return result.findings.filter { $0.isActive && (auditingSuppressions || $0.ruleID == ruleID) }
    }
}

/// A place an example marks: a line, and the column when a caret line gives one.
struct Mark: Comparable, CustomStringConvertible {
    let line: Int
    let column: Int?

    static func < (left: Mark, right: Mark) -> Bool { (left.line, left.column ?? 0) < (right.line, right.column ?? 0) }

    var description: String { column.map { "\(line):\($0)" } ?? "\(line)" }
}

extension Finding {
    /// The places an example marks: every place of a group, the operations of a document-wide finding.
    var markedPlaces: [NodeRef] { isDocumentWide ? occurrences : places }
}

/// Every example in `rules/*.yaml` is a test: triggering ones on the marked lines and columns, in YAML and JSON,
/// after inserted multibyte lines; non-triggering ones silent.
@Suite struct RuleExampleTests {
    @Test(arguments: RuleExample.all(triggering: true))
    func triggeringExampleFiresOnTheMarkedLinesAndColumns(example: RuleExample) throws {
        let findings = example.findings(in: example.text)
        #expect(example.marks(of: findings.flatMap(\.markedPlaces).map(\.position)) == example.marks())
    }

    @Test(arguments: RuleExample.all(triggering: true))
    func theRecommendedPresetLeavesOutOnlyTheLinesMarkedForAll(example: RuleExample) throws {
        let findings = example.findings(in: example.text, preset: .recommended)
        #expect(example.marks(of: findings.flatMap(\.markedPlaces).map(\.position)) == example.marks(in: .recommended))
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
