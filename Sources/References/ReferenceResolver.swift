import Dispatch
import Platform
import SourceTree
import Synchronization

/// Why a `$ref` leads nowhere.
public struct ReferenceProblem: Error, Hashable, Sendable {
    /// The `$ref` key whose value could not be followed.
    public let reference: NodeRef
    /// The reference as written.
    public let target: String
    /// One sentence saying why.
    public let reason: String
    /// Remote (`http(s)://`) references are never fetched; they are notes, not errors.
    public let isRemote: Bool
}

/// Where following a chain of references ends: a node that is not a reference, or nowhere.
private struct ChainEnd {
    let target: NodeRef?
    /// The chain comes back to itself (rather than meeting a reference that fails).
    let loops: Bool
}

/// What is known of one reference: its target once looked up, and where its chain ends once walked.
private struct ReferenceState {
    var target = Lookup.notYet
    var chainEnd: ChainEnd?
    /// The chain walk that last passed this reference, so that a walk notices coming back to it.
    var walk = 0
}

/// How far looking up a reference's target has come.
private enum Lookup {
    case notYet
    /// Being looked up: meeting it again means its pointer passes through itself.
    case underWay
    case found(NodeRef)
    /// The lookup failed: the problem is `ReferenceResolver.failures[index]` (kept apart, so that a state is small).
    case failed(index: Int)
}

/// A fragment within one file (or, for `localTargets`, a local `$ref`'s text).
private struct PointerKey: Hashable {
    let file: ObjectIdentifier
    let fragment: String
}

/// Resolves `$ref`s of one document and everything it pulls in, each at most once.
///
/// Local pointers and relative files are followed; files outside the store's root, absolute paths,
/// URIs and remote references are refused without being opened. Chains and cycles terminate.
public final class ReferenceResolver {
    public let store: SourceStore
    public let rootFile: SourceFile
    /// Every file this document uses, the root first, in the order they were reached.
    public private(set) var files: [SourceFile]
    /// Files that were referenced but could not be parsed (they are errors of the run, not findings).
    public private(set) var loadErrors: [LoadError] = []

    /// What is known of each reference met, in the order they were met.
    private var states: [ReferenceState] = []
    /// Why each failed lookup failed, in the order they failed.
    private var failures: [ReferenceProblem] = []
    /// For each file whose references were met: the index into `states` of each of its `referenceNodes`, or -1.
    private var stateSlots: [[Int32]] = []
    /// The indexes into `states` of references that are not among their file's `referenceNodes` (aliases of them).
    private var aliasStates: [NodeRef: Int] = [:]
    private var slotTableByFile: [ObjectIdentifier: Int] = [:]
    /// The file of the last lookup in `slotTableByFile` and its table: most steps stay in one file.
    private var lastFile: (id: ObjectIdentifier, table: Int)?
    /// The last reference whose position in its file's `referenceNodes` was looked for, and that position.
    private var lastListed: (file: ObjectIdentifier, node: NodeID, position: Int?)?
    /// How many chain walks have begun.
    private var walks = 0
    /// Pointer targets already walked, by file and fragment: many references share a target. Fragments that read as
    /// ASCII text are found by their bytes (`ByteKeyTable.asciiEquivalent`), the others by their text.
    private var pointerTargets = ByteKeyTable<NodeRef?>()
    private var textPointerTargets: [PointerKey: NodeRef?] = [:]
    /// Targets found for pointers into their own file, by file and `$ref` text as written, for the text that
    /// `plainLocalTarget` does not read: most references repeat another's text, and these need no splitting,
    /// decoding or walking.
    private var localTargets: [PointerKey: NodeRef] = [:]
    /// The references a chain walk passes, kept between walks so that a walk allocates nothing.
    private var chainPath: [Int] = []
    private var steps = PointerSteps()
    /// Targets of the root file's local references looked up ahead by a helper, while `resolveAll` runs, and
    /// the blocks of them fetched so far.
    private var ahead: TargetsAhead?
    private var aheadBlocks: [[NodeID?]?] = []
    private var cycles: [ReferenceProblem] = []
    private var nesting = 0
    /// What the file system says of each path met, by lexical path: many references name the same file.
    private var canonicalPaths: [String: (canonical: String?, isDirectory: Bool)] = [:]
    private var fileIDs: Set<ObjectIdentifier>

    public init(store: SourceStore, rootFile: SourceFile) {
        self.store = store
        self.rootFile = rootFile
        self.files = [rootFile]
        self.fileIDs = [ObjectIdentifier(rootFile)]
        // Most documents are one file: room for its references, so the states never grow by doubling.
        states.reserveCapacity(rootFile.referenceNodes.count)
        pointerTargets.reserveCapacity(rootFile.referenceNodes.count / 2)
    }

    /// Resolves every reference of the root file and of each file it reaches, so `problems` is complete.
    /// `spare`'s helper, if one is idle, looks up ahead the targets of the root file's local references.
    public func resolveAll(spare: SpareWork = SpareWork()) {
        let ahead = TargetsAhead(rootFile, spare: spare)
        self.ahead = ahead
        defer {
            ahead.stop()
            spare.finish()
            self.ahead = nil
            aheadBlocks = []
        }
        var index = 0
        var prefetched = 0
        while index < files.count {
            if index == prefetched {
                prefetch(files[index...])
                prefetched = files.count
            }
            let file = files[index]
            for (position, node) in file.referenceNodes.enumerated() where isReference(NodeRef(file, node)) {
                if index == 0 { ahead.passed(position) }
                let reference = NodeRef(file, node)
                lastListed = (ObjectIdentifier(file), node, position)
                if chainLoops(from: reference) {
                    let keyNode = reference.keyNode("$ref") ?? reference
                    cycles.append(
                        problem(
                            keyNode, reference["$ref"]?.string ?? "", "the chain of references loops back to itself"))
                }
            }
            index += 1
        }
    }

    /// Loads, in parallel, the files that the references of `batch` name, so that resolving them (in order,
    /// on this thread) finds them parsed. Only the file part of each reference is looked at.
    private func prefetch(_ batch: ArraySlice<SourceFile>) {
        var wanted: [(canonical: String, display: String)] = []
        var seen: Set<String> = []
        let room = max(0, store.limits.maxFiles - files.count)
        for file in batch {
            for node in file.referenceNodes where wanted.count < room {
                let reference = NodeRef(file, node)
                guard isReference(reference), let value = file.entry(node, "$ref")?.value,
                    file.isScalar(value), !file.withScalarBytes(value, Self.isLocal)
                else { continue }
                let text = file.string(value)
                let location = String(text.prefix { $0 != "#" })
                guard !location.isEmpty, !location.contains(":") else { continue }
                if case .success(let located) = locate(PathName.percentDecode(location), from: file),
                    seen.insert(located.canonical).inserted
                {
                    wanted.append(located)
                }
            }
        }
        let store = self.store
        let files = wanted
        DispatchQueue.concurrentPerform(iterations: files.count) { position in
            _ = store.load(canonical: files[position].canonical, displayPath: files[position].display)
        }
    }

    /// Whether a `$ref` is a pointer into its own file (`#/…`): no file to load.
    static func isLocal(_ text: UnsafeBufferPointer<UInt8>) -> Bool {
        // A non-ASCII byte after `#` may join it into another character: such text is split as a string.
        text.first == UInt8(ascii: "#") && (text.count == 1 || text[1] < 0x80)
    }

    /// Every reference that failed or loops, in the order of their files and positions.
    public var problems: [ReferenceProblem] {
        let failures = states.compactMap {
            if case .failed(let index) = $0.target { return self.failures[index] } else { return nil }
        }
        return (cycles + failures).sorted {
            let (left, right) = ($0.reference, $1.reference)
            if left.file.path != right.file.path { return left.file.path < right.file.path }
            return (left.position.line, left.position.column, $0.target) < (
                right.position.line, right.position.column, $1.target
            )
        }
    }

    /// Whether the mapping is a JSON reference (holds a string `$ref` outside example and extension values),
    /// as the tree recorded while it was built.
    public func isReference(_ node: NodeRef) -> Bool { node.file.isReference(node.node) }

    /// One hop: the node a `$ref` mapping points at.
    public func resolve(_ reference: NodeRef) -> Result<NodeRef, ReferenceProblem> {
        let index = stateIndex(reference)
        // A pointer that passes through references resolves them on the way, so lookups nest. While this one
        // is being looked up, meeting it again means it points through itself; and the nesting is bounded.
        switch states[index].target {
        case .found(let target): return .success(target)
        case .failed(let position): return .failure(failures[position])
        case .underWay: return failure(reference, "the pointer passes through this reference itself")
        case .notYet: break
        }
        guard nesting < Self.maximumNesting else {
            return failure(reference, "references pass through more than \(Self.maximumNesting) other references")
        }
        states[index].target = .underWay
        nesting += 1
        let result = targetAhead(reference).map { Result<NodeRef, ReferenceProblem>.success($0) } ?? lookUp(reference)
        nesting -= 1
        switch result {
        case .success(let target): states[index].target = .found(target)
        case .failure(let problem):
            states[index].target = .failed(index: failures.count)
            failures.append(problem)
        }
        return result
    }

    /// The failure of `reference` for `reason`, placed at its `$ref` key.
    private func failure(_ reference: NodeRef, _ reason: String) -> Result<NodeRef, ReferenceProblem> {
        let entry = reference.file.entry(reference.node, "$ref")
        let keyNode = entry.map { NodeRef(reference.file, $0.key) } ?? reference
        let target = entry.flatMap { reference.file.scalar($0.value) } ?? ""
        return .failure(problem(keyNode, target, reason))
    }

    /// The index into `states` of a reference, added on first sight.
    private func stateIndex(_ reference: NodeRef) -> Int {
        let fileID = ObjectIdentifier(reference.file)
        let table: Int
        if let last = lastFile, last.id == fileID {
            table = last.table
        } else if let known = slotTableByFile[fileID] {
            table = known
        } else {
            table = stateSlots.count
            stateSlots.append([Int32](repeating: -1, count: reference.file.referenceNodes.count))
            slotTableByFile[fileID] = table
        }
        lastFile = (fileID, table)
        guard let position = listedPosition(reference) else {
            if let known = aliasStates[reference] { return known }
            states.append(ReferenceState())
            aliasStates[reference] = states.count - 1
            return states.count - 1
        }
        let slot = stateSlots[table][position]
        if slot >= 0 { return Int(slot) }
        states.append(ReferenceState())
        stateSlots[table][position] = Int32(states.count - 1)
        return states.count - 1
    }

    /// The position of a reference in its file's `referenceNodes`; nil for an alias of one. The last answer is kept:
    /// a reference is asked about several times in a row (for its chain, its state, its target looked up ahead).
    private func listedPosition(_ reference: NodeRef) -> Int? {
        let fileID = ObjectIdentifier(reference.file)
        if let last = lastListed, last.file == fileID, last.node == reference.node { return last.position }
        let listed = reference.file.referenceNodes
        let first = Self.firstPosition(notBelow: reference.node, in: listed)
        let position = first < listed.count && listed[first] == reference.node ? first : nil
        lastListed = (fileID, reference.node, position)
        return position
    }

    /// The position of the first node of the sorted `nodes` that is not below `node`, found by halving.
    private static func firstPosition(notBelow node: NodeID, in nodes: [NodeID]) -> Int {
        var low = 0
        var high = nodes.count
        while low < high {
            let middle = (low + high) / 2
            if nodes[middle] < node { low = middle + 1 } else { high = middle }
        }
        return low
    }

    /// The target of one of the root file's references, if a helper has looked it up ahead.
    private func targetAhead(_ reference: NodeRef) -> NodeRef? {
        guard let ahead, reference.file === rootFile, let position = listedPosition(reference) else { return nil }
        let block = position / TargetsAhead.blockSize
        if aheadBlocks.isEmpty { aheadBlocks = Array(repeating: nil, count: ahead.blockCount) }
        if aheadBlocks[block] == nil { aheadBlocks[block] = ahead.lookedUp(block: block) }
        guard let target = aheadBlocks[block]?[position % TargetsAhead.blockSize] ?? nil else { return nil }
        return NodeRef(rootFile, target)
    }

    /// How deeply lookups may nest through references met inside pointers.
    static let maximumNesting = 64

    /// Follows `$ref`s from `node` until a node that is not a reference; nil when a hop fails or loops.
    public func follow(_ node: NodeRef) -> NodeRef? {
        guard isReference(node) else { return node }
        return walkChain(from: node).target
    }

    /// Whether following `$ref`s from `start` comes back to a reference already passed, every hop succeeding.
    private func chainLoops(from start: NodeRef) -> Bool { walkChain(from: start).loops }

    /// Where a chain of references ends, remembered for every reference on it, so that long chains are
    /// walked once however many references join them.
    private func walkChain(from start: NodeRef) -> ChainEnd {
        walks += 1
        chainPath.removeAll(keepingCapacity: true)
        var current = start
        var end: ChainEnd
        while true {
            guard isReference(current) else {
                end = ChainEnd(target: current, loops: false)
                break
            }
            let index = stateIndex(current)
            if let known = states[index].chainEnd {
                end = known
                break
            }
            guard states[index].walk != walks else {
                end = ChainEnd(target: nil, loops: true)
                break
            }
            states[index].walk = walks
            chainPath.append(index)
            guard case .success(let next) = resolve(current) else {
                end = ChainEnd(target: nil, loops: false)
                break
            }
            current = next
        }
        for index in chainPath { states[index].chainEnd = end }
        return end
    }

    // MARK: - Looking up one reference

    private func lookUp(_ reference: NodeRef) -> Result<NodeRef, ReferenceProblem> {
        let file = reference.file
        let entry = file.entry(reference.node, "$ref")
        if let entry, file.isScalar(entry.value),
            case .some(.some(let target)) = file.withScalarBytes(entry.value, { plainLocalTarget($0, in: file) })
        {
            return .success(target)
        }
        let keyNode = entry.map { NodeRef(reference.file, $0.key) } ?? reference
        guard let text = entry.flatMap({ reference.file.scalar($0.value) }) else {
            return .failure(problem(keyNode, "", "the value of `$ref` must be a string"))
        }
        func fail(_ reason: String, remote: Bool = false) -> Result<NodeRef, ReferenceProblem> {
            .failure(problem(keyNode, text, reason, remote: remote))
        }
        let localKey =
            entry.map { reference.file.withScalarBytes($0.value, Self.isLocal) } == true
            ? PointerKey(file: ObjectIdentifier(reference.file), fragment: text) : nil
        if let localKey, let known = localTargets[localKey] { return .success(known) }
        let hash = text.firstIndex(of: "#")
        let location = String(text[..<(hash ?? text.endIndex)])
        let fragment = hash.map { PathName.percentDecode(String(text[text.index(after: $0)...])) } ?? ""
        let targetFile: SourceFile
        if location.isEmpty {
            targetFile = reference.file
        } else {
            let lowered = location.lowercased()
            if lowered.hasPrefix("http://") || lowered.hasPrefix("https://") || lowered.hasPrefix("//") {
                return fail(
                    "remote references are not followed; bundle '\(location)' into the repository", remote: true)
            }
            if location.contains(":") && !location.contains("/") || lowered.hasPrefix("file:")
                || location.contains("://")
            {
                return fail("only relative file references are followed, not URIs like '\(location)'")
            }
            switch openFile(PathName.percentDecode(location), from: reference.file) {
            case .success(let file): targetFile = file
            case .failure(let reason): return fail(reason.text)
            }
        }

        guard let root = targetFile.root else { return fail("'\(targetFile.path)' is empty") }
        let found: NodeRef?
        if let known = knownTarget(of: fragment, in: targetFile) {
            found = known
        } else {
            guard let tokens = JSONPointer.decode(fragment) else {
                return fail("the fragment '#\(fragment)' is not a JSON pointer")
            }
            found = walk(tokens, from: NodeRef(targetFile, root))
            remember(found, for: fragment, in: targetFile)
        }
        guard let target = found else {
            let place = location.isEmpty ? "this file" : "'\(targetFile.path)'"
            return fail("nothing at '#\(fragment)' in \(place)")
        }
        if let localKey { localTargets[localKey] = target }
        return .success(target)
    }

    /// The target of a local pointer written in plain ASCII (`#` and a pointer with no `%` or `~`), found by its
    /// bytes as `lookUp` finds it by its text; nil (not looked up) for other text, `.some(nil)` when the pointer leads
    /// nowhere.
    private func plainLocalTarget(_ text: UnsafeBufferPointer<UInt8>, in file: SourceFile) -> NodeRef?? {
        guard let root = file.root, Self.isPlainLocal(text) else { return nil }
        let fragment = UnsafeBufferPointer(rebasing: text[1...])
        let owner = UInt(bitPattern: ObjectIdentifier(file))
        if let known = pointerTargets.index(of: fragment, owner: owner) { return .some(pointerTargets[known]) }
        var current: NodeRef? = NodeRef(file, root)
        Self.forEachToken(of: fragment) { token in
            current = current.flatMap { start in step(from: start) { $0.child(of: $1, bytes: token) } }
        }
        pointerTargets.set(current, for: fragment, owner: owner)
        return .some(current)
    }

    /// Whether a `$ref` is `#` and a pointer (`/…`) of ASCII text with no `%` escape or `~`: its pointer's tokens
    /// are its bytes between the slashes, as `PathName.percentDecode` and `JSONPointer.decode` would read them.
    static func isPlainLocal(_ text: UnsafeBufferPointer<UInt8>) -> Bool {
        guard text.first == UInt8(ascii: "#"), text.count == 1 || text[1] == UInt8(ascii: "/") else { return false }
        for byte in text where byte >= 0x80 || byte == UInt8(ascii: "%") || byte == UInt8(ascii: "~") { return false }
        return true
    }

    /// Calls `body` with each token of a pointer (`/…`, or empty: no token) that holds no `~`.
    static func forEachToken(of pointer: UnsafeBufferPointer<UInt8>, _ body: (UnsafeBufferPointer<UInt8>) -> Void) {
        var start = 1
        while start <= pointer.count {
            var end = start
            while end < pointer.count, pointer[end] != UInt8(ascii: "/") { end += 1 }
            body(UnsafeBufferPointer(rebasing: pointer[start..<end]))
            start = end + 1
        }
    }

    /// The target remembered for a decoded fragment of `file`: `.some(nil)` when it leads nowhere, nil when not
    /// walked yet.
    private func knownTarget(of fragment: String, in file: SourceFile) -> NodeRef?? {
        guard let bytes = ByteKeyTable<NodeRef?>.asciiEquivalent(fragment) else {
            return textPointerTargets[PointerKey(file: ObjectIdentifier(file), fragment: fragment)]
        }
        return bytes.withUnsafeBufferPointer { bytes in
            pointerTargets.index(of: bytes, owner: UInt(bitPattern: ObjectIdentifier(file))).map { pointerTargets[$0] }
        }
    }

    private func remember(_ target: NodeRef?, for fragment: String, in file: SourceFile) {
        guard let bytes = ByteKeyTable<NodeRef?>.asciiEquivalent(fragment) else {
            textPointerTargets[PointerKey(file: ObjectIdentifier(file), fragment: fragment)] = target
            return
        }
        bytes.withUnsafeBufferPointer {
            pointerTargets.set(target, for: $0, owner: UInt(bitPattern: ObjectIdentifier(file)))
        }
    }

    /// Why a file could not be opened.
    private struct OpenFailure: Error { let text: String }

    /// Where a relative reference leads: the canonical path to load and the path to show; refused when it
    /// leaves the root. No file is opened here.
    private func locate(_ relative: String, from referrer: SourceFile) -> Result<
        (canonical: String, display: String), OpenFailure
    > {
        if relative.hasPrefix("/") || relative.hasPrefix("~") {
            return .failure(OpenFailure(text: "absolute paths are not followed; refer to '\(relative)' relatively"))
        }
        guard let referrerPath = store.canonicalPath(of: referrer) else {
            return .failure(OpenFailure(text: "the referring file has no known location"))
        }
        let lexical = PathName.join(PathName.directory(of: referrerPath), relative)
        guard store.root.contains(lexical) else {
            return .failure(OpenFailure(text: "'\(relative)' leaves the reference root '\(store.root)'"))
        }
        let known =
            canonicalPaths[lexical]
            ?? {
                let canonical = FileReader.realPath(lexical)
                return (canonical, canonical.map { FileReader.isDirectory($0) == true } ?? false)
            }()
        canonicalPaths[lexical] = known
        guard let canonical = known.canonical else {
            return .failure(OpenFailure(text: "file '\(relative)' not found"))
        }
        guard store.root.contains(canonical) else {
            return .failure(
                OpenFailure(text: "'\(relative)' is a symbolic link that leaves the reference root '\(store.root)'"))
        }
        if known.isDirectory {
            return .failure(OpenFailure(text: "'\(relative)' is a directory"))
        }
        return .success((canonical, PathName.join(PathName.directory(of: referrer.path), relative)))
    }

    private func openFile(_ relative: String, from referrer: SourceFile) -> Result<SourceFile, OpenFailure> {
        let canonical: String
        let display: String
        switch locate(relative, from: referrer) {
        case .success(let located): (canonical, display) = located
        case .failure(let failure): return .failure(failure)
        }
        switch store.load(canonical: canonical, displayPath: display) {
        case .success(let file):
            if fileIDs.insert(ObjectIdentifier(file)).inserted {
                guard files.count < store.limits.maxFiles else {
                    return .failure(
                        OpenFailure(
                            text: "the references pull in more than \(store.limits.maxFiles) files (raise --max-files)")
                    )
                }
                files.append(file)
            }
            return .success(file)
        case .failure(let error):
            if !loadErrors.contains(error) { loadErrors.append(error) }
            return .failure(OpenFailure(text: "'\(relative)' cannot be parsed: \(error.message)"))
        }
    }

    /// How many `$ref`s a pointer walk follows for one token before it gives up.
    static let maxHopsPerToken = 64

    /// Walks pointer tokens, stepping through `$ref`s met on the way.
    private func walk(_ tokens: [String], from start: NodeRef) -> NodeRef? {
        var current = start
        for token in tokens {
            guard let next = step(from: current, { $0.child(of: $1, token) }) else { return nil }
            current = next
        }
        return current
    }

    /// One token's step from `start` (`child` of a node), through the `$ref`s met where the step finds nothing.
    private func step(from start: NodeRef, _ child: (inout PointerSteps, NodeRef) -> NodeRef?) -> NodeRef? {
        var current = start
        var hops = 0
        while true {
            if let next = child(&steps, current) { return next }
            hops += 1
            guard hops < Self.maxHopsPerToken, isReference(current), case .success(let target) = resolve(current)
            else { return nil }
            current = target
        }
    }

    private func problem(_ node: NodeRef, _ target: String, _ reason: String, remote: Bool = false) -> ReferenceProblem
    {
        ReferenceProblem(reference: node, target: target, reason: reason, isRemote: remote)
    }
}

/// Steps down a tree by JSON pointer tokens, none of them through a `$ref`.
struct PointerSteps {
    /// The keys of one mapping too large to scan. A key is found as `String`'s `==` finds it, the first of equal
    /// keys: by its bytes when it reads as ASCII text (`ByteKeyTable.asciiEquivalent`), else by its text.
    private struct KeyIndex {
        let mapping: NodeRef
        var byBytes = ByteKeyTable<NodeID>()
        /// Every key's text, made when a token that does not read as ASCII text is first looked up.
        var byText: [String: NodeID]?
    }

    /// Key indexes of large mappings met, so that each step is a hash lookup.
    private var keyIndexes: [NodeRef: Int] = [:]
    private var indexes: [KeyIndex] = []
    /// The position in `indexes` of the last index used: most pointers lead into one mapping (`schemas`).
    private var lastIndex = 0

    /// Mappings of up to this many entries are scanned for a key.
    static let scannedEntries = 16

    /// The member `token` of a mapping, or item `token` of a sequence.
    mutating func child(of node: NodeRef, _ token: String) -> NodeRef? {
        switch node.kind {
        case .mapping:
            let file = node.file
            guard file.count(node.node) > Self.scannedEntries else { return node[token] }
            let index = keyIndex(of: node)
            guard let bytes = ByteKeyTable<NodeID>.asciiEquivalent(token) else {
                return textIndex(index)[token].map { NodeRef(file, $0) }
            }
            return bytes.withUnsafeBufferPointer { bytes in
                indexes[index].byBytes.index(of: bytes).map { NodeRef(file, indexes[index].byBytes[$0]) }
            }
        case .sequence:
            return item(of: node, token)
        case .scalar:
            return nil
        }
    }

    /// `child(of:_:)` for a token of ASCII bytes.
    mutating func child(of node: NodeRef, bytes token: UnsafeBufferPointer<UInt8>) -> NodeRef? {
        let file = node.file
        switch node.kind {
        case .mapping:
            guard file.count(node.node) > Self.scannedEntries else {
                return file.entry(node.node, bytes: token).map { NodeRef(file, $0.value) }
            }
            let index = keyIndex(of: node)
            return indexes[index].byBytes.index(of: token).map { NodeRef(file, indexes[index].byBytes[$0]) }
        case .sequence:
            return item(of: node, String(decoding: token, as: UTF8.self))
        case .scalar:
            return nil
        }
    }

    private func item(of sequence: NodeRef, _ token: String) -> NodeRef? {
        let file = sequence.file
        guard let index = Int(token), index >= 0, index < file.count(sequence.node) else { return nil }
        return NodeRef(file, file.items(sequence.node)[index])
    }

    /// The position in `indexes` of a large mapping's key index, made on first use.
    private mutating func keyIndex(of mapping: NodeRef) -> Int {
        if lastIndex < indexes.count, indexes[lastIndex].mapping == mapping { return lastIndex }
        if let known = keyIndexes[mapping] {
            lastIndex = known
            return known
        }
        let file = mapping.file
        var index = KeyIndex(mapping: mapping)
        index.byBytes.reserveCapacity(file.count(mapping.node))
        for (key, value) in file.entries(mapping.node) {
            // A key that is not a scalar reads as empty text.
            let isASCII = file.withScalarBytes(key) { bytes in
                guard !bytes.contains(where: { $0 >= 0x80 }) else { return false }
                index.byBytes.insert(value, for: bytes)
                return true
            }
            if !isASCII, let bytes = ByteKeyTable<NodeID>.asciiEquivalent(file.string(key)) {
                bytes.withUnsafeBufferPointer { index.byBytes.insert(value, for: $0) }
            }
        }
        indexes.append(index)
        keyIndexes[mapping] = indexes.count - 1
        lastIndex = indexes.count - 1
        return indexes.count - 1
    }

    /// A large mapping's keys by text, made on first use.
    private mutating func textIndex(_ index: Int) -> [String: NodeID] {
        if let known = indexes[index].byText { return known }
        let mapping = indexes[index].mapping
        var byText: [String: NodeID] = [:]
        for (key, value) in mapping.file.entries(mapping.node) {
            let text = mapping.file.string(key)
            if byText[text] == nil { byText[text] = value }
        }
        indexes[index].byText = byText
        return byText
    }
}

/// The targets of a root file's local references, looked up ahead by a helper in blocks from the last reference
/// back, while the resolver works from the first: a lookup needs nothing but the tree when its pointer meets no
/// `$ref`. The others are left to the resolver, so its results are the same whoever looked up what.
private final class TargetsAhead: Sendable {
    /// How many references a helper looks up at a time.
    static let blockSize = 512

    private let file: SourceFile
    /// Each block's targets, by position in the file's `referenceNodes`, once looked up (nil: left to the resolver).
    private let blocks: Mutex<[[NodeID?]?]>
    /// The position of the reference the resolver is at; blocks that begin at or before it are no longer wanted.
    private let resolverPosition = Atomic<Int>(0)
    private let stopped = Atomic<Bool>(false)
    /// The helper's own pointer steps and targets by `$ref` text (most references repeat another's).
    private let helper = Mutex<(steps: PointerSteps, targets: ByteKeyTable<NodeID?>)>((PointerSteps(), .init()))
    let blockCount: Int

    init(_ file: SourceFile, spare: SpareWork) {
        self.file = file
        blockCount = (file.referenceNodes.count + Self.blockSize - 1) / Self.blockSize
        blocks = Mutex(Array(repeating: nil, count: blockCount))
        for block in (0..<blockCount).reversed() {
            spare.offer(untaken: .max) { [self] in lookUp(block: block) }
        }
    }

    /// The resolver has come to the reference at `position` of the file's `referenceNodes`.
    func passed(_ position: Int) { resolverPosition.store(position, ordering: .relaxed) }

    /// Ends the lookups ahead: the blocks not begun are not looked up.
    func stop() { stopped.store(true, ordering: .relaxed) }

    /// The targets of block `block` of the file's `referenceNodes`, once looked up.
    func lookedUp(block: Int) -> [NodeID?]? { blocks.withLock { $0[block] } }

    private func lookUp(block: Int) {
        let range = block * Self.blockSize..<min((block + 1) * Self.blockSize, file.referenceNodes.count)
        guard !stopped.load(ordering: .relaxed), resolverPosition.load(ordering: .relaxed) < range.lowerBound
        else { return }
        let targets = helper.withLock { helper in range.map { target(of: file.referenceNodes[$0], &helper) } }
        blocks.withLock { $0[block] = targets }
    }

    /// Where a local reference's pointer leads without passing a `$ref`; nil when it does not get there so, or its
    /// text is not plain (`ReferenceResolver.isPlainLocal`).
    private func target(
        of node: NodeID, _ helper: inout (steps: PointerSteps, targets: ByteKeyTable<NodeID?>)
    ) -> NodeID? {
        guard file.isReference(node), let value = file.entry(node, "$ref")?.value,
            file.isScalar(value), let root = file.root
        else { return nil }
        return file.withScalarBytes(value) { text in
            guard ReferenceResolver.isPlainLocal(text) else { return nil }
            let fragment = UnsafeBufferPointer(rebasing: text[1...])
            if let known = helper.targets.index(of: fragment) { return helper.targets[known] }
            var found: NodeRef? = NodeRef(file, root)
            ReferenceResolver.forEachToken(of: fragment) { token in
                found = found.flatMap { helper.steps.child(of: $0, bytes: token) }
            }
            helper.targets.insert(found?.node, for: fragment)
            return found?.node
        }
    }
}
