import CYAML

/// Turns YAML or JSON bytes into a `SourceFile` by reading libyaml's events straight into flat storage.
public enum YAMLLoader {
    /// Parses `bytes`; `path` is used for positions in errors and in the tree.
    public static func parse(_ bytes: [UInt8], path: String, limits: LoadLimits = .default) throws(LoadError)
        -> SourceFile
    {
        let text = try TextEncoding.utf8(bytes, path: path)
        let lineMap = LineMap(text)
        var builder = TreeBuilder(path: path, limits: limits, expectedBytes: text.count, lineMap: lineMap)
        let parsed = SurrogateEscapes.rewrite(text) ?? text
        let outcome: Result<Void, LoadError> = parsed.withUnsafeBufferPointer { buffer in
            var parser = yaml_parser_t()
            guard yaml_parser_initialize(&parser) != 0 else {
                return .failure(LoadError(path: path, message: "could not initialise the YAML parser"))
            }
            defer { yaml_parser_delete(&parser) }
            yaml_parser_set_input_string(&parser, buffer.baseAddress ?? UnsafePointer(bitPattern: 1), buffer.count)
            var event = yaml_event_t()
            while true {
                guard yaml_parser_parse(&parser, &event) != 0 else {
                    return .failure(parserError(parser, bytes: buffer, path: path, lineMap: lineMap))
                }
                defer { yaml_event_delete(&event) }
                if event.type == YAML_STREAM_END_EVENT { return .success(()) }
                do throws(LoadError) {
                    try builder.handle(event)
                } catch {
                    return .failure(error)
                }
            }
        }
        if case .failure(let error) = outcome { throw error }
        return builder.finish(bytes: text)
    }

    /// Reads a file (refusing anything but a regular file within the size limit) and parses it.
    public static func load(path: String, limits: LoadLimits = .default) throws(LoadError) -> SourceFile {
        let bytes = try FileReader.read(path: path, maxBytes: limits.maxFileBytes)
        return try parse(bytes, path: path, limits: limits)
    }

    private static func parserError(
        _ parser: yaml_parser_t, bytes: UnsafeBufferPointer<UInt8>, path: String, lineMap: LineMap?
    ) -> LoadError {
        let problem = parser.problem.map { String(cString: $0) } ?? "invalid YAML"
        if parser.error == YAML_READER_ERROR {
            var offset = min(parser.problem_offset, bytes.count)
            // A bad trailing octet is reported where its sequence starts.
            if problem.contains("trailing") {
                while offset > 0, offset - 1 < bytes.count, bytes[offset - 1] & 0xC0 == 0x80 { offset -= 1 }
                if offset > 0, bytes[offset - 1] >= 0xC0 { offset -= 1 }
            }
            let position = position(ofByte: offset, in: bytes)
            let detail: String
            switch problem {
            case "control characters are not allowed": detail = "the file contains a control character (binary data?)"
            case let text where text.contains("UTF-8") || text.contains("UTF-16"):
                detail = "the file is not valid UTF-8 text (\(text))"
            default: detail = problem
            }
            return LoadError(path: path, position: position, message: detail)
        }
        if parser.error == YAML_MEMORY_ERROR {
            return LoadError(path: path, message: "out of memory while parsing")
        }
        let mark = parser.problem_mark
        var message = problem
        if let context = parser.context.map({ String(cString: $0) }) {
            let contextMark = real(parser.context_mark, lineMap)
            message += " (\(context) at line \(contextMark.line), column \(contextMark.column))"
        }
        if problem.contains("found character that cannot start any token") {
            message += "; tabs cannot indent YAML, and `@` or a backquote cannot start a plain value"
        }
        return LoadError(path: path, position: real(mark, lineMap), message: message)
    }

    /// The 1-based position of a libyaml mark, lines counted as SARIF counts them.
    static func real(_ mark: yaml_mark_t, _ lineMap: LineMap?) -> Position {
        let (line, column) =
            lineMap?.map(line: UInt32(clamping: mark.line), column: UInt32(clamping: mark.column))
            ?? (UInt32(clamping: mark.line), UInt32(clamping: mark.column))
        return Position(line: Int(line) + 1, column: Int(column) + 1)
    }

    /// Line and column (in Unicode scalars) of a byte offset.
    static func position(ofByte offset: Int, in bytes: UnsafeBufferPointer<UInt8>) -> Position {
        var line = 1
        var column = 1
        var index = 0
        let end = min(offset, bytes.count)
        while index < end {
            let byte = bytes[index]
            if byte == 0x0A {
                line += 1
                column = 1
            } else if byte == 0x0D {
                if index + 1 < end, bytes[index + 1] == 0x0A { index += 1 }
                line += 1
                column = 1
            } else if byte & 0xC0 != 0x80 {
                column += 1
            }
            index += 1
        }
        return Position(line: line, column: column)
    }
}

/// Accumulates nodes while libyaml's events stream past.
private struct TreeBuilder {
    /// An open mapping or sequence.
    struct Frame {
        var node: Int32
        var childStart: Int
        var expandedSize: Int
        var anchor: String?
    }

    let path: String
    let limits: LoadLimits
    /// Set when libyaml's line numbers differ from the real ones (NEL, LINE or PARAGRAPH SEPARATOR in the text).
    let lineMap: LineMap?
    var nodes: [NodeRecord] = []
    var children: [Int32] = []
    var scalarBytes: [UInt8] = []
    var scratch: [Int32] = []
    var frames: [Frame] = []
    var anchors: [String: (node: Int32, size: Int)] = [:]
    var aliasExpansion = 0
    var documents = 0
    var root: Int32 = -1
    var duplicateKeys: [(first: NodeID, duplicate: NodeID)] = []
    var referenceNodes: [NodeID] = []
    var suppressionNodes: [NodeID] = []

    /// Reserves storage from the file's size, so the arrays never grow by copying; capacity that stays
    /// unused is never touched and costs no resident memory.
    init(path: String, limits: LoadLimits, expectedBytes: Int, lineMap: LineMap?) {
        self.path = path
        self.limits = limits
        self.lineMap = lineMap
        nodes.reserveCapacity(expectedBytes / 8 + 16)
        children.reserveCapacity(expectedBytes / 8 + 16)
        scalarBytes.reserveCapacity(expectedBytes + 16)
    }

    mutating func handle(_ event: yaml_event_t) throws(LoadError) {
        switch event.type {
        case YAML_DOCUMENT_START_EVENT:
            documents += 1
            if documents > 1 {
                throw LoadError(
                    path: path, position: position(event.start_mark),
                    message: "the file holds more than one YAML document; an OpenAPI description is a single document")
            }
        case YAML_SCALAR_EVENT:
            let scalar = event.data.scalar
            let offset = scalarBytes.count
            if let value = scalar.value, scalar.length > 0 {
                scalarBytes.append(contentsOf: UnsafeBufferPointer(start: value, count: Int(scalar.length)))
            }
            var flags: UInt8 = 0
            if scalar.style != YAML_PLAIN_SCALAR_STYLE { flags |= NodeRecord.quoted }
            if scalar.style == YAML_LITERAL_SCALAR_STYLE || scalar.style == YAML_FOLDED_SCALAR_STYLE {
                flags |= NodeRecord.isBlockScalar
            }
            let index = try add(
                kind: .scalar, flags: flags, event: event, first: Int32(offset), count: Int32(scalar.length))
            try noteExpansion(1)
            if let anchor = scalar.anchor { anchors[String(cString: anchor)] = (index, 1) }
        case YAML_SEQUENCE_START_EVENT, YAML_MAPPING_START_EVENT:
            let isMapping = event.type == YAML_MAPPING_START_EVENT
            let anchor = isMapping ? event.data.mapping_start.anchor : event.data.sequence_start.anchor
            let index = try add(kind: isMapping ? .mapping : .sequence, flags: 0, event: event, first: 0, count: 0)
            if frames.count >= limits.maxDepth {
                throw LoadError(
                    path: path, position: position(event.start_mark),
                    message: "nesting is deeper than \(limits.maxDepth) levels (raise it with --max-depth)")
            }
            frames.append(
                Frame(
                    node: index, childStart: scratch.count, expandedSize: 1, anchor: anchor.map { String(cString: $0) })
            )
        case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
            try close(event)
        case YAML_ALIAS_EVENT:
            let name = event.data.alias.anchor.map { String(cString: $0) } ?? ""
            guard let target = anchors[name] else {
                throw LoadError(
                    path: path, position: position(event.start_mark),
                    message: "alias '*\(name)' names no anchor before it")
            }
            let record = nodes[Int(target.node)]
            try noteExpansion(target.size)
            aliasExpansion += target.size
            if aliasExpansion > limits.maxAliasExpansion {
                throw LoadError(
                    path: path, position: position(event.start_mark),
                    message:
                        "aliases expand to more than \(limits.maxAliasExpansion) nodes (a \"billion laughs\" document?)"
                )
            }
            _ = try add(
                kind: record.kind,
                flags: (record.flags & ~(NodeRecord.isKey | NodeRecord.isLiteral)) | NodeRecord.isAlias,
                event: event,
                first: record.first, count: record.count)
        default:
            break
        }
    }

    /// Adds a node under the innermost open collection.
    mutating func add(kind: NodeKind, flags: UInt8, event: yaml_event_t, first: Int32, count: Int32) throws(LoadError)
        -> Int32
    {
        guard nodes.count < Int(Int32.max) - 1 else {
            throw LoadError(path: path, position: position(event.start_mark), message: "too many nodes")
        }
        let index = Int32(nodes.count)
        var flags = flags
        var parent: Int32 = -1
        var slot: Int32 = -1
        if let frame = frames.last {
            parent = frame.node
            let siblings = scratch.count - frame.childStart
            if nodes[Int(frame.node)].kind == .mapping {
                if siblings % 2 == 0 { flags |= NodeRecord.isKey } else { slot = scratch[scratch.count - 1] }
            } else {
                slot = Int32(siblings)
            }
            scratch.append(index)
        } else {
            root = index
        }
        let start = real(event.start_mark)
        let end = real(event.end_mark)
        nodes.append(
            NodeRecord(
                kind: kind, flags: flags, line: start.line, column: start.column, endLine: end.line,
                endColumn: end.column, parent: parent, slot: slot, first: first, count: count))
        if kind != .scalar, isLiteralPlace(index) { nodes[Int(index)].flags |= NodeRecord.isLiteral }
        return index
    }

    /// Whether a collection sits where `$ref` is data: in or below an example, default, enum, const or extension
    /// value (outside property maps), a list of `examples`, or the `value` of a named example.
    func isLiteralPlace(_ node: Int32) -> Bool {
        let record = nodes[Int(node)]
        guard record.parent >= 0 else { return false }
        if nodes[Int(record.parent)].flags & NodeRecord.isLiteral != 0 { return true }
        guard let key = keyOf(node) else { return false }
        if let container = keyOf(record.parent),
            keyEquals(container, Self.propertiesKey) || keyEquals(container, Self.patternPropertiesKey)
        {
            return false
        }
        if keyStartsExtension(key) { return true }
        for literalKey in Self.literalKeys where keyEquals(key, literalKey) { return true }
        if record.kind == .sequence && keyEquals(key, Self.examplesKey) { return true }
        if keyEquals(key, Self.valueKey) {
            let grand = nodes[Int(record.parent)].parent
            if grand >= 0, let grandKey = keyOf(grand) { return keyEquals(grandKey, Self.examplesKey) }
        }
        return false
    }

    /// The key node under which `node` is a mapping value.
    func keyOf(_ node: Int32) -> Int32? {
        let record = nodes[Int(node)]
        guard record.flags & NodeRecord.isKey == 0, record.parent >= 0, nodes[Int(record.parent)].kind == .mapping,
            record.slot >= 0
        else { return nil }
        return record.slot
    }

    mutating func noteExpansion(_ size: Int) throws(LoadError) {
        guard !frames.isEmpty else { return }
        frames[frames.count - 1].expandedSize += size
    }

    mutating func close(_ event: yaml_event_t) throws(LoadError) {
        guard let frame = frames.popLast() else { return }
        let index = Int(frame.node)
        let first = children.count
        if nodes[index].kind == .mapping {
            if holdsMergeKey(from: frame.childStart) || mayRepeatKey(from: frame.childStart) {
                let members = dropDuplicates(mergeKeys(Array(scratch[frame.childStart...])))
                children.append(contentsOf: members)
            } else {
                children.append(contentsOf: scratch[frame.childStart...])
            }
            var holdsReference = false
            for pair in stride(from: first, to: children.count - 1, by: 2) {
                if keyEquals(children[pair], Self.refKey) {
                    referenceNodes.append(NodeID(frame.node))
                    if !holdsReference && nodes[Int(children[pair + 1])].kind == .scalar {
                        nodes[index].flags |= NodeRecord.holdsReference
                    }
                    holdsReference = true
                }
                if keyEquals(children[pair], Self.suppressionKey) { suppressionNodes.append(NodeID(frame.node)) }
            }
            nodes[index].count = Int32((children.count - first) / 2)
        } else {
            children.append(contentsOf: scratch[frame.childStart...])
            nodes[index].count = Int32(children.count - first)
        }
        scratch.removeSubrange(frame.childStart...)
        nodes[index].first = Int32(first)
        let end = real(event.end_mark)
        nodes[index].endLine = end.line
        nodes[index].endColumn = end.column
        if let anchor = frame.anchor { anchors[anchor] = (frame.node, frame.expandedSize) }
        if !frames.isEmpty { frames[frames.count - 1].expandedSize += frame.expandedSize }
    }

    /// Keys the tree recognises while it is built.
    static let refKey = Array("$ref".utf8)
    static let suppressionKey = Array("x-oasguard-ignore".utf8)
    static let mergeKey = Array("<<".utf8)
    static let propertiesKey = Array("properties".utf8)
    static let patternPropertiesKey = Array("patternProperties".utf8)
    static let examplesKey = Array("examples".utf8)
    static let valueKey = Array("value".utf8)
    static let literalKeys = ["example", "default", "enum", "const"].map { Array($0.utf8) }

    /// Whether the open mapping whose members start at `start` in `scratch` has a `<<` key.
    func holdsMergeKey(from start: Int) -> Bool {
        for pair in stride(from: start, to: scratch.count - 1, by: 2) where keyEquals(scratch[pair], Self.mergeKey) {
            return true
        }
        return false
    }

    /// Whether two keys of the open mapping whose members start at `start` in `scratch` may be equal: pairwise for
    /// small mappings, by hash for large ones (a collision only sends the mapping down the exact path).
    func mayRepeatKey(from start: Int) -> Bool {
        let pairs = (scratch.count - start) / 2
        guard pairs > 1 else { return false }
        if pairs <= 12 {
            for left in stride(from: start, to: start + pairs * 2, by: 2) {
                for right in stride(from: left + 2, to: start + pairs * 2, by: 2)
                where keysEqual(scratch[left], scratch[right]) {
                    return true
                }
            }
            return false
        }
        var hashes = Set<Int>(minimumCapacity: pairs)
        // Locals, so that the closure does not copy the builder.
        let (nodes, scratch) = (self.nodes, self.scratch)
        return scalarBytes.withUnsafeBytes { storage in
            for pair in stride(from: start, to: start + pairs * 2, by: 2) {
                let record = nodes[Int(scratch[pair])]
                guard record.kind == .scalar else { continue }
                var hasher = Hasher()
                hasher.combine(
                    bytes: UnsafeRawBufferPointer(
                        rebasing: storage[Int(record.first)..<Int(record.first + record.count)]))
                if !hashes.insert(hasher.finalize()).inserted { return true }
            }
            return false
        }
    }

    /// Whether node `key` is a scalar whose text is `text`.
    func keyEquals(_ key: Int32, _ text: [UInt8]) -> Bool {
        let record = nodes[Int(key)]
        guard record.kind == .scalar, Int(record.count) == text.count else { return false }
        return scalarBytes.withUnsafeBufferPointer { storage in
            let start = Int(record.first)
            for offset in 0..<text.count where storage[start + offset] != text[offset] { return false }
            return true
        }
    }

    /// Whether two nodes are scalars of the same text.
    func keysEqual(_ left: Int32, _ right: Int32) -> Bool {
        let (leftRecord, rightRecord) = (nodes[Int(left)], nodes[Int(right)])
        guard leftRecord.kind == .scalar, rightRecord.kind == .scalar, leftRecord.count == rightRecord.count else {
            return false
        }
        return scalarBytes.withUnsafeBufferPointer { storage in
            let (leftStart, rightStart) = (Int(leftRecord.first), Int(rightRecord.first))
            for offset in 0..<Int(leftRecord.count) where storage[leftStart + offset] != storage[rightStart + offset] {
                return false
            }
            return true
        }
    }

    /// Whether node `key` is a scalar whose text starts with `x-`.
    func keyStartsExtension(_ key: Int32) -> Bool {
        let record = nodes[Int(key)]
        guard record.kind == .scalar else { return false }
        return scalarBytes.withUnsafeBufferPointer {
            SourceFile.startsWithExtensionPrefix(
                UnsafeBufferPointer(rebasing: $0[Int(record.first)..<Int(record.first + record.count)]))
        }
    }

    func keyBytes(_ key: Int32) -> ArraySlice<UInt8>? {
        let record = nodes[Int(key)]
        guard record.kind == .scalar else { return nil }
        return scalarBytes[Int(record.first)..<Int(record.first + record.count)]
    }

    /// Applies YAML merge keys (`<<: *base`): merged entries come after the mapping's own, which win.
    func mergeKeys(_ members: [Int32]) -> [Int32] {
        let mergeKey = Self.mergeKey
        guard
            stride(from: 0, to: members.count - 1, by: 2).contains(where: {
                keyBytes(members[$0])?.elementsEqual(mergeKey) == true
            })
        else { return members }
        var own: [Int32] = []
        var sources: [Int32] = []
        for pair in stride(from: 0, to: members.count - 1, by: 2) {
            let key = members[pair]
            if nodes[Int(key)].flags & NodeRecord.quoted == 0, keyBytes(key).map(Array.init) == mergeKey {
                let value = nodes[Int(members[pair + 1])]
                if value.kind == .mapping {
                    sources.append(members[pair + 1])
                } else if value.kind == .sequence {
                    for item in children[Int(value.first)..<Int(value.first + value.count)]
                    where nodes[Int(item)].kind == .mapping {
                        sources.append(item)
                    }
                }
            } else {
                own.append(key)
                own.append(members[pair + 1])
            }
        }
        guard !sources.isEmpty else { return members }
        var seen = Set(stride(from: 0, to: own.count, by: 2).compactMap { keyBytes(own[$0]) })
        for source in sources {
            let record = nodes[Int(source)]
            let entries = children[Int(record.first)..<Int(record.first + record.count * 2)]
            for pair in stride(from: entries.startIndex, to: entries.endIndex, by: 2) {
                guard let key = keyBytes(entries[pair]), seen.insert(key).inserted else { continue }
                own.append(entries[pair])
                own.append(entries[pair + 1])
            }
        }
        return own
    }

    /// Keeps the first of repeated keys and records the others.
    mutating func dropDuplicates(_ members: [Int32]) -> [Int32] {
        let pairs = members.count / 2
        guard pairs > 1 else { return members }
        var firstByKey: [ArraySlice<UInt8>: Int32] = [:]
        firstByKey.reserveCapacity(pairs)
        var kept: [Int32] = []
        var dropped = false
        for pair in stride(from: 0, to: pairs * 2, by: 2) {
            let key = members[pair]
            if let bytes = keyBytes(key), nodes[Int(key)].flags & NodeRecord.isAlias == 0 {
                if let first = firstByKey[bytes] {
                    duplicateKeys.append((NodeID(first), NodeID(key)))
                    dropped = true
                    continue
                }
                firstByKey[bytes] = key
            }
            kept.append(key)
            kept.append(members[pair + 1])
        }
        return dropped ? kept : members
    }

    func position(_ mark: yaml_mark_t) -> Position { YAMLLoader.real(mark, lineMap) }

    /// The 0-based line and column of a mark, lines counted as SARIF counts them.
    func real(_ mark: yaml_mark_t) -> (line: UInt32, column: UInt32) {
        let line = UInt32(clamping: mark.line)
        let column = UInt32(clamping: mark.column)
        return lineMap?.map(line: line, column: column) ?? (line, column)
    }

    func finish(bytes: [UInt8]) -> SourceFile {
        SourceFile(
            path: path, bytes: bytes, root: root >= 0 ? NodeID(root) : nil, nodes: nodes, children: children,
            scalarBytes: scalarBytes, duplicateKeys: duplicateKeys, referenceNodes: referenceNodes.sorted(),
            suppressionNodes: suppressionNodes.sorted())
    }
}
