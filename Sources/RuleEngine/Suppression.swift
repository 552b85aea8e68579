import SourceTree

/// Why a finding is not counted, as SARIF's `suppressions` describe it.
public struct Suppression: Sendable, Equatable {
    /// Where the suppression is written.
    public enum Kind: String, Sendable {
        /// `x-oasguard-ignore` in the document itself.
        case inSource
        /// The configuration file or a baseline.
        case external
    }

    public let kind: Kind
    public let justification: String?

    public init(kind: Kind, justification: String?) {
        self.kind = kind
        self.justification = justification
    }
}

/// Whether a finding was already known to a baseline.
public enum BaselineState: String, Sendable {
    /// Not in the baseline: a new problem.
    case new
    /// In the baseline: an accepted, old problem.
    case unchanged
    /// In the baseline, but no longer found: fixed.
    case absent
}

/// One rule named by an `x-oasguard-ignore` on a mapping.
public struct InlineSuppression: Sendable {
    public let ruleID: RuleID
    /// The scalar naming the rule (a list item, a map key or the value itself).
    public let node: NodeRef
    /// The mapping that carries `x-oasguard-ignore`; it and everything written beneath it are covered.
    public let scope: NodeRef
    public let reason: String?

    /// The key of the suppression.
    public static let key = "x-oasguard-ignore"

    /// Every suppression written in `files`: a rule id, a list of ids, or a map from id to reason.
    public static func collect(in files: [SourceFile]) -> [InlineSuppression] {
        var result: [InlineSuppression] = []
        for file in files {
            for mapping in file.suppressionNodes {
                let scope = NodeRef(file, mapping)
                guard let value = scope[key] else { continue }
                if value.isScalar {
                    result.append(
                        InlineSuppression(ruleID: RuleID(value.string), node: value, scope: scope, reason: nil))
                } else if value.isSequence {
                    for item in value.items where item.isScalar {
                        result.append(
                            InlineSuppression(ruleID: RuleID(item.string), node: item, scope: scope, reason: nil))
                    }
                } else {
                    for (ruleKey, reason) in value.entries {
                        result.append(
                            InlineSuppression(
                                ruleID: RuleID(ruleKey.string), node: ruleKey, scope: scope, reason: reason.scalar))
                    }
                }
            }
        }
        return result
    }
}

/// Inline suppressions indexed by the mapping they cover, and which of them matched a finding.
public struct SuppressionIndex: Sendable {
    public let suppressions: [InlineSuppression]
    private let byScope: [NodeRef: [Int]]
    /// Indexes into `suppressions` that suppressed at least one finding.
    public private(set) var used: Set<Int> = []

    public init(_ suppressions: [InlineSuppression]) {
        self.suppressions = suppressions
        var byScope: [NodeRef: [Int]] = [:]
        for (index, suppression) in suppressions.enumerated() { byScope[suppression.scope, default: []].append(index) }
        self.byScope = byScope
    }

    /// Marks `finding` suppressed when a mapping at or above its node (in the same file) ignores its rule.
    public mutating func apply(to finding: inout Finding) {
        let suppression = markUsed(by: finding.ruleID, at: finding.location)
        if finding.suppression == nil { finding.suppression = suppression }
    }

    /// Marks used every ignore of `ruleID` at or above `location` (in the same file), and returns the innermost
    /// one's suppression; nil when none ignores it.
    @discardableResult
    public mutating func markUsed(by ruleID: RuleID, at location: NodeRef) -> Suppression? {
        guard !byScope.isEmpty else { return nil }
        let file = location.file
        var innermost: Suppression?
        // A key is covered by the ignore inside the mapping it introduces, too.
        var current: NodeID? = file.value(ofKey: location.node) ?? location.node
        while let node = current {
            for index in byScope[NodeRef(file, node)] ?? [] where suppressions[index].ruleID == ruleID {
                used.insert(index)
                if innermost == nil {
                    innermost = Suppression(kind: .inSource, justification: suppressions[index].reason)
                }
            }
            current = file.parent(node)
        }
        return innermost
    }
}
