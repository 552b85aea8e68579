/// The operations that reach each schema in one role, computed from the graph's edges once and queried on demand.
///
/// Rules iterate `SchemaGraph.receivedBy`/`returnedBy`; they build this only when they need more than the first
/// operation, e.g. to tell whether *every* operation returning a token is the one that issues it.
public struct SchemaUsage: Sendable {
    public let role: SchemaRole
    private let seedOperations: [SchemaID: [Int]]
    private let parents: [SchemaID: [SchemaID]]
    private let children: [SchemaID: [SchemaID]]

    public init(api: APIModel, role: SchemaRole) {
        self.role = role
        var seedOperations: [SchemaID: [Int]] = [:]
        for seed in SchemaGraph.seeds(of: api.operations, role: role) {
            seedOperations[seed.schema, default: []].append(seed.operation)
        }
        var parents: [SchemaID: [SchemaID]] = [:]
        var children: [SchemaID: [SchemaID]] = [:]
        for parent in api.schemas.reached(role).keys {
            for child in api.schemas.children(of: parent, role: role) {
                parents[child, default: []].append(parent)
                children[parent, default: []].append(child)
            }
        }
        self.seedOperations = seedOperations
        self.parents = parents
        self.children = children
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
    public func firstOperations(where predicate: (Int) -> Bool) -> [SchemaID: Int] {
        var result: [SchemaID: Int] = [:]
        var level: [SchemaID: Int] = [:]
        for (schema, operations) in seedOperations {
            if let first = operations.filter(predicate).min() { level[schema] = first }
        }
        while !level.isEmpty {
            var next: [SchemaID: Int] = [:]
            var fresh: [(SchemaID, Int)] = []
            for (schema, operation) in level where result[schema] == nil {
                result[schema] = operation
                fresh.append((schema, operation))
            }
            for (schema, operation) in fresh {
                for child in children[schema] ?? [] where result[child] == nil {
                    next[child] = min(next[child] ?? Int.max, operation)
                }
            }
            level = next
        }
        return result
    }

    /// Calls `body` with each level's new operations, sorted, nearest first, until it returns true.
    private func forEachLevel(reaching id: SchemaID, _ body: ([Int]) -> Bool) {
        var seen: Set<SchemaID> = [id]
        var level = [id]
        var found: Set<Int> = []
        while !level.isEmpty {
            var next: [SchemaID] = []
            var operations: [Int] = []
            for current in level {
                operations += (seedOperations[current] ?? []).filter { found.insert($0).inserted }
                for parent in parents[current] ?? [] where seen.insert(parent).inserted {
                    next.append(parent)
                }
            }
            if body(operations.sorted()) { return }
            level = next
        }
    }
}
