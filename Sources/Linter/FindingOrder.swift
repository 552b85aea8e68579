import RuleEngine
import SourceTree

extension Array where Element == Finding {
    /// The findings in `Finding.precedes` order, keeping the order of equal ones: each finding's file and position
    /// are looked up once and its index is sorted, so no finding moves until each is copied once into place.
    func sortedByPlace() -> [Finding] {
        let keys = map { (path: $0.file.path, position: $0.position) }
        let order = indices.sorted { left, right in
            let (lhs, rhs) = (keys[left], keys[right])
            if lhs.path != rhs.path { return lhs.path < rhs.path }
            if lhs.position != rhs.position { return lhs.position < rhs.position }
            let (first, second) = (self[left], self[right])
            if first.ruleID != second.ruleID { return first.ruleID < second.ruleID }
            if first.message != second.message { return first.message < second.message }
            return left < right
        }
        return order.map { self[$0] }
    }
}
