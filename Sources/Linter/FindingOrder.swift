import RuleEngine
import SourceTree

extension Array where Element == Finding {
    /// The findings in `Finding.precedes` order, keeping the order of equal ones: each finding's order key is
    /// computed once and its index is sorted, so no finding moves until each is copied once into place.
    func sortedByPlace() -> [Finding] {
        let keys = map(\.order)
        return indices.sorted { (keys[$0], $0) < (keys[$1], $1) }.map { self[$0] }
    }
}
