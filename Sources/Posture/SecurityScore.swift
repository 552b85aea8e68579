import Linter
import RuleEngine

/// A document's 0–100 security score, with one sub-score per category, computed from its findings.
///
/// With `N` the number of operations (paths and webhooks, at least 1), for each scored category `c`:
///
///     penalty(c) = Σ security-severity of c's unsuppressed findings / N
///     score(c)   = 100 × 5 / (5 + penalty(c))
///     score      = Σ weight(c) × score(c) / Σ weight(c)
///
/// over the categories with at least one rule in the run, weighted authentication 30, authorization 20,
/// transport 15, data 15, rate limits 10, inventory 10 and — when organisation policies are in force — policy 20. So an average of 5 security-severity points per
/// operation halves a category's score, a finding costs the same share whatever the API's size, every fix raises
/// the score (a category never bottoms out at 0), and a category whose rules are all switched off is left out
/// rather than counted as perfect. Findings of the `document` category
/// (broken references, duplicate keys, unused suppressions) describe the file, not the API, and do not count;
/// neither do findings excused by an ignore, the configuration or a baseline. Scores are rounded to one decimal
/// (half away from zero) only for display and for comparison with `--min-score`.
public struct SecurityScore: Sendable {
    /// One category's share of the score.
    public struct Category: Sendable {
        public let category: RuleCategory
        public let weight: Double
        /// Whether a rule of the category ran; when not, the category has no score and no weight.
        public let isScored: Bool
        /// Unsuppressed findings of the category's rules.
        public let findings: Int
        /// Their summed security-severity.
        public let severitySum: Double
        /// `severitySum / N`.
        public let penalty: Double
        /// `100 × 5 / (5 + penalty)`, unrounded.
        public let score: Double
    }

    /// The categories scored, with their weights, in report order.
    public static let weights: [(category: RuleCategory, weight: Double)] = [
        (.authentication, 30), (.authorization, 20), (.transport, 15), (.data, 15), (.rateLimits, 10),
        (.inventory, 10), (.policy, 20),
    ]

    /// The average security-severity per operation that halves a category's score.
    public static let halvingPenalty = 5.0

    /// `N`: the operations the penalty is shared over (at least 1).
    public let operations: Int
    public let categories: [Category]
    /// The weighted mean of the scored categories, unrounded; 100 when none is scored.
    public let exactScore: Double

    /// The score rounded to one decimal, as shown and as compared with `--min-score`.
    public var score: Double { Self.rounded(exactScore) }

    /// Scores `findings` of a document with `operations` operations; `rules` are the rules that ran, which give
    /// each finding's security-severity and category and decide which categories are scored.
    public init(findings: [Finding], operations: Int, rules: [RuleDescription]) {
        let byID = Dictionary(rules.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let count = max(1, operations)
        self.operations = count
        var sums: [RuleCategory: (findings: Int, severity: Double)] = [:]
        for finding in findings where finding.isActive {
            guard let rule = byID[finding.ruleID] else { continue }
            sums[rule.category, default: (0, 0)].findings += 1
            // A grouped finding weighs as much as its places did apart, so grouping never changes a score.
            sums[rule.category, default: (0, 0)].severity += rule.securitySeverity * Double(finding.placeCount)
        }
        let present = Set(rules.map(\.category))
        // The policy category exists only where policies are in force, so other runs keep their report shape.
        let listed = Self.weights.filter { $0.category != .policy || present.contains(.policy) }
        categories = listed.map { category, weight in
            let sum = sums[category] ?? (0, 0)
            let penalty = sum.severity / Double(count)
            return Category(
                category: category, weight: weight, isScored: present.contains(category), findings: sum.findings,
                severitySum: sum.severity, penalty: penalty,
                score: 100 * Self.halvingPenalty / (Self.halvingPenalty + penalty))
        }
        let scored = categories.filter(\.isScored)
        let totalWeight = scored.reduce(0) { $0 + $1.weight }
        exactScore = totalWeight == 0 ? 100 : scored.reduce(0) { $0 + $1.weight * $1.score } / totalWeight
    }

    /// `value` rounded to one decimal, half away from zero.
    public static func rounded(_ value: Double) -> Double { (value * 10).rounded(.toNearestOrAwayFromZero) / 10 }

    /// `87.5`, `100`: one decimal, none when it is zero.
    public static func format(_ value: Double) -> String {
        let tenths = Int((value * 10).rounded(.toNearestOrAwayFromZero))
        return tenths % 10 == 0 ? "\(tenths / 10)" : "\(tenths / 10).\(tenths % 10)"
    }

    /// The category's entry.
    public func category(_ category: RuleCategory) -> Category? { categories.first { $0.category == category } }
}

extension LintRun {
    /// The security score of every document that loaded, in document order.
    public var securityScores: [(path: String, score: SecurityScore)] {
        let descriptions = rules.map(\.description)
        return documents.compactMap { document in
            document.summary.map { summary in
                (
                    document.path,
                    SecurityScore(findings: document.findings, operations: summary.operationCount, rules: descriptions)
                )
            }
        }
    }
}
