import OpenAPIModel
import Platform
import RuleEngine
import SourceTree
import Synchronization

/// Turns a document's findings into one finding per root cause, each with its other places as occurrences.
///
/// Two findings of one rule share a cause when
/// - the rule gave both the same `cause`; or
/// - they sit at the same place inside identical definitions: the nearest enclosing parameter, security
///   requirement, response, header or request body (the *unit*) has the same content — compared as canonical
///   JSON with sorted keys, leaving out `description`, `summary`, `title`, `example` and `examples` at every
///   depth — and the finding's node is at the same JSON pointer below it;
/// - or the rule reports operations that lack something (`absence` in its catalog entry) and no operation of
///   the document has it: then all of them are one finding at the document's `paths`.
///
/// A shared definition reached through `$ref` is reported at the definition, so it already is one finding.
/// Findings are grouped only with others of the same suppression, so an ignore on one place takes that place
/// out of its group. Grouping comes before the baseline, which then judges a group by each of its places.
public enum FindingGrouping {
    /// How many findings each core finds the causes of at a time while grouping.
    static let causeBlockHalf = 1024

    /// From this many findings in a block, both cores find their causes (Stripe's 1,518 findings took 13 ms on one
    /// core while the other waited); below it, a second thread costs more than it saves.
    static let twoCoreBlock = 256

    /// How the cause of a finding that is only its own place begins.
    public static let placeCausePrefix = "at:"

    /// Keys that document a definition without changing what it is.
    static let documentationKeys: Set<String> = ["description", "summary", "title", "example", "examples"]

    /// `findings` (sorted by `Finding.precedes`) grouped, still sorted; `absences` maps rule ids to what their
    /// operations lack.
    static func group(_ findings: consuming [Finding], model: APIModel?, absences: [RuleID: String]) -> [Finding] {
        var causes = FindingCauses()
        guard findings.count > 1 else {
            var findings = findings
            for index in findings.indices {
                findings[index].cause = causes.cause(given: findings[index].cause, at: findings[index].location)
            }
            return findings
        }
        // Consumed, so that the list is held once and not copied when it first changes.
        var remaining = consume findings
        var result: [Finding] = []
        if let model, !absences.isEmpty {
            result = documentWide(&remaining, model: model, absences: absences)
        }
        let documentWideCount = result.count
        var groups: [GroupKey: Int] = [:]
        groups.reserveCapacity(remaining.count)
        // Taken from the end of the reversed list, each finding moved out once, so that the message and cause of a
        // finding absorbed into another are freed as it is absorbed rather than when the whole list is. Reversed
        // through a buffer, whose swaps move the findings rather than copy them.
        remaining.withUnsafeMutableBufferPointer { $0.reverse() }
        // Room for every finding, so that the list never grows by copying; what stays unused is never touched.
        result.reserveCapacity(result.count + remaining.count)
        var halves = [FindingCauses(), FindingCauses()]
        while !remaining.isEmpty {
            // The causes of the last findings of the list, the last first.
            let blockCauses = FindingCauses.causes(
                of: remaining, last: min(2 * Self.causeBlockHalf, remaining.count), &halves)
            for cause in blockCauses {
                var finding = remaining.removeLast()
                finding.cause = cause
                let key = GroupKey(ruleID: finding.ruleID, cause: cause, suppression: finding.suppression)
                if let index = groups[key] {
                    result[index].absorb(finding)
                } else {
                    groups[key] = result.count
                    result.append(finding)
                }
            }
        }
        for index in result.indices where result[index].occurrences.count > 1 {
            result[index].occurrences.sortByPlace()
        }
        remaining = []
        // Only the document-wide findings are out of place: the others follow their first places, in order.
        guard documentWideCount > 0 else { return result }
        var documentWide = Array(result[..<documentWideCount])
        documentWide.sortByPlace()
        result.removeFirst(documentWideCount)
        place(documentWide, among: &result)
        return result
    }

    /// `inserted` (sorted) placed among `sorted` in place, as sorting both together would: each before the first
    /// finding it does not follow, as `sortByPlace` keeps the first of equal findings first. Few are inserted (one per
    /// rule with an absence), so no second list of all findings is made.
    static func place(_ inserted: [Finding], among sorted: inout [Finding]) {
        var next = 0
        for finding in inserted {
            var low = next
            var high = sorted.count
            while low < high {
                let middle = (low + high) / 2
                if Finding.precedes(sorted[middle], finding) { low = middle + 1 } else { high = middle }
            }
            sorted.insert(finding, at: low)
            next = low + 1
        }
    }

    /// Findings of rules with an `absence` that every operation of the document has (at least two operations):
    /// each becomes one document-wide finding, taken out of `findings`.
    static func documentWide(_ findings: inout [Finding], model: APIModel, absences: [RuleID: String]) -> [Finding] {
        let operations = model.operations.indices.filter { !model.operations[$0].isWebhook }
        guard operations.count >= 2 else { return [] }
        let attribution = FindingAttribution(api: model)
        let anchor = model.root.keyNode("paths") ?? model.versionNode
        var result: [Finding] = []
        for (rule, absence) in absences.sorted(by: { $0.key < $1.key }) {
            let own = findings.indices.filter { findings[$0].ruleID == rule }
            let attributed = own.map { attribution.operations(at: findings[$0].location) }
            guard attributed.allSatisfy({ $0.count == 1 }), Set(attributed.map { $0[0] }) == Set(operations) else {
                continue
            }
            // The active places are one finding; places excused by an ignore stay on their own.
            let active = own.filter { findings[$0].isActive }
            let members = active.isEmpty ? own : active
            var grouped = Finding(
                ruleID: rule, severity: findings[members[0]].severity,
                message: "none of the \(operations.count) operations \(absence)", location: anchor,
                cause: "document-wide")
            grouped.isDocumentWide = true
            grouped.suppression = findings[members[0]].suppression
            grouped.occurrences = members.map { findings[$0].location }
            result.append(grouped)
            let taken = Set(members)
            // Removed in place, keeping the order of the others: no second list of findings.
            var kept = 0
            for index in findings.indices where !taken.contains(index) {
                findings.swapAt(kept, index)
                kept += 1
            }
            findings.removeLast(findings.count - kept)
        }
        return result
    }
}

/// What findings share when they are one: rule, cause, and how (or whether) they are excused.
struct GroupKey: Hashable {
    let ruleID: RuleID
    let cause: String
    /// Findings group only with findings excused the same way (or not at all); no justification and an empty one
    /// are the same.
    let suppressionKind: Suppression.Kind?
    let justification: String

    init(ruleID: RuleID, cause: String, suppression: Suppression?) {
        self.ruleID = ruleID
        self.cause = cause
        suppressionKind = suppression?.kind
        justification = suppression?.justification ?? ""
    }
}

/// The causes of one document's findings for `FindingGrouping`, each unit's content hashed and its pointer
/// written once however many findings it encloses.
struct FindingCauses {
    /// A unit's kind, the hash of its content and its JSON pointer.
    private struct Unit {
        let kind: StaticString
        let contentHash: String
        let pointer: [UInt8]
    }

    private var units: [NodeRef: Unit] = [:]

    /// The causes of the last `count` of `findings`, the last first, found on both cores for a block of
    /// `FindingGrouping.twoCoreBlock` or more: the later half with the first of `halves`, the earlier with the second
    /// (each keeps the units it met for the next block). The findings are read where they are, not copied.
    static func causes(of findings: [Finding], last count: Int, _ halves: inout [FindingCauses]) -> [String] {
        let end = findings.count
        // A short block (few findings, or the last few) is not worth a second thread.
        guard count >= FindingGrouping.twoCoreBlock else {
            return (end - count..<end).reversed().map {
                halves[0].cause(given: findings[$0].cause, at: findings[$0].location)
            }
        }
        let middle = end - count / 2
        // Moved in and out whole, so that each half's units stay uniquely held and are not copied when they grow.
        let shared = Mutex(halves)
        halves = []
        @Sendable func causes(_ positions: Range<Int>, half: Int) -> [String] {
            var causes = FindingCauses()
            shared.withLock { swap(&causes, &$0[half]) }
            defer { shared.withLock { swap(&causes, &$0[half]) } }
            return positions.reversed().map { causes.cause(given: findings[$0].cause, at: findings[$0].location) }
        }
        let (later, earlier) = BothCores.run(
            { causes(middle..<end, half: 0) }, { causes(end - count..<middle, half: 1) })
        halves = shared.withLock { $0 }
        return later + earlier
    }

    /// The cause of a finding at `node`: the one its rule `given`, else its place inside a unit, else its own place.
    mutating func cause(given: String?, at node: NodeRef) -> String {
        if let given { return "rule:" + given }
        let file = node.file
        var pointer: [UInt8] = []
        pointer.reserveCapacity(128)
        file.appendPointer(node.node, to: &pointer)
        let kind = file.isKey(node.node) ? UInt8(ascii: "k") : UInt8(ascii: "v")
        var cause: [UInt8] = []
        if let unit = unit(enclosing: node) {
            // The unit encloses the node, so its pointer starts the node's.
            let below = pointer.starts(with: unit.pointer) ? pointer[unit.pointer.count...] : []
            cause.reserveCapacity(5 + unit.kind.utf8CodeUnitCount + 18 + below.count + 2)
            cause += "unit:".utf8
            unit.kind.withUTF8Buffer { cause += $0 }
            cause.append(0)
            cause += unit.contentHash.utf8
            cause.append(0)
            cause += below
        } else {
            cause.reserveCapacity(
                FindingGrouping.placeCausePrefix.utf8.count + file.path.utf8.count + pointer.count + 2)
            cause += FindingGrouping.placeCausePrefix.utf8
            cause += file.path.utf8
            cause.append(0)
            cause += pointer
        }
        cause.append(0)
        cause.append(kind)
        return String(decoding: cause, as: UTF8.self)
    }

    /// The nearest unit at or above `node` (above its value when it is a key), computed once per unit.
    private mutating func unit(enclosing node: NodeRef) -> Unit? {
        let file = node.file
        var current: NodeID? = file.value(ofKey: node.node) ?? node.node
        while let candidate = current {
            if let kind = FindingGrouping.unitKind(NodeRef(file, candidate)) {
                let place = NodeRef(file, candidate)
                if let known = units[place] { return known }
                var pointer: [UInt8] = []
                pointer.reserveCapacity(128)
                file.appendPointer(candidate, to: &pointer)
                let content = CanonicalJSON.serialize(
                    file, candidate, sortKeys: true, omittingKeys: FindingGrouping.documentationKeys)
                let unit = Unit(kind: kind, contentHash: StableHash.fnv1a(content), pointer: pointer)
                units[place] = unit
                return unit
            }
            current = file.parent(candidate)
        }
        return nil
    }
}

extension FindingGrouping {
    /// What kind of unit `node` is: an item of `parameters` or `security`, a value under `responses` or
    /// `headers` (not a schema property of that name), or a `requestBody`.
    static func unitKind(_ node: NodeRef) -> StaticString? {
        let file = node.file
        guard let parent = file.parent(node.node) else { return nil }
        if file.isSequence(parent) {
            guard let listKey = file.key(of: parent) else { return nil }
            if file.scalarEquals(listKey, "parameters") { return "parameters" }
            return file.scalarEquals(listKey, "security") ? "security" : nil
        }
        if let own = file.key(of: node.node), file.scalarEquals(own, "requestBody") { return "requestBody" }
        guard let containerKey = file.key(of: parent), let grandparent = file.parent(parent) else { return nil }
        if let propertyKey = file.key(of: grandparent), file.scalarEquals(propertyKey, "properties") { return nil }
        if file.scalarEquals(containerKey, "responses") { return "responses" }
        return file.scalarEquals(containerKey, "headers") ? "headers" : nil
    }
}

extension Finding {
    /// Takes `other`'s places into this finding.
    mutating func absorb(_ other: Finding) { occurrences += other.places }
}

extension Array where Element == NodeRef {
    /// Sorts the places in document order (file path, then position), keeping the order of equal ones; each place's
    /// position is found once, not at every comparison.
    mutating func sortByPlace() {
        let positions = map(\.position)
        let order = withUnsafeBufferPointer { places in
            indices.sorted { left, right in
                let lhs = places[left].file
                let rhs = places[right].file
                if lhs !== rhs, lhs.path != rhs.path { return lhs.path < rhs.path }
                return positions[left] != positions[right] ? positions[left] < positions[right] : left < right
            }
        }
        self = order.map { self[$0] }
    }
}
