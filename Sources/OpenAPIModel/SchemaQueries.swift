import SourceTree

// MARK: - Where data enters and leaves

extension SchemaGraph {
    /// The schemas each operation takes in (`.request`) or hands out (`.response`) directly, in operation order.
    ///
    /// Parameters (2.0: the parameter itself), request bodies (2.0: `in: body`), response bodies and response headers.
    /// A 3.1 webhook is a request the API *sends*: its body is output and the subscriber's response is input.
    /// Without `parameters`, only bodies (and response headers) count: what a server binds to its models.
    public static func seeds(
        of operations: [Operation], role: SchemaRole, parameters: Bool = true
    ) -> [(operation: Int, schema: SchemaID)] {
        var seeds: [(operation: Int, schema: SchemaID)] = []
        for (index, operation) in operations.enumerated() {
            let sent = operation.isWebhook ? role == .response : role == .request
            if sent {
                for parameter in operation.parameters where parameters || parameter.location == .formData {
                    if let id = parameter.schema { seeds.append((index, id)) }
                }
                for content in operation.requestBody?.contents ?? [] {
                    if let id = content.schema { seeds.append((index, id)) }
                }
            } else {
                for response in operation.responses {
                    for content in response.contents {
                        if let id = content.schema { seeds.append((index, id)) }
                    }
                    for header in response.headers { if let id = header.schema { seeds.append((index, id)) } }
                }
            }
        }
        return seeds
    }

    /// The schemas reached in `role`, each with the first operation that reaches it.
    public func reached(_ role: SchemaRole) -> [SchemaID: Int] {
        role == .request ? receivedBy : returnedBy
    }

    /// `id` and every schema it includes through `allOf`, transitively: the schemas that always apply together.
    public func allOfClosure(_ id: SchemaID) -> [SchemaID] {
        var result = [id]
        var seen: Set<SchemaID> = [id]
        var index = 0
        while index < result.count {
            for member in self[result[index]].allOf where seen.insert(member).inserted {
                result.append(member)
            }
            index += 1
        }
        return result
    }

    /// The schemas whose `allOfClosure` holds a schema satisfying `predicate`, found for every schema at once by
    /// walking `allOf` edges backwards from the schemas that satisfy it: linear in the graph, where asking each
    /// schema's closure is quadratic on a long `allOf` chain.
    public func includingThroughAllOf(_ predicate: (Schema) -> Bool) -> Set<SchemaID> {
        var includers: [SchemaID: [SchemaID]] = [:]
        var found: Set<SchemaID> = []
        var pending: [SchemaID] = []
        for index in schemas.indices {
            let id = SchemaID(index: index)
            for member in schemas[index].allOf { includers[member, default: []].append(id) }
            if predicate(schemas[index]), found.insert(id).inserted { pending.append(id) }
        }
        while let id = pending.popLast() {
            for includer in includers[id] ?? [] where found.insert(includer).inserted { pending.append(includer) }
        }
        return found
    }

    /// Schemas reached in `role` that describe a value on their own: what an operation takes or hands out
    /// directly, a property, array item or map value, or a `oneOf`/`anyOf` alternative — everything but the schemas
    /// reached only as `allOf` members, which are judged together with the schema that includes them.
    ///
    /// Without `alternatives`, `oneOf`/`anyOf` alternatives only count when another edge reaches them.
    public func valueRoots(
        _ role: SchemaRole, seeds: [(operation: Int, schema: SchemaID)], reached: [SchemaID: Int],
        alternatives: Bool = true
    ) -> Set<SchemaID> {
        var roots = Set(seeds.map(\.schema))
        for parent in reached.keys {
            let schema = self[parent]
            for property in schema.properties where isInRole(property, role) {
                roots.insert(property.schema)
            }
            if let items = schema.items { roots.insert(items) }
            if case .schema(let extra) = schema.additionalProperties { roots.insert(extra) }
            if case .schema(let extra) = schema.unevaluatedProperties { roots.insert(extra) }
            if alternatives { for member in schema.oneOf + schema.anyOf { roots.insert(member) } }
        }
        return roots
    }

    /// Whether data in `role` flows through `property`: `readOnly` ones are not sent, `writeOnly` ones not returned.
    public func isInRole(_ property: Property, _ role: SchemaRole) -> Bool {
        role == .request ? !property.readOnly : !property.writeOnly
    }
}

// MARK: - Which operations reach a schema

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

// MARK: - Open objects

extension APIModel {
    /// Object schemas in `role` that declare properties but accept undeclared ones, with one operation reaching each.
    ///
    /// An object closes itself with `additionalProperties` or (3.1) `unevaluatedProperties` set to `false` or to a
    /// schema. It counts as closed when any schema it includes through `allOf` closes (code generators and validators
    /// merge `allOf`), and when it is a `oneOf`/`anyOf` alternative or an `allOf` member of a closed schema. A schema
    /// reached only as an `allOf` member is judged as part of the schema that includes it, and a `oneOf`/`anyOf`
    /// alternative of an object that has properties of its own is part of that object. Objects without any declared
    /// property are maps or free-form values, not open records, and are never reported.
    public func openObjects(_ role: SchemaRole) -> [(schema: SchemaID, operation: Int)] {
        let graph = schemas
        // Parameters are parsed one by one, not bound to a model: only bodies (2.0: and form fields) count.
        let seeds = SchemaGraph.seeds(of: operations, role: role, parameters: false)
        let reached =
            role == .response ? graph.returnedBy : SchemaGraph.reach(from: seeds, role: role, schemas: graph.schemas)
        // Alternatives are judged from their parent, which may close them.
        let roots = graph.valueRoots(role, seeds: seeds, reached: reached, alternatives: false)
        let sealedGroups = graph.includingThroughAllOf(\.closesItself)
        let propertiedGroups = graph.includingThroughAllOf { !$0.properties.isEmpty }
        func sealed(_ id: SchemaID) -> Bool { sealedGroups.contains(id) }
        func shaped(_ id: SchemaID) -> Bool {
            let types = graph[id].types
            return (types.isEmpty || types.contains(.object)) && propertiedGroups.contains(id)
        }
        struct State: Hashable {
            let id: SchemaID
            let sealed: Bool
            let judged: Bool
            let enclosingShape: Bool
        }
        var visited: Set<State> = []
        var open: Set<SchemaID> = []
        var stack: [State] = roots.sorted().map {
            State(id: $0, sealed: false, judged: true, enclosingShape: false)
        }
        while let state = stack.popLast() {
            guard visited.insert(state).inserted else { continue }
            let schema = graph[state.id]
            let groupSealed = state.sealed || sealed(state.id)
            let groupShape = state.enclosingShape || shaped(state.id)
            if state.judged && !groupSealed && shaped(state.id) { open.insert(state.id) }
            for member in schema.allOf {
                stack.append(
                    State(id: member, sealed: groupSealed, judged: false, enclosingShape: groupShape))
            }
            for member in schema.oneOf + schema.anyOf {
                stack.append(
                    State(id: member, sealed: groupSealed, judged: !groupShape, enclosingShape: groupShape))
            }
        }
        return open.sorted().compactMap { id in reached[id].map { (id, $0) } }
    }
}

extension Schema {
    /// Whether the schema itself limits members beyond its properties: `additionalProperties` or
    /// `unevaluatedProperties` set to `false` or to a schema.
    public var closesItself: Bool {
        func closes(_ extra: ExtraMembers) -> Bool {
            switch extra {
            case .allowed(let allowed): return !allowed
            case .schema: return true
            case .unspecified: return false
            }
        }
        return closes(additionalProperties) || closes(unevaluatedProperties)
    }

    /// How an open object leaves itself open, for messages: it allows extra members explicitly, or says nothing.
    public var opennessPhrase: String {
        additionalProperties == .allowed(true)
            ? "sets `additionalProperties: true`" : "does not set `additionalProperties: false`"
    }
}

// MARK: - Bounds

extension Schema {
    /// `enum` or `const`: the value is one of a fixed set.
    public var isEnumerated: Bool { hasEnum || hasConst }

    /// `minimum`, or a numeric (3.1) `exclusiveMinimum`.
    public var hasLowerBound: Bool { minimum != nil || node["exclusiveMinimum"]?.number != nil }

    /// `maximum`, or a numeric (3.1) `exclusiveMaximum`.
    public var hasUpperBound: Bool { maximum != nil || node["exclusiveMaximum"]?.number != nil }

    /// `uniqueItems: true`.
    public var hasUniqueItems: Bool { node["uniqueItems"]?.bool == true }

    /// 3.1 `items: false`: nothing beyond `prefixItems`.
    public var forbidsExtraItems: Bool { node["items"]?.bool == false }

    /// The values of `enum` and `const` that are scalars.
    public var enumeratedValues: [String] {
        (node["enum"]?.items.compactMap(\.scalar) ?? []) + (node["const"]?.scalar.map { [$0] } ?? [])
    }

    /// An `example`, `default` or first `examples` entry given as a scalar.
    public var exampleText: String? {
        node["example"]?.scalar ?? node["default"]?.scalar ?? node["x-example"]?.scalar
            ?? node["examples"]?.items.first?.scalar
    }
}

/// What a regular expression says about the strings it accepts, without compiling it.
public enum PatternText {
    /// Whether the pattern is anchored at both ends with no unbounded repetition (`*`, `+`, `{n,}`) and no
    /// top-level alternation, so every match has a bounded length: `^[0-9]{4}$`, `^\d{0,18}(\.\d{0,2})?$`.
    public static func boundsLength(_ pattern: String) -> Bool {
        let characters = Array(pattern)
        guard characters.first == "^", characters.count >= 2, characters.last == "$",
            characters[characters.count - 2] != "\\"
        else { return false }
        var index = 1
        var depth = 0
        var inClass = false
        while index < characters.count - 1 {
            let character = characters[index]
            if character == "\\" {
                index += 2
                continue
            }
            if inClass {
                if character == "]" { inClass = false }
            } else {
                switch character {
                case "[": inClass = true
                case "(": depth += 1
                case ")": depth -= 1
                case "*", "+": return false
                case "|" where depth == 0: return false
                case "{":
                    guard let close = characters[index...].firstIndex(of: "}") else { return false }
                    if characters[index..<close].contains(",") && characters[close - 1] == "," {
                        return false
                    }
                    index = close
                default: break
                }
            }
            index += 1
        }
        return true
    }

    /// Whether the pattern pins where a URL may lead: anchored with `^` and starting with a web scheme and a literal
    /// host (`^https://hooks\.example\.com/`), with a path on the same site (`^/[a-z]`, not `^//`), or with a literal
    /// that is no web URL at all (`^pkg:`, `^urn:`).
    public static func restrictsURL(_ pattern: String) -> Bool {
        guard pattern.first == "^" else { return false }
        let text = pattern.dropFirst().replacing("\\/", with: "/")
        if text.first == "/" {
            let rest = text.dropFirst()
            guard let next = rest.first else { return false }
            if next.isLetter || next.isNumber || rest.hasPrefix("(?!/)") { return true }
            // A character class that cannot start a second slash: `^/[a-z]`, `^/[^/]`.
            guard next == "[", let close = rest.firstIndex(of: "]") else { return false }
            let members = rest[rest.index(after: rest.startIndex)..<close]
            if members.contains("\\") { return false }
            return members.hasPrefix("^") ? members.contains("/") : !members.contains("/")
        }
        let literal = text.prefix { $0.isLetter || $0.isNumber }.lowercased()
        guard !literal.isEmpty else { return false }
        let webSchemes = ["http", "https", "ftp", "ws", "wss", "file", "gopher"]
        guard webSchemes.contains(where: { $0.hasPrefix(literal) || literal.hasPrefix($0) }) else {
            return true
        }
        guard let range = text.firstRange(of: "://") else { return false }
        let scheme = text[..<range.lowerBound]
        guard scheme.allSatisfy({ $0.isLetter || "()|?".contains($0) }) else { return false }
        var host = text[range.upperBound...]
        if host.first == "(" { host = host.dropFirst() }
        guard let first = host.first else { return false }
        return first.isLetter || first.isNumber
    }
}

// MARK: - Naming schemas in messages

extension SchemaGraph {
    /// How a message names the schema `id` where it is written: `property 'memo'`, `parameter 'limit'`,
    /// `schema 'Account'`, `the items of property 'tags'`, `the body`.
    public func label(of id: SchemaID) -> String { Self.label(of: self[id].node) }

    static func label(of node: NodeRef, depth: Int = 0) -> String {
        let file = node.file
        if node["in"]?.scalar != nil, let name = node["name"]?.scalar {
            return node["in"]?.scalar == "body" ? "the body" : "parameter '\(name)'"
        }
        guard let parentID = file.parent(node.node) else { return "the schema" }
        let parent = NodeRef(file, parentID)
        guard let key = node.key?.string else {
            // An item of `allOf`/`oneOf`/`anyOf`, or of a 2.0 `parameters` list.
            guard depth < 3, let listKey = parent.key?.string, let ownerID = file.parent(parentID) else {
                return "the schema"
            }
            let owner = NodeRef(file, ownerID)
            if ["allOf", "oneOf", "anyOf"].contains(listKey) {
                return "a member of \(label(of: owner, depth: depth + 1))"
            }
            return "the schema"
        }
        let containerKey = parent.key?.string
        switch key {
        case "items" where depth < 3: return "the items of \(label(of: parent, depth: depth + 1))"
        case "additionalProperties" where depth < 3:
            return "the values of \(label(of: parent, depth: depth + 1))"
        case "schema":
            return schemaOwnerLabel(parent)
        default:
            break
        }
        switch containerKey {
        case "properties": return "property '\(key)'"
        case "headers": return "header '\(key)'"
        default: return "schema '\(key)'"
        }
    }
}

extension SchemaGraph {
    /// Names what a `schema` key belongs to: a parameter, a header, or a request or response body.
    static func schemaOwnerLabel(_ owner: NodeRef) -> String {
        let file = owner.file
        func named(_ node: NodeRef) -> String? {
            guard let location = node["in"]?.scalar, let name = node["name"]?.scalar else { return nil }
            return location == "body" ? "the body" : "parameter '\(name)'"
        }
        if let name = named(owner) { return name }
        let up = { (node: NodeRef) -> NodeRef? in file.parent(node.node).map { NodeRef(file, $0) } }
        // A header object: `headers: {X-Rate: {schema: …}}`.
        if let container = up(owner), container.key?.string == "headers", let name = owner.key?.string {
            return "header '\(name)'"
        }
        // A media type: `content: {application/json: {schema: …}}`, owned by a body, parameter or header.
        if let content = up(owner), content.key?.string == "content", let holder = up(content) {
            if let name = named(holder) { return name }
            if let container = up(holder), container.key?.string == "headers",
                let name = holder.key?.string
            {
                return "header '\(name)'"
            }
        }
        return "the body"
    }
}

extension SchemaRole {
    /// How a message says an operation reaches a schema: `received by POST /accounts`, `returned by GET /accounts`;
    /// for webhooks `sent in webhook POST newPet` and `received in reply to webhook POST newPet`.
    public func phrase(_ operation: Operation) -> String {
        switch (self, operation.isWebhook) {
        case (.request, false): "received by \(operation.displayName)"
        case (.response, false): "returned by \(operation.displayName)"
        case (.request, true): "received in reply to \(operation.displayName)"
        case (.response, true): "sent in \(operation.displayName)"
        }
    }
}

// MARK: - Types

extension SchemaGraph {
    /// The types `id` declares; with none, what its keywords imply (`properties`: object, `items`: array) or, failing
    /// that, the types of the schemas it is composed of. Empty when nothing says.
    public func declaredTypes(_ id: SchemaID) -> Set<JSONSchemaType> {
        var result: Set<JSONSchemaType> = []
        var seen: Set<SchemaID> = [id]
        var queue = [id]
        var index = 0
        while index < queue.count && index < 64 {
            let schema = self[queue[index]]
            index += 1
            if !schema.types.isEmpty {
                result.formUnion(schema.types.filter { $0 != .null })
                continue
            }
            if !schema.properties.isEmpty { result.insert(.object) }
            if schema.items != nil { result.insert(.array) }
            if !schema.properties.isEmpty || schema.items != nil { continue }
            for member in schema.composed where seen.insert(member).inserted { queue.append(member) }
        }
        return result
    }

    /// Whether `id` or a schema it includes through `allOf` fixes the value (`enum`, `const`).
    public func isEnumerated(_ id: SchemaID) -> Bool {
        allOfClosure(id).contains { self[$0].isEnumerated }
    }
}

extension APIModel {
    /// The schemas that describe a value on their own in `role` (see `SchemaGraph.valueRoots`), in graph order, each
    /// with the first operation reaching it; schemas marked `readOnly` (request) or `writeOnly` (response) themselves
    /// are left out.
    public func values(_ role: SchemaRole) -> [(schema: SchemaID, operation: Int)] {
        let reached = schemas.reached(role)
        let seeds = SchemaGraph.seeds(of: operations, role: role)
        return schemas.valueRoots(role, seeds: seeds, reached: reached).sorted().compactMap { id in
            let schema = schemas[id]
            if role == .request ? schema.readOnly : schema.writeOnly { return nil }
            return reached[id].map { (id, $0) }
        }
    }
}

// MARK: - Unconstrained schemas

extension Schema {
    /// Keywords that describe a value without constraining it.
    static let annotationKeywords: Set<String> = [
        "description", "title", "example", "examples", "default", "nullable", "readOnly", "writeOnly", "deprecated",
        "externalDocs", "xml", "$comment", "$id", "$schema", "$anchor", "$dynamicAnchor", "discriminator",
    ]

    /// Whether the schema only annotates: every key is an annotation or an extension, as in `{}`.
    public var constrainsNothing: Bool {
        node.entries.allSatisfy { key, _ in
            let name = key.string
            return Self.annotationKeywords.contains(name) || name.hasPrefix("x-")
        }
    }
}

extension SchemaGraph {
    /// Whether `id` is an explicit object that says nothing about its members: no properties, no
    /// `patternProperties`, no composition, no fixed value, and extra members neither forbidden nor typed,
    /// judged with everything it includes through `allOf`.
    public func isFreeFormObject(_ id: SchemaID) -> Bool {
        let group = allOfClosure(id)
        guard group.contains(where: { self[$0].types.contains(.object) }) else { return false }
        return !group.contains { member in
            let schema = self[member]
            if !schema.properties.isEmpty || !schema.oneOf.isEmpty || !schema.anyOf.isEmpty || schema.isEnumerated {
                return true
            }
            if schema.node["patternProperties"] != nil || schema.node["not"] != nil { return true }
            return schema.additionalProperties != .unspecified && schema.additionalProperties != .allowed(true)
                || schema.unevaluatedProperties != .unspecified && schema.unevaluatedProperties != .allowed(true)
        }
    }

    /// Whether `id` is an explicit array that says nothing about its items, judged with its `allOf` members.
    public func isUntypedArray(_ id: SchemaID) -> Bool {
        let group = allOfClosure(id)
        guard group.contains(where: { self[$0].types.contains(.array) }) else { return false }
        return !group.contains { member in
            let schema = self[member]
            return schema.items != nil || schema.isEnumerated || schema.node["prefixItems"] != nil
        }
    }
}

extension APIModel {
    /// The received schemas that only parameters outside the body reach — path, query, header and cookie values,
    /// which servers already bound with their limits on URL and header size: no request body (2.0: no `in: body`
    /// or `formData`) and no webhook reply contains them.
    public func receivedOnlyOutsideBodies() -> Set<SchemaID> {
        let bodies = SchemaGraph.seeds(of: operations, role: .request, parameters: false)
        let inBodies = SchemaGraph.reach(from: bodies, role: .request, schemas: schemas.schemas)
        return Set(schemas.receivedBy.keys.filter { inBodies[$0] == nil })
    }
}
