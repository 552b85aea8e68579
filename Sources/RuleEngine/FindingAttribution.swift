import OpenAPIModel
import SourceTree

/// Which operations a finding is about: the operation whose mapping (or method key) holds the finding's node, or
/// every operation of the path item when the node is written on the path item itself (shared parameters, servers).
///
/// Findings elsewhere — on shared schemas, security schemes, the document — belong to no single operation.
public struct FindingAttribution {
    private struct Place: Hashable {
        let file: ObjectIdentifier
        let pointer: String
    }

    private var operationsAt: [Place: [Int]] = [:]

    public init(api: APIModel) {
        for (index, operation) in api.operations.enumerated() {
            operationsAt[Self.place(operation.node), default: []].append(index)
            operationsAt[Self.place(operation.methodNode), default: []].append(index)
        }
        // The operations of each path item, gathered in one pass (not one scan of every operation per item).
        var members: [Int: [Int]] = [:]
        for (index, operation) in api.operations.enumerated() {
            members[operation.pathItemIndex, default: []].append(index)
        }
        for (itemIndex, item) in api.pathItems.enumerated() {
            let place = Self.place(item.node)
            if operationsAt[place] == nil { operationsAt[place] = members[itemIndex] ?? [] }
        }
    }

    private static func place(_ node: NodeRef) -> Place {
        Place(file: ObjectIdentifier(node.file), pointer: node.pointer)
    }

    /// The operations (indexes into `APIModel.operations`) `finding` is about: for each of its places, the
    /// innermost enclosing one.
    public func operations(of finding: Finding) -> [Int] {
        var found: Set<Int> = []
        for place in finding.places { found.formUnion(operations(at: place)) }
        return found.sorted()
    }

    /// The innermost operations enclosing `node`.
    public func operations(at node: NodeRef) -> [Int] {
        let file = ObjectIdentifier(node.file)
        var pointer = Substring(node.pointer)
        while true {
            if let found = operationsAt[Place(file: file, pointer: String(pointer))] { return Array(Set(found)).sorted() }
            guard let slash = pointer.lastIndex(of: "/") else { return [] }
            pointer = pointer[..<slash]
        }
    }
}
