import Dispatch
import SourceTree

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

/// A fragment within one file.
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

    private var targets: [NodeRef: Result<NodeRef, ReferenceProblem>] = [:]
    /// Pointer targets already walked, by file and fragment: many references share a target.
    private var pointerTargets: [PointerKey: NodeRef?] = [:]
    /// Key indexes of large mappings met while walking pointers, so each step is a hash lookup.
    private var keyIndexes: [NodeRef: [String: NodeID]] = [:]
    private var cycles: [ReferenceProblem] = []
    private var referenceCache: [NodeRef: Bool] = [:]
    private var chainEnds: [NodeRef: ChainEnd] = [:]
    private var nesting = 0
    /// What the file system says of each path met, by lexical path: many references name the same file.
    private var canonicalPaths: [String: (canonical: String?, isDirectory: Bool)] = [:]
    private var fileIDs: Set<ObjectIdentifier>

    public init(store: SourceStore, rootFile: SourceFile) {
        self.store = store
        self.rootFile = rootFile
        self.files = [rootFile]
        self.fileIDs = [ObjectIdentifier(rootFile)]
    }

    /// Resolves every reference of the root file and of each file it reaches, so `problems` is complete.
    public func resolveAll() {
        var index = 0
        var prefetched = 0
        while index < files.count {
            if index == prefetched {
                prefetch(files[index...])
                prefetched = files.count
            }
            let file = files[index]
            for node in file.referenceNodes where isReference(NodeRef(file, node)) {
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
                guard isReference(reference), let text = reference["$ref"]?.scalar else { continue }
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

    /// Every reference that failed or loops, in the order of their files and positions.
    public var problems: [ReferenceProblem] {
        let failures = targets.values.compactMap {
            if case .failure(let problem) = $0 { return problem } else { return nil }
        }
        return (cycles + failures).sorted {
            let (left, right) = ($0.reference, $1.reference)
            if left.file.path != right.file.path { return left.file.path < right.file.path }
            return (left.position.line, left.position.column, $0.target) < (
                right.position.line, right.position.column, $1.target
            )
        }
    }

    /// Whether the mapping is a JSON reference (holds a string `$ref` outside example and extension values);
    /// remembered per node, so the walk over its ancestors is paid once.
    public func isReference(_ node: NodeRef) -> Bool {
        guard node.isMapping, node["$ref"]?.isScalar == true else { return false }
        if let known = referenceCache[node] { return known }
        let result = !Self.isLiteral(node)
        referenceCache[node] = result
        return result
    }

    /// One hop: the node a `$ref` mapping points at.
    public func resolve(_ reference: NodeRef) -> Result<NodeRef, ReferenceProblem> {
        if let known = targets[reference] { return known }
        // A pointer that passes through references resolves them on the way, so lookups nest. While this one
        // is being looked up, meeting it again means it points through itself; and the nesting is bounded.
        let keyNode = reference.keyNode("$ref") ?? reference
        let target = reference["$ref"]?.scalar ?? ""
        guard nesting < Self.maximumNesting else {
            return .failure(
                problem(keyNode, target, "references pass through more than \(Self.maximumNesting) other references"))
        }
        targets[reference] = .failure(problem(keyNode, target, "the pointer passes through this reference itself"))
        nesting += 1
        let result = lookUp(reference)
        nesting -= 1
        targets[reference] = result
        return result
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
        var path: [NodeRef] = []
        var onPath: Set<NodeRef> = []
        var current = start
        var end: ChainEnd
        while true {
            if let known = chainEnds[current] {
                end = known
                break
            }
            guard isReference(current) else {
                end = ChainEnd(target: current, loops: false)
                break
            }
            guard onPath.insert(current).inserted else {
                end = ChainEnd(target: nil, loops: true)
                break
            }
            path.append(current)
            guard case .success(let next) = resolve(current) else {
                end = ChainEnd(target: nil, loops: false)
                break
            }
            current = next
        }
        for node in path { chainEnds[node] = end }
        return end
    }

    // MARK: - Looking up one reference

    private func lookUp(_ reference: NodeRef) -> Result<NodeRef, ReferenceProblem> {
        let keyNode = reference.keyNode("$ref") ?? reference
        guard let valueNode = reference["$ref"], let text = valueNode.scalar else {
            return .failure(problem(keyNode, "", "the value of `$ref` must be a string"))
        }
        func fail(_ reason: String, remote: Bool = false) -> Result<NodeRef, ReferenceProblem> {
            .failure(problem(keyNode, text, reason, remote: remote))
        }
        let hash = text.firstIndex(of: "#")
        let location = String(text[..<(hash ?? text.endIndex)])
        let fragment = hash.map { PathName.percentDecode(String(text[text.index(after: $0)...])) } ?? ""
        let lowered = location.lowercased()
        if lowered.hasPrefix("http://") || lowered.hasPrefix("https://") || lowered.hasPrefix("//") {
            return fail("remote references are not followed; bundle '\(location)' into the repository", remote: true)
        }
        if location.contains(":") && !location.contains("/") || lowered.hasPrefix("file:") || location.contains("://") {
            return fail("only relative file references are followed, not URIs like '\(location)'")
        }

        let targetFile: SourceFile
        if location.isEmpty {
            targetFile = reference.file
        } else {
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
                if let next = child(of: current, token) {
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

    /// The member `token` of a mapping, or item `token` of a sequence.
    private func child(of node: NodeRef, _ token: String) -> NodeRef? {
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
    private func member(of mapping: NodeRef, _ key: String) -> NodeRef? {
        let file = mapping.file
        guard file.count(mapping.node) > 16 else { return mapping[key] }
        if keyIndexes[mapping] == nil {
            var index: [String: NodeID] = [:]
            for entry in file.entries(mapping.node) where index[file.string(entry.key)] == nil {
                index[file.string(entry.key)] = entry.value
            }
            keyIndexes[mapping] = index
        }
        return keyIndexes[mapping]?[key].map { NodeRef(file, $0) }
    }

    private func problem(_ node: NodeRef, _ target: String, _ reason: String, remote: Bool = false) -> ReferenceProblem
    {
        ReferenceProblem(reference: node, target: target, reason: reason, isRemote: remote)
    }

    // MARK: - Literal values

    private static let literalKeys: Set<String> = ["example", "default", "enum", "const"]

    /// Whether the node sits inside an example, default, enum, const or extension value, where `$ref` is data.
    static func isLiteral(_ node: NodeRef) -> Bool {
        let file = node.file
        var current = node.node
        while let parent = file.parent(current) {
            if let key = file.keyText(of: current) {
                let container = file.keyText(of: parent)
                let inPropertyMap = container == "properties" || container == "patternProperties"
                if !inPropertyMap {
                    if key.hasPrefix("x-") || literalKeys.contains(key) { return true }
                    if key == "examples" && file.isSequence(current) { return true }
                    if key == "value", let grand = file.parent(parent), file.keyText(of: grand) == "examples" {
                        return true
                    }
                }
            }
            current = parent
        }
        return false
    }
}
