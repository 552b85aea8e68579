import OpenAPIModel
import SourceTree

/// A check over the typed model. One type per rule, named after its id (`api-key-in-query` → `ApiKeyInQuery`).
public protocol Rule: Sendable {
    /// When the rule runs; most rules only need the model.
    static var phase: RulePhase { get }
    /// Reports every offending node through `context`.
    func check(_ context: RuleContext)
}

/// When a rule runs.
public enum RulePhase: Sendable {
    /// Over the model, before suppressions are applied.
    case model
    /// After the other rules' findings met the inline suppressions (`context.suppressions` is set).
    case afterSuppression
}

extension Rule {
    public static var phase: RulePhase { .model }
}

/// What the suppression-auditing rule needs to know.
public struct SuppressionAudit: Sendable {
    public let index: SuppressionIndex
    /// Rules that ran, so an ignore of a disabled rule is not called unused.
    public let enabledRules: Set<RuleID>
    /// Every rule in the catalog.
    public let knownRules: Set<RuleID>

    public init(index: SuppressionIndex, enabledRules: Set<RuleID>, knownRules: Set<RuleID>) {
        self.index = index
        self.enabledRules = enabledRules
        self.knownRules = knownRules
    }
}

/// A rule paired with its catalog entry; the list is generated from `rules/*.yaml` at build time.
public struct RuleRegistration: Sendable {
    public let rule: any Rule
    /// The catalog file's documentation, read when the list was generated.
    public let description: RuleDescription
    /// The `examples:` section alone.
    public let examplesText: String

    public init(rule: any Rule, description: RuleDescription, examplesText: String) {
        self.rule = rule
        self.description = description
        self.examplesText = examplesText
    }
}

/// Namespace for the generated list of rules (`RuleRegistry.registrations`, in the `Rules` module).
public enum RuleRegistry {}

/// A rule that reads only the text of the source files, never the model: it can run on a file as soon as the file
/// is loaded, while references are resolved and the model is built. It reads one scalar value at a time, so all
/// such rules read a file in one walk (`FindingRecorder.run`).
public protocol SourceTextRule: Rule {
    /// Reports what the scalar value at `place` of `file`, whose UTF-8 bytes are `text`, holds through `recorder`.
    func check(
        _ place: TextPlace, _ text: UnsafeBufferPointer<UInt8>, in file: SourceFile, _ recorder: FindingRecorder)
}

extension SourceTextRule {
    public func check(_ context: RuleContext) {
        for file in context.api.files {
            DocumentText.forEachScalar(of: file) { place, text in check(place, text, in: file, context) }
        }
    }
}

/// One rule's findings as it reports them: a node once, and findings of a kind kept for `all` withheld from a
/// `recommended` run.
public class FindingRecorder {
    public let ruleID: RuleID
    /// The run's preset: findings reported for `all` are withheld from a `recommended` run.
    public let preset: RulePreset
    let severity: Severity
    private(set) var findings: [Finding] = []
    /// The places of findings kept for the `all` preset in a `recommended` run: not reported, but an ignore
    /// excusing one is used. Only the place is kept (a finding with its message costs many times more).
    private(set) var withheld: [NodeRef] = []
    private var reported: Set<NodeRef> = []

    public init(ruleID: RuleID, severity: Severity, preset: RulePreset = .all) {
        self.ruleID = ruleID
        self.severity = severity
        self.preset = preset
    }

    /// Reports `node` once: a second report of the same node by the same rule is dropped. Reports of this rule
    /// with the same `cause` become one finding, with the other nodes as its occurrences; without a cause, the
    /// linter groups identical definitions by their content (`FindingGrouping`). With `concealingSource`, reporters
    /// never show the text at `node` (it holds a secret), only the message. A finding of a kind that is not usually
    /// worth acting on passes `preset: .all`, and only a run with every finding on reports it. The message is
    /// written only for a finding that is reported.
    public func report(
        _ node: NodeRef, _ message: @autoclosure () -> String, severity: Severity? = nil, cause: String? = nil,
        concealingSource: Bool = false, preset needed: RulePreset = .recommended
    ) {
        guard reported.insert(node).inserted else { return }
        guard preset.includes(needed) else {
            withheld.append(node)
            return
        }
        var finding = Finding(
            ruleID: ruleID, severity: severity ?? self.severity, message: message(), location: node, cause: cause)
        finding.concealsSource = concealingSource
        findings.append(finding)
    }

    /// Runs `rules` over `files` with `preset`, in one walk of each file: for each rule in turn, what it reported
    /// and the places of what it withheld for the `all` preset.
    public static func run(
        _ rules: [(rule: any SourceTextRule, id: RuleID, severity: Severity)], on files: [SourceFile],
        preset: RulePreset
    ) -> [(reported: [Finding], withheld: [NodeRef])] {
        // With no rule to run (a run that only models, such as `diff`'s), no file is read.
        guard !rules.isEmpty else { return [] }
        let recorders = rules.map { FindingRecorder(ruleID: $0.id, severity: $0.severity, preset: preset) }
        // The rules alone, apart from their ids: calling one at a scalar then copies no tuple (and no id's text).
        let textRules = rules.map(\.rule)
        for file in files {
            DocumentText.forEachScalar(of: file) { place, text in
                for index in textRules.indices { textRules[index].check(place, text, in: file, recorders[index]) }
            }
        }
        return recorders.map { ($0.findings, $0.withheld) }
    }
}

/// What a rule sees while it runs: the model, what other rules already worked out about it, and a way to report.
public final class RuleContext: FindingRecorder {
    public let api: APIModel
    /// Facts about `api` that several rules ask for, shared by every rule run over it.
    public let facts: ModelFacts
    /// Set for rules of the `afterSuppression` phase.
    public let suppressions: SuppressionAudit?

    public init(
        api: APIModel, ruleID: RuleID, severity: Severity, suppressions: SuppressionAudit? = nil,
        preset: RulePreset = .all, facts: ModelFacts? = nil
    ) {
        self.api = api
        self.facts = facts ?? ModelFacts(api)
        self.suppressions = suppressions
        super.init(ruleID: ruleID, severity: severity, preset: preset)
    }

    /// Runs `rule` over `api` and returns what it reported.
    public static func run(
        _ rule: any Rule, id: RuleID, severity: Severity, on api: APIModel, suppressions: SuppressionAudit? = nil
    ) -> [Finding] {
        run(rule, id: id, severity: severity, on: api, suppressions: suppressions, preset: .all).reported
    }

    /// Runs `rule` over `api` with `preset`: what it reported, and the places of what it withheld for the `all`
    /// preset. Rules run over one model share `facts`.
    public static func run(
        _ rule: any Rule, id: RuleID, severity: Severity, on api: APIModel, suppressions: SuppressionAudit? = nil,
        preset: RulePreset, facts: ModelFacts? = nil
    ) -> (reported: [Finding], withheld: [NodeRef]) {
        let context = RuleContext(
            api: api, ruleID: id, severity: severity, suppressions: suppressions, preset: preset, facts: facts)
        rule.check(context)
        return (context.findings, context.withheld)
    }
}
