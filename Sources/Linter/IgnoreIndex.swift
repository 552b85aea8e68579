import RuleEngine

/// The configuration's `ignore` patterns, indexed by rule and by the literal start of their pointer pattern, so
/// that a finding is compared only with the patterns that can match it, however many the file lists.
struct IgnoreIndex: Sendable {
    /// Rule id → literal pointer prefix → the patterns, as positions in the configuration's order.
    private let patterns: [RuleID: [String: [Int]]]
    private let all: [IgnorePattern]

    init(_ ignores: [IgnorePattern]) {
        var patterns: [RuleID: [String: [Int]]] = [:]
        for (position, ignore) in ignores.enumerated() {
            patterns[ignore.ruleID, default: [:]][ignore.pointer.literalPrefix, default: []].append(position)
        }
        self.patterns = patterns
        all = ignores
    }

    /// Whether any pattern names `ruleID`, so that findings of other rules need no path or pointer to be matched.
    func names(_ ruleID: RuleID) -> Bool { patterns[ruleID] != nil }

    /// The first pattern, in the configuration's order, that excuses a finding of `ruleID` at `pointer` in
    /// `absolutePath`.
    func first(ruleID: RuleID, absolutePath: String, pointer: String) -> IgnorePattern? {
        guard let byPrefix = patterns[ruleID] else { return nil }
        var best: Int?
        var prefix = ""
        func consider(_ prefix: String) {
            for position in byPrefix[prefix] ?? [] where position < (best ?? Int.max) {
                if all[position].matches(ruleID: ruleID, absolutePath: absolutePath, pointer: pointer) {
                    best = position
                }
            }
        }
        consider(prefix)
        for character in pointer {
            prefix.append(character)
            consider(prefix)
        }
        return best.map { all[$0] }
    }
}
