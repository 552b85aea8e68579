import Lexicon
import OpenAPIModel
import SourceTree

/// The sensitive names of a document, each classified once, and the sensitive properties of each schema by name.
struct SensitiveNameIndex {
    /// One sensitive name as written, classified.
    struct Entry {
        let name: String
        let dataClass: DataClass
        let match: SensitiveNames.Match
        /// Whether it is a token, key or client secret, which the operation that issues it legitimately returns.
        let isIssuableCredential: Bool
    }

    /// Every sensitive property and parameter name of the document, numbered in order of appearance.
    private(set) var entries: [Entry] = []
    private var numbers: [String: Int] = [:]
    /// Names seen that are not sensitive.
    private var plain: Set<String> = []
    /// Per schema: its sensitive properties with the number of their name.
    private(set) var properties: [[(name: Int, property: Property)]] = []

    init(api: APIModel) {
        properties = api.schemas.schemas.map { schema in
            schema.properties.compactMap { property in number(classifying: property.name).map { ($0, property) } }
        }
        for operation in api.operations {
            for parameter in operation.parameters { _ = number(classifying: parameter.name) }
        }
    }

    /// The number of a name classified when the document was read; nil when it is not sensitive.
    func number(of name: String) -> Int? { numbers[name] }

    private mutating func number(classifying name: String) -> Int? {
        if let known = numbers[name] { return known }
        guard !plain.contains(name) else { return nil }
        guard let (dataClass, match) = DataClass.classify(name) else {
            plain.insert(name)
            return nil
        }
        let issuable = SensitiveNames.secret(name).map { $0.kind == .credential } ?? false
        numbers[name] = entries.count
        entries.append(Entry(name: name, dataClass: dataClass, match: match, isIssuableCredential: issuable))
        return entries.count - 1
    }
}

/// Where sensitive names can be reached in one role: the schema graph's strongly connected components, each with
/// how many properties of each name it holds, and the components whose closure holds any.
///
/// Counting the places of a name an operation reaches walks components, not schemas, and only those that lead to a
/// sensitive property; finding each name's first place walks schemas breadth-first and stops once every name the
/// operation reaches has been found. On a cycle of schemas that all hold the same names (the synthetic
/// finding-dense documents), both are constant per operation, where listing every place was quadratic.
struct SensitiveReach {
    let graph: SchemaGraph
    let role: SchemaRole
    let names: SensitiveNameIndex
    /// Per schema: its component; every edge leads to a component of the same or a lower number.
    private let component: [Int]
    /// Per component: the sensitive names of its properties in `role`, with how many properties have each.
    private let held: [[(name: Int, count: Int)]]
    /// Per component: the other components it leads to whose closure holds a sensitive property.
    private let successors: [[Int]]
    /// Per component: whether its closure holds a sensitive property in `role`.
    private let leadsToSensitive: [Bool]

    // Scratch state of one operation, reset after each.
    private var componentVisit: [Int]
    private var schemaVisit: [Int]
    private var visit = 0
    private var counts: [Int]
    private var listed: [Bool]

    init(graph: SchemaGraph, role: SchemaRole, names: SensitiveNameIndex) {
        self.graph = graph
        self.role = role
        self.names = names
        let (component, componentCount) = Self.components(of: graph, role: role)
        self.component = component
        var owned: [(component: Int, name: Int)] = []
        for (index, properties) in names.properties.enumerated() {
            for (name, property) in properties where graph.isInRole(property, role) {
                owned.append((component[index], name))
            }
        }
        owned.sort { ($0.component, $0.name) < ($1.component, $1.name) }
        var held = [[(name: Int, count: Int)]](repeating: [], count: componentCount)
        for (owner, name) in owned {
            if held[owner].last?.name == name {
                held[owner][held[owner].count - 1].count += 1
            } else {
                held[owner].append((name, 1))
            }
        }
        var edges = [[Int]](repeating: [], count: componentCount)
        for id in graph.ids {
            let from = component[id.index]
            for child in graph.children(of: id, role: role) where component[child.index] != from {
                edges[from].append(component[child.index])
            }
        }
        // Successors have lower numbers, so each component's closure is known before the components leading to it.
        var leadsToSensitive = [Bool](repeating: false, count: componentCount)
        var successors = [[Int]](repeating: [], count: componentCount)
        var seen = [Int](repeating: -1, count: componentCount)
        for from in 0..<componentCount {
            for to in edges[from] where leadsToSensitive[to] && seen[to] != from {
                seen[to] = from
                successors[from].append(to)
            }
            leadsToSensitive[from] = !held[from].isEmpty || !successors[from].isEmpty
        }
        self.held = held
        self.successors = successors
        self.leadsToSensitive = leadsToSensitive
        componentVisit = [Int](repeating: -1, count: componentCount)
        schemaVisit = [Int](repeating: -1, count: graph.schemas.count)
        counts = [Int](repeating: 0, count: names.entries.count)
        listed = [Bool](repeating: false, count: names.entries.count)
    }

    /// The sensitive names `operation` reaches through `parameters` and the schemas `seeds`, each once at its first
    /// place — the parameters in order, then each seed's schemas breadth-first — with the number of places (distinct
    /// parameters and properties) of that name it reaches.
    mutating func fields(parameters: [Parameter], seeds: [SchemaID]) -> [SensitiveField] {
        var result: [SensitiveField] = []
        /// The name of each field of `result`.
        var resultNames: [Int] = []
        func list(_ name: Int, at node: NodeRef) {
            listed[name] = true
            resultNames.append(name)
            result.append(field(name, at: node))
        }
        var touched: [Int] = []
        var seenParameters: Set<NodeRef> = []
        for parameter in parameters {
            guard let name = names.number(of: parameter.name), seenParameters.insert(parameter.entryNode).inserted
            else { continue }
            if counts[name] == 0 { touched.append(name) }
            counts[name] += 1
            if !listed[name] { list(name, at: parameter.entryNode) }
        }
        // Every place of every name: the components reached, each counted once.
        visit += 1
        var pending: [Int] = []
        for seed in seeds {
            let start = component[seed.index]
            if leadsToSensitive[start], componentVisit[start] != visit {
                componentVisit[start] = visit
                pending.append(start)
            }
        }
        while let next = pending.popLast() {
            for (name, count) in held[next] {
                if counts[name] == 0 { touched.append(name) }
                counts[name] += count
            }
            for successor in successors[next] where componentVisit[successor] != visit {
                componentVisit[successor] = visit
                pending.append(successor)
            }
        }
        // Each name's first place: breadth-first from each seed in turn, until every name reached is listed.
        for seed in seeds where result.count < touched.count {
            visit += 1
            var queue = [seed]
            schemaVisit[seed.index] = visit
            var head = 0
            while head < queue.count, result.count < touched.count {
                let id = queue[head]
                head += 1
                for (name, property) in names.properties[id.index]
                where !listed[name] && graph.isInRole(property, role) {
                    list(name, at: property.keyNode)
                }
                for child in graph.children(of: id, role: role)
                where leadsToSensitive[component[child.index]] && schemaVisit[child.index] != visit {
                    schemaVisit[child.index] = visit
                    queue.append(child)
                }
            }
        }
        for index in result.indices { result[index].places = counts[resultNames[index]] }
        for name in touched {
            counts[name] = 0
            listed[name] = false
        }
        return result
    }

    private func field(_ name: Int, at node: NodeRef) -> SensitiveField {
        let entry = names.entries[name]
        return SensitiveField(
            name: entry.name, dataClass: entry.dataClass, match: entry.match,
            isIssuableCredential: entry.isIssuableCredential, node: node, places: 0)
    }

    /// The strongly connected components of the graph's edges in `role` (Tarjan's algorithm, without recursion),
    /// numbered in the order they complete, so that every edge leads to a component of the same or a lower number.
    static func components(of graph: SchemaGraph, role: SchemaRole) -> (component: [Int], count: Int) {
        let ids = graph.ids
        let count = ids.count
        var order = [Int](repeating: -1, count: count)
        var lowest = [Int](repeating: 0, count: count)
        var onStack = [Bool](repeating: false, count: count)
        var component = [Int](repeating: -1, count: count)
        var stack: [Int] = []
        var frames: [(schema: Int, children: [SchemaID], next: Int)] = []
        var numbered = 0
        var components = 0
        func enter(_ schema: Int) {
            order[schema] = numbered
            lowest[schema] = numbered
            numbered += 1
            stack.append(schema)
            onStack[schema] = true
            frames.append((schema, graph.children(of: ids[schema], role: role), 0))
        }
        for root in 0..<count where order[root] < 0 {
            enter(root)
            while let top = frames.last {
                if top.next < top.children.count {
                    frames[frames.count - 1].next += 1
                    let child = top.children[top.next].index
                    if order[child] < 0 {
                        enter(child)
                    } else if onStack[child] {
                        lowest[top.schema] = min(lowest[top.schema], order[child])
                    }
                    continue
                }
                frames.removeLast()
                if lowest[top.schema] == order[top.schema] {
                    while let member = stack.popLast() {
                        onStack[member] = false
                        component[member] = components
                        if member == top.schema { break }
                    }
                    components += 1
                }
                if let parent = frames.last?.schema { lowest[parent] = min(lowest[parent], lowest[top.schema]) }
            }
        }
        return (component, components)
    }
}
