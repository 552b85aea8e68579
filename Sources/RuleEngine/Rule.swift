import OpenAPIModel
import SourceTree

/// A check over the typed model. One type per rule, named after its id (`api-key-in-query` → `ApiKeyInQuery`).
public protocol Rule: Sendable {
    init()
    /// Reports every offending node through `context`.
    func check(_ context: RuleContext)
}

/// A rule paired with its catalog text; the list is generated from `rules/*.yaml` at build time.
public struct RuleRegistration: Sendable {
    public let id: String
    public let rule: any Rule
    public let catalogText: String

    public init(id: String, rule: any Rule, catalogText: String) {
        self.id = id
        self.rule = rule
        self.catalogText = catalogText
    }
}

/// Namespace for the generated list of rules (`RuleRegistry.registrations`, in the `Rules` module).
public enum RuleRegistry {}

/// What a rule sees while it runs: the model, and a way to report.
public final class RuleContext {
    public let api: APIModel
    public let ruleID: String
    let severity: Severity
    private(set) var findings: [Finding] = []
    private var reported: Set<NodeRef> = []

    public init(api: APIModel, ruleID: String, severity: Severity) {
        self.api = api
        self.ruleID = ruleID
        self.severity = severity
    }

    /// Reports `node` once: a second report of the same node by the same rule is dropped.
    public func report(_ node: NodeRef, _ message: String, severity: Severity? = nil) {
        guard reported.insert(node).inserted else { return }
        findings.append(Finding(ruleID: ruleID, severity: severity ?? self.severity, message: message, location: node))
    }

    /// Runs `rule` over `api` and returns what it reported.
    public static func run(_ rule: any Rule, id: String, severity: Severity, on api: APIModel) -> [Finding] {
        let context = RuleContext(api: api, ruleID: id, severity: severity)
        rule.check(context)
        return context.findings
    }
}
