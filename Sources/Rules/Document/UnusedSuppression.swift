import OpenAPIModel
import RuleEngine

/// Reports `x-oasguard-ignore` entries that excuse nothing, or name a rule that does not exist.
struct UnusedSuppression: Rule {
    static let phase = RulePhase.afterSuppression

    func check(_ context: RuleContext) {
        guard let audit = context.suppressions else { return }
        for (index, suppression) in audit.index.suppressions.enumerated() {
            if !audit.knownRules.contains(suppression.ruleID) {
                context.report(
                    suppression.node, "`x-oasguard-ignore` names '\(suppression.ruleID)', which is not a rule",
                    severity: .warning)
            } else if audit.enabledRules.contains(suppression.ruleID) && !audit.index.used.contains(index) {
                context.report(
                    suppression.node,
                    "`x-oasguard-ignore` of '\(suppression.ruleID)' excuses no finding here; remove it")
            }
        }
    }
}
