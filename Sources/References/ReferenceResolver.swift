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
    /// How many chain walks have begun.
    private var walks = 0
    /// Pointer targets already walked, by file and fragment: many references share a target.
    private var pointerTargets: [PointerKey: NodeRef?] = [:]
    /// Targets found for pointers into their own file, by file and `$ref` text as written: most references
    /// repeat another's text, and these need no splitting, decoding or walking.
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
                guard isReference(reference), let value = file.entry(node, "$ref")?.value, file.isScalar(value),
                    !file.withScalarBytes(value, Self.isLocal)
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
        let listed = reference.file.referenceNodes
        let position = Self.firstPosition(notBelow: reference.node, in: listed)
        guard position < listed.count, listed[position] == reference.node else {
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
        guard let ahead, reference.file === rootFile else { return nil }
        let listed = rootFile.referenceNodes
        let position = Self.firstPosition(notBelow: reference.node, in: listed)
        guard position < listed.count, listed[position] == reference.node else { return nil }
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
        let entry = reference.file.entry(reference.node, "$ref")
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
        let key = PointerKey(file: ObjectIdentifier(targetFile), fragment: fragment)
        let found: NodeRef?
        if let known = pointerTargets[key] {
            found = known
        } else {
            guard let tokens = JSONPointer.decode(fragment) else {
                return fail("the fragment '#\(fragment)' is not a JSON pointer")
            }
            found = walk(tokens, from: NodeRef(targetFile, root))
            pointerTargets[key] = found
        }
        guard let target = found else {
            let place = location.isEmpty ? "this file" : "'\(targetFile.path)'"
            return fail("nothing at '#\(fragment)' in \(place)")
        }
        if let localKey { localTargets[localKey] = target }
        return .success(target)
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
            var hops = 0
            while true {
                if let next = steps.child(of: current, token) {
                    current = next
                    break
                }
                hops += 1
                guard hops < Self.maxHopsPerToken, isReference(current), case .success(let target) = resolve(current)
                else { return nil }
                current = target
            }
        }
        return current
    }

    private func problem(_ node: NodeRef, _ target: String, _ reason: String, remote: Bool = false) -> ReferenceProblem
    {
        ReferenceProblem(reference: node, target: target, reason: reason, isRemote: remote)
    }
}

/// Steps down a tree by JSON pointer tokens, none of them through a `$ref`.
private struct PointerSteps {
    /// Key indexes of large mappings met, so that each step is a hash lookup.
    private var keyIndexes: [NodeRef: [String: NodeID]] = [:]

    /// The member `token` of a mapping, or item `token` of a sequence.
    mutating func child(of node: NodeRef, _ token: String) -> NodeRef? {
        switch node.kind {
        case .mapping:
            return member(of: node, token)
        case .sequence:
            guard let index = Int(token), index >= 0, index < node.file.count(node.node) else { return nil }
            return NodeRef(node.file, node.file.items(node.node)[index])
        case .scalar:
            return nil
        }
    }

    /// The value under `key`, through a cached index for mappings too large to scan.
    private mutating func member(of mapping: NodeRef, _ key: String) -> NodeRef? {
        let file = mapping.file
        guard file.count(mapping.node) > 16 else { return mapping[key] }
        if let index = keyIndexes[mapping] { return index[key].map { NodeRef(file, $0) } }
        var index: [String: NodeID] = [:]
        index.reserveCapacity(file.count(mapping.node))
        for entry in file.entries(mapping.node) {
            let text = file.string(entry.key)
            if index[text] == nil { index[text] = entry.value }
        }
        keyIndexes[mapping] = index
        return index[key].map { NodeRef(file, $0) }
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
    private let helper = Mutex<(steps: PointerSteps, targets: [String: NodeID?])>((PointerSteps(), [:]))
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

    /// Where a local reference's pointer leads without passing a `$ref`; nil when it does not get there so.
    private func target(of node: NodeID, _ helper: inout (steps: PointerSteps, targets: [String: NodeID?])) -> NodeID? {
        guard file.isReference(node), let value = file.entry(node, "$ref")?.value, file.isScalar(value),
            file.withScalarBytes(value, ReferenceResolver.isLocal), let root = file.root
        else { return nil }
        let text = file.string(value)
        if let known = helper.targets[text] { return known }
        var found: NodeRef? = nil
        if let tokens = JSONPointer.decode(PathName.percentDecode(String(text.dropFirst()))) {
            found = NodeRef(file, root)
            for token in tokens {
                found = found.flatMap { helper.steps.child(of: $0, token) }
            }
        }
        helper.targets[text] = found?.node
        return found?.node
    }
}
