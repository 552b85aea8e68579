import CYAML
import Dispatch
import Platform
import Synchronization

/// Turns YAML or JSON bytes into a `SourceFile` by reading libyaml's events straight into flat storage.
public enum YAMLLoader {
    /// Parses `bytes`; `path` is used for positions in errors and in the tree.
    public static func parse(_ bytes: [UInt8], path: String, limits: LoadLimits = .default) throws(LoadError)
        -> SourceFile
    {
        try parse(bytes, path: path, limits: limits, pipelinedFrom: pipelinedBytes)
    }

    /// Parses `bytes`, on a second thread when they are `pipelinedFrom` bytes or more, in two parts at once when
    /// they are `splitFrom` bytes or more and divide well (`TextSplit`).
    static func parse(
        _ bytes: [UInt8], path: String, limits: LoadLimits, pipelinedFrom threshold: Int, splitFrom: Int = splitBytes
    ) throws(LoadError) -> SourceFile {
        let text = try TextEncoding.utf8(bytes, path: path)
        let rewritten = SurrogateEscapes.rewrite(text)
        let parsed = rewritten ?? text
        let lines = parsed.withUnsafeBufferPointer(LineIndex.init)
        if rewritten == nil, bytes.count >= splitFrom,
            let file = parsedInHalves(text, path: path, limits: limits, lines: lines)
        {
            return file
        }
        var builder = TreeBuilder(path: path, limits: limits, text: text, textIsParsed: rewritten == nil, lines: lines)
        let outcome = parsed.withUnsafeBufferPointer { buffer in
            run(PartText(buffer), into: &builder, path: path, lines: lines, pipelinedFrom: threshold)
        }
        if case .failure(let error) = outcome { throw error }
        return builder.finish()
    }

    /// Parses `text` (the whole or a part) into `builder`: on a second thread when it is `threshold` bytes or more,
    /// so libyaml parses while the tree is built.
    private static func run(
        _ text: PartText, into builder: inout TreeBuilder, path: String, lines: LineIndex,
        pipelinedFrom threshold: Int
    ) -> Result<Void, LoadError> {
        var parser = yaml_parser_t()
        guard yaml_parser_initialize(&parser) != 0 else {
            return .failure(LoadError(path: path, message: "could not initialise the YAML parser"))
        }
        defer { yaml_parser_delete(&parser) }
        let buffer = text.own
        if text.isOneBuffer {
            yaml_parser_set_input_string(&parser, buffer.baseAddress ?? UnsafePointer(bitPattern: 1), buffer.count)
        } else {
            yaml_parser_set_input(
                &parser, { PartText.read($0, $1, $2, $3) }, Unmanaged.passUnretained(text).toOpaque())
        }
        if text.count >= threshold,
            let outcome = withUnsafeMutablePointer(
                to: &parser,
                { parser in
                    EventPipeline(parser: parser, bytes: buffer, path: path, lines: lines).run(into: &builder)
                })
        {
            return outcome
        }
        var event = yaml_event_t()
        while true {
            guard yaml_parser_parse(&parser, &event) != 0 else {
                return .failure(parserError(parser, bytes: buffer, path: path, lines: lines))
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

    /// From this size on, a file that divides well (`TextSplit`) is parsed as two parts at once, one on each core,
    /// and the trees are joined.
    public static let splitBytes = 3 << 20

    /// The tree of `text` (in which no surrogate escape was rewritten) parsed in two parts at once, split nearest
    /// its middle (`TextSplit`); nil when nothing divides it, either part fails, or the parts do not join as the
    /// whole would parse: the caller then parses the whole, which gives the same tree or the error the whole has.
    ///
    /// Each part is parsed and built on one thread, never pipelined: the parts already keep both cores busy, and a
    /// pipeline for each put four threads on two cores (Datadog's 4.5 MB parts ended their parse some 50 ms later).
    static func parsedInHalves(_ text: [UInt8], path: String, limits: LoadLimits, lines: LineIndex) -> SourceFile? {
        guard let split = text.withUnsafeBufferPointer({ TextSplit.find(in: $0, lines: lines) }) else { return nil }
        return text.withUnsafeBufferPointer { whole -> SourceFile? in
            var first = TreeBuilder(path: path, limits: limits, text: text, textIsParsed: true, lines: lines)
            first.keptOpen = split.depth
            first.keptOpenFrom = split.firstEndCharacter
            let outcome = split.firstSuffix.withUnsafeBufferPointer { suffix in
                split.secondPrefix.withUnsafeBufferPointer { prefix in
                    let second = SecondPart(
                        TreeBuilder(
                            path: path, limits: limits, text: text, textIsParsed: true, lines: lines, from: split),
                        text: PartText(UnsafeBufferPointer(rebasing: whole[split.secondStart...]), after: prefix))
                    let parsed = Alongside.run(
                        {
                            second.outcome = run(
                                second.text, into: &second.builder, path: path, lines: lines, pipelinedFrom: .max)
                        },
                        {
                            run(
                                PartText(UnsafeBufferPointer(rebasing: whole[..<split.firstEnd]), before: suffix),
                                into: &first, path: path, lines: lines, pipelinedFrom: .max)
                        })
                    return (parsed, second)
                }
            }
            // The first part ends where the second starts, as libyaml counts characters.
            guard case .success? = outcome.0, case .success? = outcome.1.outcome,
                first.openEnd?.start.index == split.firstEndCharacter
            else { return nil }
            do throws(LoadError) {
                try first.join(outcome.1.builder, depth: split.depth, columns: split.columns)
            } catch {
                return nil
            }
            return first.finish()
        }
    }

    /// The second part's text, builder and outcome, filled on the thread that parses it.
    private final class SecondPart: @unchecked Sendable {
        let text: PartText
        var builder: TreeBuilder
        var outcome: Result<Void, LoadError>?
        init(_ builder: TreeBuilder, text: PartText) {
            self.builder = builder
            self.text = text
        }
    }

    /// The text one parser reads: bytes of the file, with the text a split adds before or after them
    /// (`TextSplit.secondPrefix`, `firstSuffix`) handed to libyaml in turn, so the file's bytes are not copied.
    private final class PartText {
        /// The file's bytes, and the pieces libyaml reads in order.
        let own: UnsafeBufferPointer<UInt8>
        let pieces: [UnsafeBufferPointer<UInt8>]
        /// The piece being read and how far into it.
        var piece = 0
        var offset = 0

        init(
            _ own: UnsafeBufferPointer<UInt8>, after prefix: UnsafeBufferPointer<UInt8> = .init(start: nil, count: 0),
            before suffix: UnsafeBufferPointer<UInt8> = .init(start: nil, count: 0)
        ) {
            self.own = own
            pieces = [prefix, own, suffix].filter { !$0.isEmpty }
        }

        /// Whether libyaml can read the file's bytes as one string.
        var isOneBuffer: Bool { pieces.count <= 1 }
        var count: Int { pieces.reduce(0) { $0 + $1.count } }

        /// libyaml's read handler, `data` being the part's text: copies the next bytes of the pieces into `buffer`,
        /// none at the end.
        static func read(
            _ data: UnsafeMutableRawPointer?, _ buffer: UnsafeMutablePointer<UInt8>?, _ size: Int,
            _ sizeRead: UnsafeMutablePointer<Int>?
        ) -> Int32 {
            guard let data, let buffer, let sizeRead else { return 0 }
            let text = Unmanaged<PartText>.fromOpaque(data).takeUnretainedValue()
            var written = 0
            while written < size, text.piece < text.pieces.count {
                let source = text.pieces[text.piece]
                let length = min(size - written, source.count - text.offset)
                (buffer + written).update(from: source.baseAddress! + text.offset, count: length)
                written += length
                text.offset += length
                if text.offset == source.count {
                    text.piece += 1
                    text.offset = 0
                }
            }
            sizeRead.pointee = written
            return 1
        }
    }

    /// From this size on, libyaml parses on a thread of its own while the tree is built from its events. Below it the
    /// time saved is a few milliseconds, and the ring of events (about 420 KB, with the text of the events in it)
    /// would weigh on the memory of the file: a third of its size at 1.4 MB.
    static let pipelinedBytes = 2 << 20

    /// Below this size, the tree's nodes and children are copied to storage of their size once built: the storage
    /// reserved from the file's size comes from the heap there, where its unused part shares pages with other
    /// allocations and stays resident (2,907 small files: 1.2 MB). Above it, the unused part is mapped but never
    /// touched, and copying would only cost time.
    static let fittedBelowBytes = 1 << 20

    /// Reads a file (refusing anything but a regular file within the size limit) and parses it.
    public static func load(path: String, limits: LoadLimits = .default) throws(LoadError) -> SourceFile {
        let bytes = try FileReader.read(path: path, maxBytes: limits.maxFileBytes)
        return try parse(bytes, path: path, limits: limits)
    }

    static func parserError(
        _ parser: yaml_parser_t, bytes: UnsafeBufferPointer<UInt8>, path: String, lines: LineIndex
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
            let contextMark = lines.position(of: parser.context_mark)
            message += " (\(context) at line \(contextMark.line), column \(contextMark.column))"
        }
        if problem.contains("found character that cannot start any token") {
            message += "; tabs cannot indent YAML, and `@` or a backquote cannot start a plain value"
        }
        return LoadError(path: path, position: lines.position(of: mark), message: message)
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
///
/// Every step works in place on the builder's arrays: the readers it calls are static functions over the arrays
/// they read, so no step copies the builder.
private struct TreeBuilder: EventConsumer {
    /// An open mapping or sequence.
    struct Frame {
        var node: Int32
        var childStart: Int
        /// `expandedNodes` when the collection opened, before it was counted.
        var expandedBefore: Int
        var anchor: String?
    }

    let path: String
    let limits: LoadLimits
    let lines: LineIndex
    /// Whether libyaml reads the file's own bytes (no surrogate escape was rewritten), so scalars can be ranges of
    /// them.
    let textIsParsed: Bool
    var nodes: [NodeRecord] = []
    var children: [Int32] = []
    var scalarText: ScalarText
    /// Where scalars are in the file's bytes: they come in order, so finding them all reads the line index's byte
    /// shifts once.
    var characterBytes = LineIndex.CharacterBytes()
    var collectionKeys: [Int32: Int32] = [:]
    var farParents = FarParents()
    var longEnds: [Int32: UInt32] = [:]
    var scratch: [Int32] = []
    var frames: [Frame] = []
    var anchors: [String: (node: Int32, size: Int)] = [:]
    /// How many nodes the tree holds so far with every alias expanded: a collection's expanded size is the
    /// growth of this count between its start and its end.
    var expandedNodes = 0
    var aliasExpansion = 0
    var documents = 0
    var root: Int32 = -1
    var duplicateKeys: [(first: NodeID, duplicate: NodeID)] = []
    var referenceNodes: [NodeID] = []
    var suppressionNodes: [NodeID] = []
    /// Added to every mark's index: the characters before the part of the text this builder reads, less the
    /// characters of text added before it (`TextSplit.secondPrefix`).
    var characterOffset = 0
    /// Marks before this index (before `characterOffset` is added) are in the added text: its nodes are dropped
    /// when the parts join, and their text is the first `syntheticCopies` bytes of `scalarText.copies`.
    var syntheticCharacters = 0
    var syntheticCopies = 0
    /// How many mappings the added text opens (`TextSplit.depth`).
    var syntheticFrames = 0
    /// How many collections stay open when the part ends, for the other part's members to join them
    /// (`YAMLLoader.parsedInHalves`); `openEnd` is then the marks of the event that would have closed the last.
    var keptOpen = 0
    /// The character index from which the events that would close those collections come (the part's end).
    var keptOpenFrom = 0
    var openEnd: (start: yaml_mark_t, end: yaml_mark_t)?
    /// The second part's closes of the mappings the added text reopened under the root, innermost first.
    var reopenedCloses: [ReopenedClose] = []

    /// Where a mapping the added text reopened closed in the second part.
    struct ReopenedClose {
        /// How many mappings are open outside it (its `TextSplit.columns` index).
        var level: Int
        /// Where its members went in `children`.
        var members: Range<Int>
        /// How many nodes there were then: nodes from there on have their members after these.
        var nodesBefore: Int
        var end: yaml_mark_t
        /// Whether closing it changed nothing of its members (no merge, repeated, `$ref` or suppression key).
        var plain: Bool
    }

    /// Reserves storage from the size of the text it reads (from `readFrom` on), so the arrays never grow by copying;
    /// capacity that stays unused is never touched and costs no resident memory.
    init(
        path: String, limits: LoadLimits, text: [UInt8], textIsParsed: Bool, lines: LineIndex,
        readFrom start: Int = 0
    ) {
        self.path = path
        self.limits = limits
        self.lines = lines
        self.textIsParsed = textIsParsed
        scalarText = ScalarText(file: text)
        nodes.reserveCapacity((text.count - start) / 8 + 16)
        children.reserveCapacity((text.count - start) / 8 + 16)
    }

    /// A builder for the second part of a split text, whose nodes `join` adds to the first part's.
    init(path: String, limits: LoadLimits, text: [UInt8], textIsParsed: Bool, lines: LineIndex, from split: TextSplit) {
        self.init(
            path: path, limits: limits, text: text, textIsParsed: textIsParsed, lines: lines,
            readFrom: split.secondStart)
        characterOffset = split.secondStartCharacter - split.secondPrefixCharacters
        syntheticCharacters = split.secondPrefixCharacters
        syntheticFrames = split.depth
        keptOpen = 1
    }

    mutating func handle(_ event: yaml_event_t) throws(LoadError) {
        // After the collections left open, only a second document (an error) is read.
        if openEnd != nil, event.type != YAML_DOCUMENT_START_EVENT { return }
        let synthetic = event.start_mark.index < syntheticCharacters
        var event = event
        event.start_mark.index += characterOffset
        event.end_mark.index += characterOffset
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
            var flags: UInt8 = 0
            if scalar.style != YAML_PLAIN_SCALAR_STYLE { flags |= NodeRecord.quoted }
            if scalar.style == YAML_LITERAL_SCALAR_STYLE || scalar.style == YAML_FOLDED_SCALAR_STYLE {
                flags |= NodeRecord.isBlockScalar
            }
            var offset = Int32(scalarText.copies.count)
            if let value = scalar.value, scalar.length > 0 {
                let text = UnsafeBufferPointer(start: value, count: Int(scalar.length))
                // A long scalar is copied, its length kept before its text.
                if !synthetic, text.count < Int(NodeRecord.longCount),
                    let inFile = fileOffset(of: text, style: scalar.style, at: event.start_mark)
                {
                    offset = Int32(inFile)
                    flags |= NodeRecord.textInFile
                } else {
                    offset = scalarText.appendCopy(text)
                    if synthetic { syntheticCopies = scalarText.copies.count }
                }
            }
            let index = try add(
                kind: .scalar, flags: flags, start: event.start_mark, end: event.end_mark, first: offset,
                shortCount: NodeRecord.shortCount(Int(scalar.length)))
            expandedNodes += 1
            if let anchor = scalar.anchor { anchors[String(cString: anchor)] = (index, 1) }
        case YAML_SEQUENCE_START_EVENT, YAML_MAPPING_START_EVENT:
            let isMapping = event.type == YAML_MAPPING_START_EVENT
            let anchor = isMapping ? event.data.mapping_start.anchor : event.data.sequence_start.anchor
            let index = try add(
                kind: isMapping ? .mapping : .sequence, flags: 0, start: event.start_mark, end: event.end_mark,
                first: 0, shortCount: 0)
            if frames.count >= limits.maxDepth {
                throw LoadError(
                    path: path, position: position(event.start_mark),
                    message: "nesting is deeper than \(limits.maxDepth) levels (raise it with --max-depth)")
            }
            frames.append(
                Frame(
                    node: index, childStart: scratch.count, expandedBefore: expandedNodes,
                    anchor: anchor.map { String(cString: $0) }))
            expandedNodes += 1
        case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
            if keptOpen > 0, frames.count == keptOpen, event.start_mark.index >= keptOpenFrom {
                openEnd = (event.start_mark, event.end_mark)
            } else {
                close(at: event.end_mark)
            }
        case YAML_ALIAS_EVENT:
            let name = event.data.alias.anchor.map { String(cString: $0) } ?? ""
            guard let target = anchors[name] else {
                throw LoadError(
                    path: path, position: position(event.start_mark),
                    message: "alias '*\(name)' names no anchor before it")
            }
            let record = nodes[Int(target.node)]
            expandedNodes += target.size
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
                flags: (record.flags & ~(NodeRecord.isKey | NodeRecord.isLiteral | NodeRecord.followsCollectionKey))
                    | NodeRecord.isAlias,
                start: event.start_mark, end: event.end_mark,
                first: record.first, shortCount: record.shortCount)
        default:
            break
        }
    }

    /// Adds a node under the innermost open collection.
    @inline(__always)
    mutating func add(
        kind: NodeKind, flags: UInt8, start startMark: yaml_mark_t, end endMark: yaml_mark_t, first: Int32,
        shortCount: UInt16
    ) throws(LoadError) -> Int32 {
        guard nodes.count < Int(Int32.max) - 1 else {
            throw LoadError(path: path, position: position(startMark), message: "too many nodes")
        }
        let index = Int32(nodes.count)
        var flags = flags
        var parent: Int32 = -1
        /// The key node when the new node is a mapping value.
        var key: Int32 = -1
        if let open = frames.indices.last {
            parent = frames[open].node
            if nodes[Int(parent)].kind == .mapping {
                if (scratch.count - frames[open].childStart) % 2 == 0 {
                    flags |= NodeRecord.isKey
                } else {
                    key = scratch[scratch.count - 1]
                    if key != index - 1 {
                        flags |= NodeRecord.followsCollectionKey
                        collectionKeys[index] = key
                    }
                }
            }
            scratch.append(index)
        } else {
            root = index
        }
        if kind != .scalar, parent >= 0,
            Self.isLiteralPlace(
                kind: kind, parent: parent, key: key, nodes: nodes, scalarText: scalarText,
                collectionKeys: collectionKeys, farParents: farParents)
        {
            flags |= NodeRecord.isLiteral
        }
        var record = NodeRecord(
            kind: kind, flags: flags, start: lines.index(of: startMark), first: first, shortCount: shortCount)
        record.setParent(parent, of: index, farParents: &farParents)
        nodes.append(record)
        setEnd(of: index, to: endMark)
        return index
    }

    /// Records where node `index` ends: as its length when that fits, else in `longEnds`.
    mutating func setEnd(of index: Int32, to mark: yaml_mark_t) {
        let start = nodes[Int(index)].start
        let end = lines.index(of: mark)
        if end >= start, end - start < UInt32(NodeRecord.longLength) {
            if nodes[Int(index)].length == NodeRecord.longLength { longEnds[index] = nil }
            nodes[Int(index)].length = UInt16(end - start)
        } else {
            nodes[Int(index)].length = NodeRecord.longLength
            longEnds[index] = end
        }
    }

    /// The byte offset in the file where a plain or quoted scalar's text is written as is, found from the
    /// scalar's start mark; nil when the text differs from what is written (escapes, folded lines) or the file's
    /// bytes are not what libyaml reads.
    mutating func fileOffset(of text: UnsafeBufferPointer<UInt8>, style: yaml_scalar_style_t, at mark: yaml_mark_t)
        -> Int?
    {
        guard textIsParsed, mark.index < lines.characterCount else { return nil }
        let opening: Int
        switch style {
        case YAML_PLAIN_SCALAR_STYLE: opening = 0
        case YAML_SINGLE_QUOTED_SCALAR_STYLE, YAML_DOUBLE_QUOTED_SCALAR_STYLE: opening = 1
        default: return nil
        }
        let start = byteOffset(ofCharacter: Int(mark.index)) + opening
        return scalarText.file.withUnsafeBufferPointer { file in
            guard start + text.count <= file.count,
                UnsafeBufferPointer(rebasing: file[start..<start + text.count]).sameBytes(as: text)
            else { return nil }
            return start
        }
    }

    /// The byte offset of a character index.
    mutating func byteOffset(ofCharacter target: Int) -> Int {
        if lines.isASCII { return lines.firstByte + target }
        return scalarText.file.withUnsafeBufferPointer { file in
            characterBytes.byteOffset(ofCharacter: target, lines: lines, in: file)
        }
    }

    /// Whether a collection under `parent` (with `key` its key node when `parent` is a mapping) sits where `$ref` is data: in or below an example, default, enum, const or extension value
    /// (outside property maps), a list of `examples`, or the `value` of a named example.
    static func isLiteralPlace(
        kind: NodeKind, parent: Int32, key: Int32, nodes: [NodeRecord], scalarText: ScalarText,
        collectionKeys: [Int32: Int32], farParents: FarParents
    ) -> Bool {
        let container = nodes[Int(parent)]
        if container.flags & NodeRecord.isLiteral != 0 { return true }
        guard container.kind == .mapping, key >= 0 else { return false }
        if let containerKey = keyOf(parent, nodes: nodes, collectionKeys: collectionKeys, farParents: farParents),
            scalar(containerKey, is: "properties", nodes: nodes, scalarText: scalarText)
                || scalar(containerKey, is: "patternProperties", nodes: nodes, scalarText: scalarText)
        {
            return false
        }
        let keyRecord = nodes[Int(key)]
        guard keyRecord.kind == .scalar else { return false }
        if scalarText.withBytes(keyRecord, SourceFile.startsWithExtensionPrefix) { return true }
        for literalKey in literalKeys where scalar(key, is: literalKey, nodes: nodes, scalarText: scalarText) {
            return true
        }
        if kind == .sequence && scalar(key, is: "examples", nodes: nodes, scalarText: scalarText) { return true }
        if scalar(key, is: "value", nodes: nodes, scalarText: scalarText) {
            let grand = container.parent(of: parent, farParents: farParents)
            if grand >= 0,
                let grandKey = keyOf(grand, nodes: nodes, collectionKeys: collectionKeys, farParents: farParents)
            {
                return scalar(grandKey, is: "examples", nodes: nodes, scalarText: scalarText)
            }
        }
        return false
    }

    /// The key node under which `node` is a mapping value.
    static func keyOf(_ node: Int32, nodes: [NodeRecord], collectionKeys: [Int32: Int32], farParents: FarParents)
        -> Int32?
    {
        let record = nodes[Int(node)]
        guard record.flags & NodeRecord.isKey == 0 else { return nil }
        let parent = record.parent(of: node, farParents: farParents)
        guard parent >= 0, nodes[Int(parent)].kind == .mapping else { return nil }
        let key = record.key(ofValue: node, collectionKeys: collectionKeys)
        return key >= 0 ? key : nil
    }

    mutating func close(at end: yaml_mark_t) {
        guard let frame = frames.popLast() else { return }
        let index = Int(frame.node)
        let first: Int
        let count: Int
        /// Whether closing the mapping changes nothing of its members (no merge, repeated, `$ref` or suppression key).
        var plain = false
        if nodes[index].kind == .mapping {
            let keys = Self.recognisedKeys(scratch[frame.childStart...], nodes: nodes, scalarText: scalarText)
            let reworked =
                keys.contains(.merge)
                || Self.mayRepeatKey(scratch[frame.childStart...], nodes: nodes, scalarText: scalarText)
            plain = keys.isEmpty && !reworked
            if reworked {
                let members = dropDuplicates(mergeKeys(Array(scratch[frame.childStart...])))
                count = members.count / 2
                first = appendChildren(members, count: count)
            } else {
                count = (scratch.count - frame.childStart) / 2
                first = appendChildren(scratch[frame.childStart...], count: count)
            }
            // Merged members may bring a `$ref` of their own.
            if !keys.isEmpty {
                noteReferenceAndSuppression(frame.node, members: first..<children.count)
            }
        } else {
            count = scratch.count - frame.childStart
            first = appendChildren(scratch[frame.childStart...], count: count)
        }
        scratch.removeLast(scratch.count - frame.childStart)
        nodes[index].first = Int32(first)
        nodes[index].shortCount = NodeRecord.shortCount(count)
        if index > 0, index < 2 * syntheticFrames - 1 {
            reopenedCloses.append(
                ReopenedClose(
                    level: index / 2, members: first..<children.count, nodesBefore: nodes.count, end: end,
                    plain: plain && count < Int(NodeRecord.longCount)))
        }
        setEnd(of: frame.node, to: end)
        if let anchor = frame.anchor { anchors[anchor] = (frame.node, expandedNodes - frame.expandedBefore) }
    }

    /// Appends a collection's members (items, or key, value pairs) to `children`, after their count when that does
    /// not fit `NodeRecord.shortCount`; where they start.
    mutating func appendChildren<Members: Collection<Int32>>(_ members: Members, count: Int) -> Int {
        if count >= Int(NodeRecord.longCount) { children.append(Int32(count)) }
        children.append(contentsOf: members)
        return children.count - members.count
    }

    /// Adds the nodes of the second part of a split text (`second`, whose own root and reopened mappings stand for
    /// this part's `depth` open ones, with keys in `columns` in block-style YAML) as if one builder had read the
    /// whole: their members join this part's, every other node keeps its order, and each open collection closes
    /// where the second part's closed. Throws when the parts do not join so, or when their aliases together expand
    /// too far.
    mutating func join(_ second: TreeBuilder, depth: Int, columns: [Int]) throws(LoadError) {
        // The second part begins with its root, then a key and the mapping under it for each reopened mapping.
        let synthetic = 2 * depth - 1
        let opening = [NodeKind.mapping] + repeatElement([NodeKind.scalar, .mapping], count: depth - 1).joined()
        let reopened = second.reopenedCloses
        guard frames.count == depth, second.frames.count == 1, second.root == 0, let end = second.openEnd?.end,
            second.nodes.prefix(synthetic).elementsEqual(opening, by: { $0.kind == $1 }),
            reopened.map(\.level) == Array((1..<depth).reversed()), reopened.allSatisfy(\.plain),
            depth == 1 || second.aliasExpansion == 0 && frames.dropFirst().allSatisfy({ $0.anchor == nil }),
            columns.isEmpty || opensAsReopened(by: second, columns: columns)
        else { throw LoadError(path: path, message: "the parts of the text do not join") }
        aliasExpansion += second.aliasExpansion
        if aliasExpansion > limits.maxAliasExpansion {
            throw LoadError(path: path, message: "aliases expand too far")
        }
        let offset = Int32(nodes.count - synthetic)
        let open = frames.map(\.node)
        func moved(_ node: Int32) -> Int32 {
            node >= synthetic ? node + offset : node % 2 == 0 ? open[Int(node / 2)] : -1
        }
        let copyOffset = Int32(scalarText.copies.count - second.syntheticCopies)
        scalarText.copies += second.scalarText.copies[second.syntheticCopies...]
        // Each reopened mapping's members in this part go before the second part's, where those were put; the
        // second part's own key and mapping that stand for the next one in are left out.
        let ownMembers = (1..<depth).map { level in
            scratch[frames[level].childStart..<(level + 1 < depth ? frames[level + 1].childStart : scratch.count)]
        }
        let standIns = { (close: ReopenedClose) in close.level + 1 < depth ? 2 : 0 }
        // How many members each reopened mapping has once joined; one of 65,535 or more keeps its count before its
        // members (`appendChildren`), one element more before everything that follows.
        let joinedCount = { (close: ReopenedClose) in
            (ownMembers[close.level - 1].count + close.members.count - standIns(close)) / 2
        }
        let countSlots = { (close: ReopenedClose) in joinedCount(close) >= Int(NodeRecord.longCount) ? 1 : 0 }
        let childOffset = Int32(children.count)
        for (node, var record) in second.nodes.enumerated().dropFirst(synthetic) {
            if record.kind != .scalar {
                // A long collection's count sits among the children, where moving node ids would change it.
                guard record.shortCount != NodeRecord.longCount else {
                    throw LoadError(path: path, message: "the parts of the text do not join")
                }
                var shift = childOffset
                for close in reopened where node >= close.nodesBefore {
                    shift += Int32(ownMembers[close.level - 1].count - standIns(close) + countSlots(close))
                }
                record.first += shift
            } else if record.flags & NodeRecord.textInFile == 0 {
                record.first += copyOffset
            }
            let parent = record.parent(of: Int32(node), farParents: second.farParents)
            record.setParent(moved(parent), of: Int32(nodes.count), farParents: &farParents)
            nodes.append(record)
        }
        var read = second.children.startIndex
        for close in reopened {
            children += second.children[read..<close.members.lowerBound].lazy.map(moved)
            let count = joinedCount(close)
            let first = appendChildren(ownMembers[close.level - 1], count: count)
            children += second.children[close.members.lowerBound + standIns(close)..<close.members.upperBound]
                .lazy.map(moved)
            read = close.members.upperBound
            let joined = children[first...]
            guard Self.recognisedKeys(joined, nodes: nodes, scalarText: scalarText).isEmpty,
                !Self.mayRepeatKey(joined, nodes: nodes, scalarText: scalarText)
            else { throw LoadError(path: path, message: "the parts of the text do not join") }
            let mapping = Int(open[close.level])
            nodes[mapping].first = Int32(first)
            nodes[mapping].shortCount = NodeRecord.shortCount(count)
            setEnd(of: Int32(mapping), to: close.end)
        }
        children += second.children[read...].lazy.map(moved)
        for (value, key) in second.collectionKeys where value >= synthetic {
            collectionKeys[moved(value)] = moved(key)
        }
        for (node, end) in second.longEnds where node >= synthetic { longEnds[moved(node)] = end }
        let movedID = { (node: NodeID) in NodeID(moved(node.index)) }
        duplicateKeys += second.duplicateKeys.map { (movedID($0.first), movedID($0.duplicate)) }
        referenceNodes += second.referenceNodes.map(movedID)
        suppressionNodes += second.suppressionNodes.map(movedID)
        if depth > 1 {
            scratch.removeLast(scratch.count - frames[1].childStart)
            frames.removeLast(depth - 1)
        }
        // The root's key and mapping that stand for the first reopened one are left out.
        scratch += second.scratch.dropFirst(depth > 1 ? 2 : 0).map(moved)
        expandedNodes += second.expandedNodes - synthetic
        openEnd = nil
        keptOpen = 0
        close(at: end)
    }

    /// Whether this part's open mappings are those the second part's added text reopens: each at the column of its
    /// keys there, under a key of the same text, so the second part's text goes on as it does after this part's.
    func opensAsReopened(by second: TreeBuilder, columns: [Int]) -> Bool {
        for (level, frame) in frames.enumerated() {
            guard lines.place(nodes[Int(frame.node)].start).column == columns[level] else { return false }
            if level > 0 {
                let key = scratch[frame.childStart - 2]
                guard let text = keyBytes(key), let reopenedText = second.keyBytes(Int32(2 * level - 1)),
                    text.elementsEqual(reopenedText), lines.place(nodes[Int(key)].start).column == columns[level - 1]
                else { return false }
            }
        }
        return true
    }

    /// Records a closed mapping whose members (key, value pairs at `members` in `children`) hold `$ref` or
    /// `x-oasguard-ignore`.
    mutating func noteReferenceAndSuppression(_ mapping: Int32, members: Range<Int>) {
        var holdsReference = false
        for pair in stride(from: members.lowerBound, to: members.upperBound - 1, by: 2) {
            if Self.scalar(children[pair], is: Self.refKey, nodes: nodes, scalarText: scalarText) {
                referenceNodes.append(NodeID(mapping))
                if !holdsReference && nodes[Int(children[pair + 1])].kind == .scalar {
                    nodes[Int(mapping)].flags |= NodeRecord.holdsReference
                }
                holdsReference = true
            }
            if Self.scalar(children[pair], is: Self.suppressionKey, nodes: nodes, scalarText: scalarText) {
                suppressionNodes.append(NodeID(mapping))
            }
        }
    }

    /// Keys the tree recognises while it is built.
    static var refKey: StaticString { "$ref" }
    static var suppressionKey: StaticString { "x-oasguard-ignore" }
    static var mergeKey: StaticString { "<<" }
    static let literalKeys: [StaticString] = ["example", "default", "enum", "const"]

    /// Which of the keys that need work when a mapping closes it holds.
    struct RecognisedKeys: OptionSet {
        let rawValue: UInt8
        static let merge = RecognisedKeys(rawValue: 1)
        static let reference = RecognisedKeys(rawValue: 2)
        static let suppression = RecognisedKeys(rawValue: 4)
    }

    /// The recognised keys among the keys of a mapping's members (key, value pairs), told apart by length first.
    static func recognisedKeys(
        _ members: ArraySlice<Int32>, nodes: [NodeRecord], scalarText: ScalarText
    ) -> RecognisedKeys {
        var found: RecognisedKeys = []
        for pair in stride(from: members.startIndex, to: members.endIndex - 1, by: 2) {
            let key = members[pair]
            switch Int(nodes[Int(key)].shortCount) {
            case mergeKey.utf8CodeUnitCount:
                if scalar(key, is: mergeKey, nodes: nodes, scalarText: scalarText) { found.insert(.merge) }
            case refKey.utf8CodeUnitCount:
                if scalar(key, is: refKey, nodes: nodes, scalarText: scalarText) { found.insert(.reference) }
            case suppressionKey.utf8CodeUnitCount:
                if scalar(key, is: suppressionKey, nodes: nodes, scalarText: scalarText) {
                    found.insert(.suppression)
                }
            default: break
            }
        }
        return found
    }

    /// Whether two keys of a mapping's members (key, value pairs) may be equal: pairwise for small mappings, by
    /// hash for large ones (a collision only sends the mapping down the exact path).
    static func mayRepeatKey(_ members: ArraySlice<Int32>, nodes: [NodeRecord], scalarText: ScalarText) -> Bool {
        let pairs = members.count / 2
        guard pairs > 1 else { return false }
        let start = members.startIndex
        if pairs <= 12 {
            for left in stride(from: start, to: start + pairs * 2, by: 2) {
                for right in stride(from: left + 2, to: start + pairs * 2, by: 2)
                where scalarsEqual(members[left], members[right], nodes: nodes, scalarText: scalarText) {
                    return true
                }
            }
            return false
        }
        var hashes = Set<Int>(minimumCapacity: pairs)
        for pair in stride(from: start, to: start + pairs * 2, by: 2) {
            let record = nodes[Int(members[pair])]
            guard record.kind == .scalar else { continue }
            var hasher = Hasher()
            scalarText.withBytes(record) { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
            if !hashes.insert(hasher.finalize()).inserted { return true }
        }
        return false
    }

    /// Whether node `node` is a scalar whose text is `text`.
    static func scalar(_ node: Int32, is text: StaticString, nodes: [NodeRecord], scalarText: ScalarText) -> Bool {
        let record = nodes[Int(node)]
        guard record.kind == .scalar, Int(record.shortCount) == text.utf8CodeUnitCount else { return false }
        return scalarText.withBytes(record) {
            $0.sameBytes(as: UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
        }
    }

    /// Whether two nodes are scalars of the same text.
    static func scalarsEqual(_ left: Int32, _ right: Int32, nodes: [NodeRecord], scalarText: ScalarText) -> Bool {
        let (leftRecord, rightRecord) = (nodes[Int(left)], nodes[Int(right)])
        guard leftRecord.kind == .scalar, rightRecord.kind == .scalar, leftRecord.shortCount == rightRecord.shortCount
        else {
            return false
        }
        return scalarText.withBytes(leftRecord) { leftText in
            scalarText.withBytes(rightRecord) { leftText.sameBytes(as: $0) }
        }
    }

    func keyBytes(_ key: Int32) -> ArraySlice<UInt8>? {
        let record = nodes[Int(key)]
        guard record.kind == .scalar else { return nil }
        return scalarText.slice(record)
    }

    /// Applies YAML merge keys (`<<: *base`): merged entries come after the mapping's own, which win.
    func mergeKeys(_ members: [Int32]) -> [Int32] {
        guard
            stride(from: 0, to: members.count - 1, by: 2).contains(where: {
                Self.scalar(members[$0], is: Self.mergeKey, nodes: nodes, scalarText: scalarText)
            })
        else { return members }
        var own: [Int32] = []
        var sources: [Int32] = []
        for pair in stride(from: 0, to: members.count - 1, by: 2) {
            let key = members[pair]
            if nodes[Int(key)].flags & NodeRecord.quoted == 0,
                Self.scalar(key, is: Self.mergeKey, nodes: nodes, scalarText: scalarText)
            {
                let value = nodes[Int(members[pair + 1])]
                if value.kind == .mapping {
                    sources.append(members[pair + 1])
                } else if value.kind == .sequence {
                    let items = Int(value.first)..<Int(value.first) + value.collectionCount(children: children)
                    for item in children[items]
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
            let entries = children[
                Int(record.first)..<Int(record.first) + record.collectionCount(children: children) * 2]
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

    func position(_ mark: yaml_mark_t) -> Position { lines.position(of: mark) }

    /// The tree, its nodes and children cut to size in a file smaller than `YAMLLoader.fittedBelowBytes`.
    func finish() -> SourceFile {
        let fits = scalarText.file.count < YAMLLoader.fittedBelowBytes
        return SourceFile(
            path: path, root: root >= 0 ? NodeID(root) : nil,
            nodes: fits ? nodes.withUnsafeBufferPointer(Array.init) : nodes,
            children: fits ? children.withUnsafeBufferPointer(Array.init) : children,
            scalarText: scalarText, lines: lines, linesIndexBytes: textIsParsed, longEnds: longEnds,
            collectionKeys: collectionKeys, farParents: farParents,
            duplicateKeys: duplicateKeys,
            referenceNodes: referenceNodes.sorted(),
            suppressionNodes: suppressionNodes.sorted())
    }
}

/// What reads libyaml's events in order; the first error it throws ends the parse.
private protocol EventConsumer {
    mutating func handle(_ event: yaml_event_t) throws(LoadError)
}

/// libyaml's parse on a thread of its own, handing its events in batches to the thread that builds the tree.
///
/// The batches go round a fixed ring, so at most `slots` batches of events wait at any time. The outcome is the
/// one of parsing and handling the events one after the other: the builder sees the events in order, and an error
/// of the parser counts only when the builder handled every event before it without error. When the builder fails,
/// the parser stops at its next batch, and the events already parsed are deleted unread.
private final class EventPipeline: @unchecked Sendable {
    static let slots = 4
    static let batchSize = 1024

    /// How the parser ended a batch, when it did.
    enum End {
        /// The stream's end, included in the batch.
        case finished
        case failed(LoadError)
        /// The builder asked it to stop.
        case stopped
    }

    let parser: UnsafeMutablePointer<yaml_parser_t>
    let bytes: UnsafeBufferPointer<UInt8>
    let path: String
    let lines: LineIndex
    let events: UnsafeMutablePointer<yaml_event_t>
    /// Events in each slot's batch, and how the parser ended it; each slot is written by the parser and read by the
    /// builder in turn, the semaphores passing it between them.
    let counts: UnsafeMutablePointer<Int>
    let ends: UnsafeMutablePointer<End?>
    let filled = DispatchSemaphore(value: 0)
    let free = DispatchSemaphore(value: slots)
    let stop = Atomic<Bool>(false)

    init(
        parser: UnsafeMutablePointer<yaml_parser_t>, bytes: UnsafeBufferPointer<UInt8>, path: String, lines: LineIndex
    ) {
        self.parser = parser
        self.bytes = bytes
        self.path = path
        self.lines = lines
        events = .allocate(capacity: Self.slots * Self.batchSize)
        events.initialize(repeating: yaml_event_t(), count: Self.slots * Self.batchSize)
        counts = .allocate(capacity: Self.slots)
        counts.initialize(repeating: 0, count: Self.slots)
        ends = .allocate(capacity: Self.slots)
        ends.initialize(repeating: nil, count: Self.slots)
    }

    deinit {
        events.deallocate()
        counts.deallocate()
        ends.deinitialize(count: Self.slots)
        ends.deallocate()
    }

    /// Parses on a new thread while `consumer` handles the events here; nil, having done nothing, when no thread
    /// could be started.
    func run<Consumer: EventConsumer>(into consumer: inout Consumer) -> Result<Void, LoadError>? {
        Alongside.run({ self.parse() }) { consume(into: &consumer) }
    }

    /// The parser's side: fills the slots in turn until the stream ends, the parser fails or the builder stops it.
    func parse() {
        var slot = 0
        while true {
            free.wait()
            let batch = events + slot * Self.batchSize
            var count = 0
            var end: End?
            if stop.load(ordering: .acquiring) { end = .stopped }
            while end == nil, count < Self.batchSize {
                guard yaml_parser_parse(parser, batch + count) != 0 else {
                    end = .failed(
                        YAMLLoader.parserError(parser.pointee, bytes: bytes, path: path, lines: lines))
                    break
                }
                if batch[count].type == YAML_STREAM_END_EVENT { end = .finished }
                count += 1
            }
            counts[slot] = count
            ends[slot] = end
            filled.signal()
            if end != nil { return }
            slot = (slot + 1) % Self.slots
        }
    }

    /// The builder's side: handles each batch's events in order and deletes them, until the parser's last batch.
    func consume<Consumer: EventConsumer>(into consumer: inout Consumer) -> Result<Void, LoadError> {
        var slot = 0
        var failure: LoadError?
        while true {
            filled.wait()
            let batch = events + slot * Self.batchSize
            for index in 0..<counts[slot] {
                if failure == nil, batch[index].type != YAML_STREAM_END_EVENT {
                    do throws(LoadError) {
                        try consumer.handle(batch[index])
                    } catch {
                        failure = error
                        stop.store(true, ordering: .releasing)
                    }
                }
                yaml_event_delete(batch + index)
            }
            let end = ends[slot]
            free.signal()
            if let end {
                if let failure { return .failure(failure) }
                if case .failed(let error) = end { return .failure(error) }
                return .success(())
            }
            slot = (slot + 1) % Self.slots
        }
    }
}
