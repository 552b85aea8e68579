import Dispatch
import OpenAPIModel
import Platform
import References
import RuleEngine
import Rules
import SourceTree
import Synchronization

/// Settings for one run.
public struct LintOptions: Sendable {
    /// Directory no reference may leave; nil: the document's git repository, else its directory.
    public var referenceRoot: String?
    public var limits: LoadLimits
    /// Rules that run; nil: those of `preset`.
    public var enabledRules: Set<RuleID>?
    /// The recommended rules and findings (the default), or every one; findings a rule keeps for `all` are
    /// reported only with `all`, whichever rules run.
    public var preset: RulePreset
    /// Severities that replace the catalog's defaults.
    public var severityOverrides: [RuleID: Severity]
    /// Findings excused by the configuration.
    public var ignores: [IgnorePattern] = []
    /// Files not linted: globs relative to `excludeDirectory`.
    public var excludes: [Glob] = []
    public var excludeDirectory = "/"
    /// Accepted findings; only others count.
    public var baseline: Baseline?
    /// Absolute directory that relative paths are relative to.
    public var workingDirectory = "/"
    /// Whether each document's result keeps its model; without, only its summary outlives the rules, so linting a
    /// directory holds one model per document being linted rather than one per document found.
    public var keepsModels = true
    /// Whether findings keep the whole trees of their files. Without, each document's findings move onto compacted
    /// copies of its files (`SourceFile.compacted`) as it finishes, and no store outlives its document, so linting a
    /// directory holds one tree per document being linted; a large document linted alone keeps its trees regardless
    /// (`Linter.keepsTrees(ofDocumentOf:among:)`). Reports read the copies alike; a baseline, which hashes what is under
    /// each place, needs the trees.
    public var keepsSourceTrees = true

    public init(
        referenceRoot: String? = nil, limits: LoadLimits = .default, enabledRules: Set<RuleID>? = nil,
        severityOverrides: [RuleID: Severity] = [:], preset: RulePreset = .recommended
    ) {
        self.referenceRoot = referenceRoot
        self.limits = limits
        self.enabledRules = enabledRules
        self.preset = preset
        self.severityOverrides = severityOverrides
    }

    /// A path made absolute against the working directory.
    public func absolute(_ path: String) -> String {
        path.hasPrefix("/") ? path : PathName.join(workingDirectory, path)
    }
}

/// What linting one root document produced.
public struct DocumentResult: Sendable {
    /// The document's path as shown to the user.
    public let path: String
    /// Sorted findings, or empty when the document failed to load.
    public var findings: [Finding]
    /// The model, when the document loaded and the run keeps models (`LintOptions.keepsModels`).
    public internal(set) var model: APIModel?
    /// What reports need of the model, when the document loaded (kept when the model is not).
    public internal(set) var summary: DocumentSummary?
    /// Errors that stopped this document, or files it references that could not be parsed.
    public let errors: [LoadError]
    /// The root file's lines, which reports read, indexed on the core that waited while the model was built.
    public let rootLines: SourceLines?

    init(path: String, findings: [Finding], model: APIModel?, errors: [LoadError], rootLines: SourceLines? = nil) {
        self.path = path
        self.findings = findings
        self.model = model
        summary = model.map(DocumentSummary.init)
        self.errors = errors
        self.rootLines = rootLines
    }
}

extension DocumentResult {
    /// Moves the findings onto compacted copies of their files (`SourceFile.compacted`) holding only the nodes
    /// they point at and `others`, and the summary onto copies of the document's files, so the full trees can be
    /// released; returns where each of those nodes moved.
    mutating func compactFiles(alsoKeeping others: [NodeRef]) -> @Sendable (NodeRef) -> NodeRef {
        var places: [ObjectIdentifier: (file: SourceFile, nodes: [NodeID])] = [:]
        for file in summary?.files ?? [] { places[ObjectIdentifier(file)] = (file, []) }
        // Each finding's places read where they are, not gathered into one list first.
        func keep(_ place: NodeRef) {
            places[ObjectIdentifier(place.file), default: (place.file, [])].nodes.append(place.node)
        }
        for finding in findings {
            keep(finding.location)
            for place in finding.occurrences { keep(place) }
        }
        for place in others { keep(place) }
        let copies = places.mapValues { $0.file.compacted(keeping: $0.nodes) }
        let move: @Sendable (NodeRef) -> NodeRef = { place in
            let copy = copies[ObjectIdentifier(place.file)]!
            return NodeRef(copy.file, copy.ids[place.node]!)
        }
        for index in findings.indices { findings[index] = findings[index].moved(move) }
        if let files = summary?.files { summary?.files = files.map { copies[ObjectIdentifier($0)]!.file } }
        return move
    }
}

/// What a command takes of each document while its model is alive, when it holds nodes: moved with the findings
/// onto compacted copies of their files when the run does not keep the trees (`LintOptions.keepsSourceTrees`).
public protocol NodeHolder: Sendable {
    /// The nodes held, of the document's files.
    var heldNodes: [NodeRef] { get }
    /// The same with each held node replaced by `move`'s.
    func moved(_ move: (NodeRef) -> NodeRef) -> Self
}

extension Optional: NodeHolder where Wrapped: NodeHolder {
    public var heldNodes: [NodeRef] { self?.heldNodes ?? [] }
    public func moved(_ move: (NodeRef) -> NodeRef) -> Wrapped? { self?.moved(move) }
}

/// What reports need of a loaded document once its model is gone.
public struct DocumentSummary: Sendable {
    /// The `openapi` or `swagger` version as written.
    public let versionText: String
    public let operationCount: Int
    /// The files the document is made of, the root first.
    public internal(set) var files: [SourceFile]

    init(_ model: APIModel) {
        versionText = model.versionText
        operationCount = model.operations.count
        files = model.files
    }
}

/// The outcome of a run over all inputs.
public struct LintRun: Sendable {
    public let documents: [DocumentResult]
    /// Inputs that could not be read at all (missing paths, unreadable directories).
    public let inputErrors: [LoadError]
    /// The rules that ran, in id order.
    public let rules: [RuleCatalog.Entry]
    /// Baseline entries no longer found (fixed), with absolute paths; nil when no baseline is in use.
    public let absentBaselineEntries: [Baseline.Entry]?

    public init(
        documents: [DocumentResult], inputErrors: [LoadError], rules: [RuleCatalog.Entry],
        absentBaselineEntries: [Baseline.Entry]? = nil
    ) {
        self.documents = documents
        self.inputErrors = inputErrors
        self.rules = rules
        self.absentBaselineEntries = absentBaselineEntries
    }

    /// Every finding of every document, suppressed ones included, in output order (one document's own list, not a
    /// copy of it).
    public var findings: [Finding] { documents.count == 1 ? documents[0].findings : documents.flatMap(\.findings) }
    /// Whether a finding that counts (see `activeFindings`) satisfies `predicate`, read where the findings are.
    public func containsActiveFinding(where predicate: (Finding) -> Bool) -> Bool {
        documents.contains { $0.findings.contains { $0.isActive && predicate($0) } }
    }
    /// Findings that count: not suppressed by an ignore, the configuration or the baseline; read where they are,
    /// not copied.
    public var activeFindings: LazyFilterSequence<[Finding]> { findings.lazy.filter(\.isActive) }
    /// Every error, inputs first.
    public var errors: [LoadError] { inputErrors + documents.flatMap(\.errors) }
}

/// The pipeline: discover documents, load, resolve, build the model, run the rules, sort.
public struct Linter: Sendable {
    public let options: LintOptions
    public let catalog: RuleCatalog
    /// `options.ignores`, indexed once for every document.
    let ignores: IgnoreIndex

    public init(options: LintOptions = LintOptions(), catalog: RuleCatalog = .builtIn) {
        self.options = options
        self.catalog = catalog
        ignores = IgnoreIndex(options.ignores)
    }

    /// The rules this run uses with their effective severities.
    public var activeRules: [(entry: RuleCatalog.Entry, severity: Severity)] {
        let enabled = options.enabledRules ?? catalog.ids(in: options.preset)
        return catalog.entries.compactMap { entry in
            guard enabled.contains(entry.id) else { return nil }
            return (entry, options.severityOverrides[entry.id] ?? entry.description.severity)
        }
    }

    /// Lints files and directories; documents are linted in parallel and reported in path order.
    public func lint(paths: [String]) -> LintRun { lint(paths: paths, extracting: { _ in () }).run }

    /// Lints as `lint(paths:)`, and takes `extract` of each document as soon as it is linted, while its model is
    /// alive: what a command needs of the model, so that without `keepsModels` no model outlives its document.
    /// `extracted` is in the order of `run.documents`; nodes it holds keep their files' trees (see `NodeHolder`).
    public func lint<Extract: Sendable>(
        paths: [String], extracting extract: @Sendable (DocumentResult) -> Extract
    ) -> (run: LintRun, extracted: [Extract]) {
        lint(paths: paths, extracting: extract, held: { _ in [] }, moving: { extracted, _ in extracted })
    }

    /// Lints as `lint(paths:extracting:)`; what is extracted moves with the findings when trees are not kept.
    public func lint<Extract: NodeHolder>(
        paths: [String], extracting extract: @Sendable (DocumentResult) -> Extract
    ) -> (run: LintRun, extracted: [Extract]) {
        lint(paths: paths, extracting: extract, held: \.heldNodes, moving: { $0.moved($1) })
    }

    private func lint<Extract: Sendable>(
        paths: [String], extracting extract: @Sendable (DocumentResult) -> Extract,
        held: @Sendable (Extract) -> [NodeRef], moving: @Sendable (Extract, (NodeRef) -> NodeRef) -> Extract
    ) -> (run: LintRun, extracted: [Extract]) {
        let discovery = find(paths: paths)
        let stores = storeDirectory()
        let results = Mutex<[Int: (document: DocumentResult, extracted: Extract)]>([:])
        let documents = discovery.documents
        DispatchQueue.concurrentPerform(iterations: documents.count) { index in
            let parsed = parse(documents[index], stores: stores)
            let keepsTrees =
                options.keepsSourceTrees
                || Self.keepsTrees(ofDocumentOf: parsed.file?.bytes.count ?? 0, among: documents.count)
            var result = grouped(run(on: parsed, keepingTrees: keepsTrees))
            var extracted = extract(result)
            if !options.keepsModels { result.model = nil }
            if !keepsTrees {
                extracted = moving(extracted, result.compactFiles(alsoKeeping: held(extracted)))
            }
            results.withLock { $0[index] = (result, extracted) }
        }
        let ordered = results.withLock { all in documents.indices.compactMap { all[$0] } }
        return (finish(ordered.map(\.document), inputErrors: discovery.errors), ordered.map(\.extracted))
    }

    /// Lints a document whose contents are given (standard input, an editor's buffer) as if it were the file at
    /// `path`, which need not exist: its references and the reference root are resolved from there, on disk,
    /// except for the files `buffers` holds (by absolute path).
    public func lint(buffer: [UInt8], path: String, buffers: [String: [UInt8]] = [:]) -> LintRun {
        let canonical = Self.canonicalPath(forPossiblyMissing: options.absolute(path))
        var contents: [String: [UInt8]] = [:]
        for (other, bytes) in buffers {
            contents[Self.canonicalPath(forPossiblyMissing: options.absolute(other))] = bytes
        }
        contents[canonical] = buffer
        let document = DocumentDiscovery.Document(path: PathName.normalize(path), canonicalPath: canonical)
        let root = options.referenceRoot.map(ReferenceRoot.canonicalising) ?? .enclosing(document: canonical)
        let store = SourceStore(root: root, limits: options.limits, buffers: contents)
        let parsed = ParsedDocument(
            path: document.path, store: store, root: store.load(canonical: canonical, displayPath: document.path))
        return finish([lint(parsed)], inputErrors: [])
    }

    /// Whether a document of `bytes` among `documentCount` keeps its trees although the run does not
    /// (`LintOptions.keepsSourceTrees`), which a large one linted alone does. Compacting a lone document's trees frees
    /// memory only while its report is written, and costs a pass over its findings and nodes on one core (Datadog:
    /// about 15 ms). From the size that is parsed in two parts at once (`YAMLLoader.splitBytes`) the time counts:
    /// kept, its lines are indexed on the core that waits while the model is built. Below it the memory counts: the
    /// process's own start-up is a larger share, and keeping bunq's (1.4 MB) trees raised its peak by 0.3–0.7 MB.
    static func keepsTrees(ofDocumentOf bytes: Int, among documentCount: Int) -> Bool {
        documentCount == 1 && bytes >= YAMLLoader.splitBytes
    }

    /// A path with the links of its directory resolved, kept as given when the directory does not exist either.
    static func canonicalPath(forPossiblyMissing path: String) -> String {
        if let real = FileReader.realPath(path) { return real }
        let directory = FileReader.realPath(PathName.directory(of: path)) ?? PathName.directory(of: path)
        return PathName.join(directory, String(path.split(separator: "/").last ?? ""))
    }

    /// Matches the documents' grouped findings against the baseline when there is one, and assembles the run.
    func finish(_ documents: [DocumentResult], inputErrors: [LoadError]) -> LintRun {
        var ordered = documents
        var absent: [Baseline.Entry]?
        if let baseline = options.baseline {
            var matcher = BaselineMatcher(baseline)
            for document in ordered.indices {
                for position in ordered[document].findings.indices {
                    matcher.match(&ordered[document].findings[position], absolute: options.absolute)
                }
            }
            absent = matcher.unmatched.map {
                Baseline.Entry(
                    rule: $0.rule, file: PathName.join(baseline.directory, $0.file), pointer: $0.pointer, hash: $0.hash,
                    message: $0.message)
            }
        }
        return LintRun(
            documents: ordered, inputErrors: inputErrors, rules: activeRules.map(\.entry),
            absentBaselineEntries: absent)
    }

    /// A document's findings grouped into one per root cause (`FindingGrouping`).
    func grouped(_ document: consuming DocumentResult) -> DocumentResult {
        var document = document
        let absences = Dictionary(
            uniqueKeysWithValues: activeRules.compactMap { rule in
                rule.entry.description.absence.map { (rule.entry.id, $0) }
            })
        // Taken out, so that grouping holds the only reference and can drop each finding it absorbs.
        let findings = document.findings
        document.findings = []
        document.findings = FindingGrouping.group(consume findings, model: document.model, absences: absences)
        return document
    }

    /// Lints one document given as text, with no other files (used by rule examples and tools).
    public func lint(text: String, path: String) -> DocumentResult {
        do {
            let file = try YAMLLoader.parse(Array(text.utf8), path: path, limits: options.limits)
            let store = SourceStore(root: .inMemory, limits: options.limits)
            return grouped(run(on: file, store: store, path: path, keepingTrees: options.keepsSourceTrees))
        } catch {
            return DocumentResult(path: path, findings: [], model: nil, errors: [error])
        }
    }

    /// The documents `paths` name, less those the configuration excludes, and the errors finding them.
    public func find(paths: [String]) -> (documents: [DocumentDiscovery.Document], errors: [LoadError]) {
        DocumentDiscovery.find(paths) { path in
            let relative = Configuration.relative(path, to: options.excludeDirectory)
            return options.excludes.contains { $0.matches(relative) }
        }
    }

    /// The stores a run loads its files from.
    func storeDirectory() -> StoreDirectory {
        StoreDirectory(limits: options.limits, fixedRoot: options.referenceRoot, sharesFiles: options.keepsSourceTrees)
    }

    /// Reads and parses a document's root file, the first step of its lint, which `lint(_:)` finishes: a caller can
    /// parse one document while another is modelled.
    public func parse(_ document: DocumentDiscovery.Document) -> ParsedDocument {
        parse(document, stores: storeDirectory())
    }

    /// Resolves, models and lints a parsed document; its findings grouped as in `lint(paths:)`'s documents. The
    /// result keeps its model and whole trees, whatever `keepsModels` and `keepsSourceTrees` say: those are for runs
    /// over many documents.
    public func lint(_ parsed: ParsedDocument) -> DocumentResult {
        grouped(run(on: parsed, keepingTrees: options.keepsSourceTrees))
    }

    func parse(_ document: DocumentDiscovery.Document, stores: StoreDirectory) -> ParsedDocument {
        let store = stores.store(for: document)
        return ParsedDocument(
            path: document.path, store: store,
            root: store.load(canonical: document.canonicalPath, displayPath: document.path))
    }

    /// `keepsTrees`: whether the findings will keep the whole trees (`LintOptions.keepsSourceTrees`), so that the
    /// root file's lines are indexed for the reports.
    func run(on parsed: ParsedDocument, keepingTrees keepsTrees: Bool) -> DocumentResult {
        switch parsed.root {
        case .failure(let error):
            return DocumentResult(path: parsed.path, findings: [], model: nil, errors: [error])
        case .success(let file):
            return run(on: file, store: parsed.store, path: parsed.path, keepingTrees: keepsTrees)
        }
    }

    func run(on file: SourceFile, store: SourceStore, path: String, keepingTrees keepsTrees: Bool) -> DocumentResult {
        let rules = activeRules
        let modelRules = rules.filter { type(of: $0.entry.rule).phase == .model }
        let built = Mutex<Result<(model: APIModel, loadErrors: [LoadError], facts: ModelFacts), LoadError>?>(nil)
        let modelWork = SpareWork()
        let nextRule = Mutex(0)
        let inRootFile = Mutex<[Int: (reported: [Finding], withheld: [NodeRef])]>([:])
        let perRule = Mutex<[Int: (reported: [Finding], withheld: [NodeRef])]>([:])
        let rootLines = Mutex<SourceLines?>(nil)
        let linesClaimed = Atomic(false)
        /// Indexes the root file's lines for the reports, unless the other thread has taken it on, the findings
        /// move onto a compacted copy of the file (whose lines reports index), or no rule runs (as when `diff`
        /// loads a version), so there is nothing to show.
        @Sendable func indexLines() {
            guard keepsTrees, !rules.isEmpty, !linesClaimed.exchange(true, ordering: .relaxed)
            else { return }
            let lines = SourceLines(file)
            rootLines.withLock { $0 = lines }
        }
        // One thread resolves references and builds the model while the other runs the rules that read only the
        // source text over the root file, then indexes its lines if the model is not built yet, then takes the
        // parts of the model's building handed out; then both take the model's rules in turn, and the lines after
        // them if they are still to do. Each rule's findings keep their slot, and the sort below makes the order
        // independent of scheduling.
        DispatchQueue.concurrentPerform(iterations: 2) { task in
            if task == 0 {
                let resolver = ReferenceResolver(store: store, rootFile: file)
                let result = Result { () throws(LoadError) in
                    try ModelBuilder.build(resolver: resolver, spare: modelWork)
                }
                built.withLock { $0 = result.map { ($0, resolver.loadErrors, ModelFacts($0)) } }
                modelWork.close()
            } else {
                let textRules = modelRules.indices.compactMap { position in
                    (modelRules[position].entry.rule as? any SourceTextRule).map { (position, $0) }
                }
                let found = FindingRecorder.run(
                    textRules.map { ($0.1, modelRules[$0.0].entry.id, modelRules[$0.0].severity) }, on: [file],
                    preset: options.preset)
                inRootFile.withLock { table in
                    for ((position, _), found) in zip(textRules, found) { table[position] = found }
                }
                if built.withLock({ $0 == nil }) { indexLines() }
                modelWork.help()
            }
            guard case .success(let (model, _, facts))? = built.withLock({ $0 }) else { return }
            while true {
                let position = nextRule.withLock { next in
                    defer { next += 1 }
                    return next
                }
                guard position < modelRules.count else {
                    indexLines()
                    break
                }
                let (entry, severity) = modelRules[position]
                let found =
                    if let rule = entry.rule as? any SourceTextRule {
                        // The files the references pulled in, after the root file.
                        FindingRecorder.run(
                            [(rule, entry.id, severity)], on: model.files.filter { $0 !== file },
                            preset: options.preset)[0]
                    } else {
                        RuleContext.run(
                            entry.rule, id: entry.id, severity: severity, on: model, preset: options.preset,
                            facts: facts)
                    }
                perRule.withLock { $0[position] = found }
            }
        }
        let model: APIModel
        let loadErrors: [LoadError]
        let facts: ModelFacts
        switch built.withLock({ $0 }) {
        case .success(let result):
            (model, loadErrors, facts) = result
        case .failure(let error):
            return DocumentResult(path: path, findings: [], model: nil, errors: [error])
        case nil:
            preconditionFailure("the model is built before the rules run")
        }
        // Each rule's findings, in rule order, move into one array as they leave the tables (no second copy of them).
        var tables: [[Int: (reported: [Finding], withheld: [NodeRef])]] = [
            inRootFile.withLock { all in
                defer { all = [:] }
                return all
            },
            perRule.withLock { all in
                defer { all = [:] }
                return all
            },
        ]
        var findings: [Finding] = []
        var withheld: [(rule: RuleID, places: [NodeRef])] = []
        findings.reserveCapacity(tables.reduce(0) { $0 + $1.values.reduce(0) { $0 + $1.reported.count } })
        for position in modelRules.indices {
            for table in tables.indices {
                guard let found = tables[table].removeValue(forKey: position) else { continue }
                findings += found.reported
                withheld.append((modelRules[position].entry.id, found.withheld))
            }
        }
        var index = SuppressionIndex(InlineSuppression.collect(in: model.files))
        for position in findings.indices { index.apply(to: &findings[position]) }
        // Findings kept for the `all` preset are not reported, but an ignore written for one is not unused.
        for (rule, places) in withheld {
            for place in places { index.markUsed(by: rule, at: place) }
        }
        withheld = []
        let audit = SuppressionAudit(
            index: index, enabledRules: Set(rules.map(\.entry.id)), knownRules: Set(catalog.entries.map(\.id)))
        for (entry, severity) in rules where type(of: entry.rule).phase == .afterSuppression {
            findings +=
                RuleContext.run(
                    entry.rule, id: entry.id, severity: severity, on: model, suppressions: audit,
                    preset: options.preset,
                    facts: facts
                ).reported
        }
        for position in findings.indices
        where findings[position].suppression == nil && ignores.names(findings[position].ruleID) {
            let finding = findings[position]
            let absolutePath = options.absolute(finding.file.path)
            if let ignore = ignores.first(
                ruleID: finding.ruleID, absolutePath: absolutePath, pointer: finding.pointer)
            {
                findings[position].suppression = Suppression(
                    kind: .external, justification: "ignored by \(ignore.source)")
            }
        }
        findings.sortByPlace()
        return DocumentResult(
            path: path, findings: findings, model: model, errors: loadErrors, rootLines: rootLines.withLock { $0 })
    }
}

/// A document whose root file is read and parsed (or could not be), its references yet to be resolved.
public struct ParsedDocument: Sendable {
    /// The document's path as shown to the user.
    let path: String
    /// The store the root file came from, which its references load from.
    let store: SourceStore
    let root: Result<SourceFile, LoadError>

    /// The root file, when it was parsed.
    public var file: SourceFile? { try? root.get() }
}

/// One `SourceStore` per reference root, so files shared by documents under one root load once; or, when the
/// trees are released as each document finishes, one store per document.
final class StoreDirectory: Sendable {
    let limits: LoadLimits
    /// The root every document shares; nil: each document's own (`ReferenceRoot.enclosing`).
    let fixedRoot: ReferenceRoot?
    /// Whether documents under one root share a store, which keeps every file it loads until the run ends.
    let sharesFiles: Bool
    private let stores = Mutex<[ReferenceRoot: SourceStore]>([:])

    /// `fixedRoot` is canonicalised here.
    init(limits: LoadLimits, fixedRoot: String?, sharesFiles: Bool = true) {
        self.limits = limits
        self.fixedRoot = fixedRoot.map(ReferenceRoot.canonicalising)
        self.sharesFiles = sharesFiles
    }

    func store(for document: DocumentDiscovery.Document) -> SourceStore {
        let root = fixedRoot ?? .enclosing(document: document.canonicalPath)
        guard sharesFiles else { return SourceStore(root: root, limits: limits) }
        return stores.withLock { stores in
            if let store = stores[root] { return store }
            let store = SourceStore(root: root, limits: limits)
            stores[root] = store
            return store
        }
    }
}
