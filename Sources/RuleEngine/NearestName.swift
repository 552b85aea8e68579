extension RuleCatalog {
    /// The rule id or category most like `name` (a likely typo of it), for "did you mean" in error messages.
    public func nearestName(to name: String) -> String? {
        let candidates = entries.map(\.id.rawValue) + RuleCategory.allCases.map(\.rawValue)
        let typed = name.lowercased()
        if let containing = candidates.first(where: { $0.contains(typed) || typed.contains($0) }), typed.count >= 3 {
            return containing
        }
        let scored = candidates.map { ($0, Self.editDistance(typed, $0)) }
        guard let best = scored.min(by: { $0.1 < $1.1 }) else { return nil }
        return best.1 <= max(2, typed.count / 3) ? best.0 : nil
    }

    /// The Levenshtein distance: how many characters to insert, delete or replace to turn `a` into `b`.
    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a)
        let b = Array(b)
        var previous = Array(0...b.count)
        for (i, left) in a.enumerated() {
            var current = [i + 1] + [Int](repeating: 0, count: b.count)
            for (j, right) in b.enumerated() {
                current[j + 1] = min(previous[j + 1] + 1, current[j] + 1, previous[j] + (left == right ? 0 : 1))
            }
            previous = current
        }
        return previous[b.count]
    }

    /// "unknown rule or category 'NAME'" with a suggestion, or a pointer to `oasguard rules` when none is close.
    public func unknownNameMessage(_ name: String, what: String = "rule or category") -> String {
        let hint = nearestName(to: name).map { "did you mean '\($0)'?" } ?? "`oasguard rules` lists them"
        return "unknown \(what) '\(name)'; \(hint)"
    }
}
