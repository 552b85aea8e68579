/// The operations that reach each schema in one role, computed from the graph's edges once and queried on demand.
///
/// Rules iterate `SchemaGraph.receivedBy`/`returnedBy`; they build this only when they need more than the first
/// operation, e.g. to tell whether *every* operation returning a token is the one that issues it.
public struct SchemaUsage: Sendable {
    public let role: SchemaRole
    /// For each schema, the operations that take or return it directly.
    private let seedOperations: SchemaLists
    /// For each schema reached in `role`, the reached schemas whose data flows into it directly.
    private let parents: SchemaLists
    /// For each schema reached in `role`, the schemas its data flows into directly.
    private let children: SchemaLists

    public init(api: APIModel, role: SchemaRole) {
        self.role = role
        let count = api.schemas.schemas.count
        seedOperations = SchemaLists(
            count: count,
            pairs: SchemaGraph.seeds(of: api.operations, role: role).map { ($0.schema.index, $0.operation) })
        let graph = api.schemas
        let reached = graph.reached(role)
        // Parent and child, unlabelled: `SchemaLists` takes the pairs as they are, where labels would cost a copy.
        var edges: [(Int, Int)] = []
        for parent in 0..<count where reached.contains(parent) {
            graph.forEachChild(of: SchemaID(index: parent), role: role) { edges.append((parent, $0.index)) }
        }
        parents = SchemaLists(count: count, pairs: edges.map { ($1, $0) })
        children = SchemaLists(count: count, pairs: edges)
    }

    /// Every operation whose requests (or responses) contain `id`: those that take or return it directly first,
    /// then those that reach it through fewer schemas, each group in document order.
    public func operations(reaching id: SchemaID) -> [Int] {
        var result: [Int] = []
        forEachLevel(reaching: id) { level in
            result += level
            return false
        }
        return result
    }

    /// For every schema in the role, the first operation in `operations(reaching:)` order that satisfies
    /// `predicate`, computed for all schemas at once in one breadth-first walk down from the operations that
    /// satisfy it: linear in the schema graph, where asking schema by schema is quadratic on a long chain.
    public func firstOperations(where predicate: (Int) -> Bool) -> OperationPerSchema {
        let none = OperationPerSchema.none
        var result = [Int32](repeating: none, count: seedOperations.count)
        // The schemas of the level being walked, with the first operation reaching each in `candidates`.
        var level: [Int] = []
        var candidates = [Int32](repeating: none, count: seedOperations.count)
        for schema in 0..<seedOperations.count {
            if let first = seedOperations[schema].filter(predicate).min() {
                candidates[schema] = Int32(first)
                level.append(schema)
            }
        }
        while !level.isEmpty {
            for schema in level {
                result[schema] = candidates[schema]
                candidates[schema] = none
            }
            var next: [Int] = []
            for schema in level {
                for child in children[schema] where result[child] == none {
                    if candidates[child] == none { next.append(child) }
                    candidates[child] = min(candidates[child], result[schema])
                }
            }
            level = next
        }
        return OperationPerSchema(operations: result)
    }

    /// Calls `body` with each level's new operations, sorted, nearest first, until it returns true.
    private func forEachLevel(reaching id: SchemaID, _ body: ([Int]) -> Bool) {
        var seen: Set<Int> = [id.index]
        var level = [id.index]
        var found: Set<Int> = []
        while !level.isEmpty {
            var next: [Int] = []
            var operations: [Int] = []
            for current in level {
                for operation in seedOperations[current] where found.insert(operation).inserted {
                    operations.append(operation)
                }
                for parent in parents[current] where seen.insert(parent).inserted {
                    next.append(parent)
                }
            }
            if body(operations.sorted()) { return }
            level = next
        }
    }
}

/// For each schema, one operation (its index in `APIModel.operations`), or none.
public struct OperationPerSchema: Sendable {
    /// The value of `operations` for a schema without an operation; above every operation, so `min` keeps the others.
    static let none = Int32.max
    /// By schema index; four bytes each, as `SchemaLists` holds them.
    private let operations: [Int32]

    init(operations: [Int32] = []) {
        self.operations = operations
    }

    public subscript(id: SchemaID) -> Int? {
        let operation = operations[id.index]
        return operation == Self.none ? nil : Int(operation)
    }

    /// Whether the schema at `index` has an operation.
    func contains(_ index: Int) -> Bool { operations[index] != Self.none }

    /// The schemas that have an operation, in graph order.
    public var schemas: [SchemaID] { operations.indices.lazy.filter(contains).map { SchemaID(index: $0) } }
}

/// A list of numbers for each schema, stored end to end in one array, four bytes each.
struct SchemaLists: Sendable {
    /// Where each schema's list starts in `items`; the last entry is where the last list ends.
    private let starts: [Int32]
    private let items: [Int32]

    /// Lists for `count` schemas holding each pair's second number in the list of its first, in the pairs' order.
    /// Schemas, operations and pairs are fewer than the document's nodes, so they fit in 32 bits.
    init(count: Int, pairs: [(Int, Int)]) {
        var starts = [Int32](repeating: 0, count: count + 1)
        for (schema, _) in pairs { starts[schema + 1] += 1 }
        for schema in 0..<count { starts[schema + 1] += starts[schema] }
        var items = [Int32](repeating: 0, count: pairs.count)
        var ends = starts
        for (schema, item) in pairs {
            items[Int(ends[schema])] = Int32(item)
            ends[schema] += 1
        }
        self.starts = starts
        self.items = items
    }

    /// How many schemas have a list.
    var count: Int { starts.count - 1 }

    subscript(schema: Int) -> LazyMapSequence<ArraySlice<Int32>, Int> {
        items[Int(starts[schema])..<Int(starts[schema + 1])].lazy.map { Int($0) }
    }
}
