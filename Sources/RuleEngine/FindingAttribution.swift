import OpenAPIModel
import SourceTree

/// Which operations a finding is about: the operation whose mapping (or method key) holds the finding's node, or
/// every operation of the path item when the node is written on the path item itself (shared parameters, servers).
///
/// Findings elsewhere — on shared schemas, security schemes, the document — belong to no single operation.
public struct FindingAttribution {
    /// The operations each operation and path item node stands for, and the key of each such node.
    private var operationsAt: [NodeRef: [Int]] = [:]
    /// Keys written again in the same mapping, each with the first key (whose value is the one used).
    private var firstKeys: [NodeRef: NodeRef] = [:]

    public init(api: APIModel) {
        for (index, operation) in api.operations.enumerated() {
            for node in [operation.node, operation.methodNode] { register(node, [index]) }
        }
        // The operations of each path item, gathered in one pass (not one scan of every operation per item).
        var members: [Int: [Int]] = [:]
        for (index, operation) in api.operations.enumerated() {
            members[operation.pathItemIndex, default: []].append(index)
        }
        // A path item without operations stands for none: a finding on it belongs to no enclosing operation.
        for (itemIndex, item) in api.pathItems.enumerated() where operationsAt[item.node] == nil {
            register(item.node, members[itemIndex] ?? [])
        }
        for file in api.files {
            for (first, duplicate) in file.duplicateKeys {
                firstKeys[NodeRef(file, duplicate)] = NodeRef(file, first)
            }
        }
    }

    /// Records that `node`, and the key it is written under, stand for `operations`.
    private mutating func register(_ node: NodeRef, _ operations: [Int]) {
        operationsAt[node, default: []] += operations
        if let key = node.key { operationsAt[key, default: []] += operations }
    }

    /// The operations (indexes into `APIModel.operations`) `finding` is about: for each of its places, the
    /// innermost enclosing one.
    public func operations(of finding: Finding) -> [Int] {
        var found: Set<Int> = []
        for place in finding.places { found.formUnion(operations(at: place)) }
        return found.sorted()
    }

    /// The innermost operations enclosing `node`: found on the way up its ancestors, where a key stands for its
    /// value and a repeated key (with its value) for the first key.
    public func operations(at node: NodeRef) -> [Int] {
        let file = node.file
        var current: NodeID? = node.node
        while let id = current {
            let here = NodeRef(file, id)
            let written = file.isKey(id) ? here : here.key
            let standIn = written.flatMap { firstKeys[$0] } ?? here
            if let found = operationsAt[here] ?? operationsAt[standIn] { return Array(Set(found)).sorted() }
            current = file.parent(id)
        }
        return []
    }
}
