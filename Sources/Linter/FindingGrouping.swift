import OpenAPIModel
import RuleEngine
import SourceTree

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
    /// How the cause of a finding that is only its own place begins.
    public static let placeCausePrefix = "at:"

    /// Keys that document a definition without changing what it is.
    static let documentationKeys: Set<String> = ["description", "summary", "title", "example", "examples"]

    /// `findings` (sorted by `Finding.precedes`) grouped, still sorted; `absences` maps rule ids to what their
    /// operations lack.
    static func group(_ findings: [Finding], model: APIModel?, absences: [RuleID: String]) -> [Finding] {
        guard findings.count > 1 else { return findings.map(withCause) }
        var remaining = findings
        var result: [Finding] = []
        if let model, !absences.isEmpty {
            result = documentWide(&remaining, model: model, absences: absences)
        }
        var groups: [String: Int] = [:]
        for finding in remaining {
            let finding = withCause(finding)
            let key = "\(finding.ruleID)\u{0}\(finding.cause ?? "")\u{0}\(suppressionKey(finding))"
            if let index = groups[key] {
                result[index].absorb(finding)
            } else {
                groups[key] = result.count
                result.append(finding)
            }
        }
        for index in result.indices { result[index].occurrences.sort(by: NodeRef.precedes) }
        return result.sortedByPlace()
    }

    /// The finding with its cause: the rule's, else its place inside a unit, else its own place.
    static func withCause(_ finding: Finding) -> Finding {
        var finding = finding
        if let given = finding.cause {
            finding.cause = "rule:" + given
        } else if let unit = unitCause(of: finding.location) {
            finding.cause = "unit:" + unit
        } else {
            let kind = finding.file.isKey(finding.location.node) ? "k" : "v"
            finding.cause = placeCausePrefix + "\(finding.file.path)\u{0}\(finding.pointer)\u{0}\(kind)"
        }
        return finding
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
            findings = findings.indices.filter { !taken.contains($0) }.map { findings[$0] }
        }
        return result
    }

    /// A group is new when any place is new, else unchanged when any place is.
    static func combinedState(_ states: [BaselineState?]) -> BaselineState? {
        if states.contains(.new) { return .new }
        return states.contains(.unchanged) ? .unchanged : nil
    }

    /// Findings group only with findings excused the same way (or not at all).
    static func suppressionKey(_ finding: Finding) -> String {
        guard let suppression = finding.suppression else { return "" }
        return suppression.kind.rawValue + "\u{0}" + (suppression.justification ?? "")
    }

    /// The identity of `node`'s place inside its nearest enclosing unit: the unit's kind and content and the
    /// node's pointer below it; nil when no unit encloses it.
    static func unitCause(of node: NodeRef) -> String? {
        let file = node.file
        var current: NodeID? = file.value(ofKey: node.node) ?? node.node
        while let candidate = current {
            if let kind = unitKind(NodeRef(file, candidate)) {
                let unitPointer = file.pointer(candidate)
                let below = node.pointer.hasPrefix(unitPointer) ? String(node.pointer.dropFirst(unitPointer.count)) : ""
                let content = CanonicalJSON.serialize(
                    file, candidate, sortKeys: true, omittingKeys: documentationKeys)
                let isKey = file.isKey(node.node) ? "k" : "v"
                return "\(kind)\u{0}\(StableHash.fnv1a(content))\u{0}\(below)\u{0}\(isKey)"
            }
            current = file.parent(candidate)
        }
        return nil
    }

    /// What kind of unit `node` is: an item of `parameters` or `security`, a value under `responses` or
    /// `headers` (not a schema property of that name), or a `requestBody`.
    static func unitKind(_ node: NodeRef) -> String? {
        let file = node.file
        guard let parent = file.parent(node.node) else { return nil }
        if file.isSequence(parent) {
            let listKey = file.keyText(of: parent)
            return listKey == "parameters" || listKey == "security" ? listKey : nil
        }
        if let own = file.keyText(of: node.node), own == "requestBody" { return own }
        guard let containerKey = file.keyText(of: parent), containerKey == "responses" || containerKey == "headers",
            let grandparent = file.parent(parent), file.keyText(of: grandparent) != "properties"
        else { return nil }
        return containerKey
    }
}

extension Finding {
    /// Takes `other`'s places into this finding.
    mutating func absorb(_ other: Finding) { occurrences += other.places }
}

extension NodeRef {
    /// Document order: file path, then position.
    static func precedes(_ lhs: NodeRef, _ rhs: NodeRef) -> Bool {
        if lhs.file.path != rhs.file.path { return lhs.file.path < rhs.file.path }
        return lhs.position < rhs.position
    }
}
