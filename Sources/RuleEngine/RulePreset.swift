/// Which rules, and which of their findings, a run reports: the recommended set (the default) or everything.
///
/// A rule's catalog entry says whether it is recommended (`recommended: true` in `rules/<id>.yaml`); a recommended
/// rule may still keep some kinds of finding for `all` (`RuleContext.report(_:_:severity:preset:)`).
public enum RulePreset: String, Sendable, CaseIterable {
    /// What is usually worth acting on: the recommended rules, without their findings kept for `all`.
    case recommended
    /// Every rule and every finding.
    case all

    /// Whether a run with this preset reports what `needed` asks for.
    public func includes(_ needed: RulePreset) -> Bool { self == .all || needed == .recommended }
}
