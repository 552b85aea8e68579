import Platform
import RuleEngine
import SourceTree

extension Array where Element == Finding {
    /// Sorts the findings in `Finding.precedes` order, keeping the order of equal ones.
    ///
    /// Each finding's place is computed once as whole numbers (`FindingPlaceKey`), so the sort compares messages
    /// only between findings of one rule at one place; it sorts indices, then moves the findings into place by
    /// swaps, without a second array of them.
    mutating func sortByPlace() {
        guard count > 1 else { return }
        let keys = FindingPlaceKey.keys(of: self)
        // order[position] is the index of the finding that belongs at `position`.
        var order = withUnsafeBufferPointer { findings in
            keys.withUnsafeBufferPointer { keys in
                indices.sorted { left, right in
                    let lhs = keys[left]
                    let rhs = keys[right]
                    if lhs != rhs { return lhs < rhs }
                    let leftMessage = findings[left].message
                    let rightMessage = findings[right].message
                    return leftMessage != rightMessage ? leftMessage < rightMessage : left < right
                }
            }
        }
        // Each cycle of the permutation is walked once: every swap puts one finding where it belongs.
        for start in indices where order[start] != start {
            var position = start
            while order[position] != start {
                let source = order[position]
                swapAt(position, source)
                order[position] = position
                position = source
            }
            order[position] = position
        }
    }
}

/// What `FindingOrderKey` orders by before the message — path, line, column, rule — as whole numbers that order the
/// same way: the rank of the finding's path among the paths present and the rank of its rule among the rules.
struct FindingPlaceKey: Comparable {
    let file: Int
    let line: Int
    let column: Int
    let rule: Int

    static func < (lhs: Self, rhs: Self) -> Bool {
        (lhs.file, lhs.line, lhs.column, lhs.rule) < (rhs.file, rhs.line, rhs.column, rhs.rule)
    }

    /// Each finding's key; files of equal paths, and equal rule ids, rank equal.
    static func keys(of findings: [Finding]) -> [FindingPlaceKey] {
        // Findings come in runs of one file and one rule, so each is looked up only when it changes.
        var files: [ObjectIdentifier: Int] = [:]
        var paths: [String] = []
        var rules: [RuleID: Int] = [:]
        var slots: [(file: Int, rule: Int)] = []
        slots.reserveCapacity(findings.count)
        var lastFile: ObjectIdentifier?
        var fileSlot = 0
        var lastRule: RuleID?
        var ruleSlot = 0
        for finding in findings {
            let file = ObjectIdentifier(finding.file)
            if file != lastFile {
                lastFile = file
                fileSlot = files[file] ?? paths.count
                if fileSlot == paths.count {
                    files[file] = fileSlot
                    paths.append(finding.file.path)
                }
            }
            if finding.ruleID != lastRule {
                lastRule = finding.ruleID
                ruleSlot = rules[finding.ruleID] ?? rules.count
                rules[finding.ruleID] = ruleSlot
            }
            slots.append((fileSlot, ruleSlot))
        }
        let pathRanks = Dictionary(uniqueKeysWithValues: Set(paths).sorted().enumerated().map { ($1, $0) })
        let fileRanks = paths.map { pathRanks[$0]! }
        var ruleRanks = [Int](repeating: 0, count: rules.count)
        for (rank, rule) in rules.keys.sorted().enumerated() { ruleRanks[rules[rule]!] = rank }
        return zip(positions(of: findings), slots).map { position, slot in
            FindingPlaceKey(
                file: fileRanks[slot.file], line: position.line, column: position.column, rule: ruleRanks[slot.rule])
        }
    }

    /// Each finding's line and column, the halves found on both cores when there are many.
    static func positions(of findings: [Finding]) -> [Position] {
        guard findings.count >= 2048 else { return findings.map(\.position) }
        let middle = findings.count / 2
        let (first, second) = BothCores.run(
            { findings[..<middle].map(\.position) }, { findings[middle...].map(\.position) })
        return first + second
    }
}
