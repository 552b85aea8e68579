import Posture
import RuleEngine

/// How security scores are written in each format, for `lint --score` and `inventory`.
enum ScoreReport {
    /// `authentication`, `rate limits`.
    static func name(_ category: RuleCategory) -> String { category == .rateLimits ? "rate limits" : category.rawValue }

    /// `41.3/100 (authentication 25, authorization 60.5, transport 100, data -, rate limits -, inventory 88)`;
    /// a category with no rule in the run shows `-`.
    static func text(_ score: SecurityScore) -> String {
        let parts = score.categories.map { category in
            "\(name(category.category)) \(category.isScored ? SecurityScore.format(category.score) : "-")"
        }
        return "\(SecurityScore.format(score.score))/100 (\(parts.joined(separator: ", ")))"
    }

    /// `security score: PATH 41.3/100 (…)`, one line per document.
    static func textLines(_ scores: [(path: String, score: SecurityScore)], displayPath: (String) -> String) -> String {
        scores.map { "security score: \(SafeText.escaped(displayPath($0.path))) \(text($0.score))\n" }.joined()
    }

    /// The score's JSON: `{"score": 41.3, "operations": 12, "categories": [{"category": …, "weight": 30,
    /// "scored": true, "findings": 3, "securitySeverity": 22.5, "penalty": 1.875, "score": 81.3}, …]}`.
    static func json(_ score: SecurityScore) -> JSONValue {
        .object([
            ("score", .double(score.score)),
            ("operations", .int(score.operations)),
            (
                "categories",
                .array(
                    score.categories.map { category in
                        .object([
                            ("category", .string(category.category.rawValue)),
                            ("weight", .int(Int(category.weight))),
                            ("scored", .bool(category.isScored)),
                            ("findings", .int(category.findings)),
                            ("securitySeverity", .double(SecurityScore.rounded(category.severitySum * 10) / 10)),
                            ("penalty", .double((category.penalty * 1000).rounded() / 1000)),
                            ("score", category.isScored ? .double(SecurityScore.rounded(category.score)) : .null),
                        ])
                    })
            ),
        ])
    }

    /// A Markdown table: one row per document, one column per category.
    static func markdown(_ scores: [(path: String, score: SecurityScore)], displayPath: (String) -> String) -> String {
        let columns = SecurityScore.weights.map(\.category).filter { category in
            scores.contains { $0.score.category(category) != nil }
        }
        var output =
            "| Document | Score | " + columns.map { name($0).capitalizedFirst }.joined(separator: " | ") + " |\n"
        output += "|---|---:|" + String(repeating: "---:|", count: columns.count) + "\n"
        for (path, score) in scores {
            let cells = columns.map { column in
                score.category(column).flatMap { $0.isScored ? SecurityScore.format($0.score) : nil } ?? "–"
            }
            output +=
                "| \(SafeText.markdown(displayPath(path))) | **\(SecurityScore.format(score.score))** | "
                + cells.joined(separator: " | ") + " |\n"
        }
        return output
    }
}

extension String {
    /// The string with its first letter upper-cased.
    var capitalizedFirst: String { prefix(1).uppercased() + dropFirst() }
}
