import OpenAPIModel
import RuleEngine

/// Reports `x-oasguard-ignore` entries that excuse nothing, or name a rule that does not exist. A policy id is only
/// judged when some policy is in force: a run without the organisation's policy files cannot tell.
struct UnusedSuppression: Rule {
    static let phase = RulePhase.afterSuppression

    func check(_ context: RuleContext) {
        guard let audit = context.suppressions else { return }
        let judgesPolicies = audit.knownRules.contains { $0.isPolicy }
        for (index, suppression) in audit.index.suppressions.enumerated() {
            if suppression.ruleID.isPolicy && !judgesPolicies { continue }
            if !audit.knownRules.contains(suppression.ruleID) {
                context.report(
                    suppression.node,
                    "`x-oasguard-ignore` names '\(suppression.ruleID)', which is not a rule"
                        + (suppression.ruleID.isPolicy ? " or a policy in force" : ""),
                    severity: .warning)
            } else if audit.enabledRules.contains(suppression.ruleID) && !audit.index.used.contains(index) {
                context.report(
                    suppression.node,
                    "`x-oasguard-ignore` of '\(suppression.ruleID)' excuses no finding here; remove it")
            }
        }
    }
}
