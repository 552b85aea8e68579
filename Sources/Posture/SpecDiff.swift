import Lexicon
import OpenAPIModel
import RuleEngine
import SourceTree

/// The security regressions and improvements between two versions of a document.
///
/// Everything derives from the two models, so formatting, YAML ↔ JSON conversion and key order never count as a
/// change. Operations are paired by `OperationMatch`; regressions point at the new document.
public struct SpecDiff: Sendable {
    public let old: APIModel
    public let new: APIModel
    public let match: OperationMatch
    /// Regressions, in the new document's order.
    public let regressions: [PostureChange]
    /// Improvements: in the new document's order, then those about something the new document no longer has.
    public let improvements: [PostureChange]

    public init(old: APIModel, new: APIModel) {
        self.old = old
        self.new = new
        let match = OperationMatch(old: old, new: new)
        self.match = match
        var changes = Comparison(old: old, new: new, match: match)
        changes.compareOperations()
        changes.compareSensitiveFields()
        changes.compareInputBounds()
        changes.compareRateLimits()
        changes.compareServers()
        changes.compareScopeGrants()
        let sorted = changes.changes.sorted(by: PostureChange.precedes)
        regressions = sorted.filter(\.isRegression)
        improvements = sorted.filter { !$0.isRegression }
    }

    /// Regressions at or above `threshold`.
    public func regressions(atLeast threshold: Severity) -> [PostureChange] {
        regressions.filter { $0.severity >= threshold }
    }
}

/// The comparisons, accumulating changes.
struct Comparison {
    let old: APIModel
    let new: APIModel
    let match: OperationMatch
    var changes: [PostureChange] = []

    init(old: APIModel, new: APIModel, match: OperationMatch) {
        self.old = old
        self.new = new
        self.match = match
    }

    mutating func add(_ change: PostureChange) { changes.append(change) }
}
