import Lexicon
import OpenAPIModel
import Platform
import RuleEngine
import SourceTree

/// The security regressions and improvements between two versions of a document.
///
/// Everything derives from the two models, so formatting, YAML ↔ JSON conversion and key order never count as a
/// change. Operations are paired by `OperationMatch`; regressions point at the new document. Of the old version only
/// what the comparisons read is kept (`OldVersion`).
public struct SpecDiff: Sendable {
    public let old: OldVersion
    public let new: APIModel
    public let match: OperationMatch
    /// Regressions, in the new document's order.
    public let regressions: [PostureChange]
    /// Improvements: in the new document's order, then those about something the new document no longer has.
    public let improvements: [PostureChange]

    public init(old: APIModel, new: APIModel) {
        self.init(old: OldVersion(old), new: new)
    }

    public init(old: OldVersion, new: APIModel) {
        self.old = old
        self.new = new
        let match = OperationMatch(old: old.operations.map { ($0.matchKey, $0.operationID) }, new: new)
        self.match = match
        // The comparisons that read the new version's sensitive fields run on one core, once those are found, and
        // the others on the other; their changes are put together in one order, as run in turn, before the sort.
        let (withFields, others) = BothCores.run(
            {
                var comparison = Comparison(old: old, new: new, match: match)
                comparison.compareSensitiveFields(
                    returned: DataFlow.fields(of: new, role: .response, names: SensitiveNameIndex(api: new)))
                let sensitive = comparison.takeChanges()
                comparison.compareServers(Comparison.sites(new))
                comparison.compareScopeGrants(Comparison.scopeGrants(new))
                return (first: sensitive, second: comparison.takeChanges())
            },
            {
                var comparison = Comparison(old: old, new: new, match: match)
                comparison.compareOperations()
                let operations = comparison.takeChanges()
                comparison.compareInputBounds()
                comparison.compareRateLimits()
                return (first: operations, second: comparison.takeChanges())
            })
        let changes = others.first + withFields.first + others.second + withFields.second
        let sorted = changes.sorted(by: PostureChange.precedes)
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
    let old: OldVersion
    let new: APIModel
    let match: OperationMatch
    var changes: [PostureChange] = []

    mutating func add(_ change: PostureChange) { changes.append(change) }

    /// The changes found so far, leaving none.
    mutating func takeChanges() -> [PostureChange] {
        defer { changes = [] }
        return changes
    }
}
