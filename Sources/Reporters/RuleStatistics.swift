import Linter
import RuleEngine

/// Unsuppressed findings counted per rule, the most severe rules first, then the most frequent.
struct RuleStatistics {
    /// One rule's count.
    struct Row {
        let ruleID: RuleID
        let severity: Severity
        let title: String
        /// Findings, each grouped finding once.
        let findings: Int
        /// Places those findings stand for.
        let places: Int
    }

    let rows: [Row]

    init(_ run: LintRun) {
        var counts: [RuleID: (severity: Severity, findings: Int, places: Int)] = [:]
        for finding in run.activeFindings {
            var count = counts[finding.ruleID] ?? (finding.severity, 0, 0)
            count.severity = max(count.severity, finding.severity)
            count.findings += 1
            count.places += finding.placeCount
            counts[finding.ruleID] = count
        }
        let titles = Dictionary(
            run.rules.map { ($0.id, $0.description.title) }, uniquingKeysWith: { first, _ in first })
        rows = counts.map {
            Row(
                ruleID: $0.key, severity: $0.value.severity, title: titles[$0.key] ?? "", findings: $0.value.findings,
                places: $0.value.places)
        }.sorted {
            ($0.severity, $0.findings, $1.ruleID) > ($1.severity, $1.findings, $0.ruleID)
        }
    }
}

extension Finding {
    /// Most severe first, then in document order.
    static func bySeverity(_ lhs: Finding, _ rhs: Finding) -> Bool {
        lhs.severity != rhs.severity ? lhs.severity > rhs.severity : precedes(lhs, rhs)
    }
}
