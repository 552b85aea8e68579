import Dispatch
import OpenAPIModel
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
    /// Rules that run; nil: all of them.
    public var enabledRules: Set<String>?
    /// Severities that replace the catalog's defaults.
    public var severityOverrides: [String: Severity]

    public init(
        referenceRoot: String? = nil, limits: LoadLimits = .default, enabledRules: Set<String>? = nil,
        severityOverrides: [String: Severity] = [:]
    ) {
        self.referenceRoot = referenceRoot
        self.limits = limits
        self.enabledRules = enabledRules
        self.severityOverrides = severityOverrides
    }
}

/// What linting one root document produced.
public struct DocumentResult: Sendable {
    /// The document's path as shown to the user.
    public let path: String
    /// Sorted findings, or empty when the document failed to load.
    public let findings: [Finding]
    /// The model, when the document loaded.
    public let model: APIModel?
    /// Errors that stopped this document, or files it references that could not be parsed.
    public let errors: [LoadError]
}

/// The outcome of a run over all inputs.
public struct LintRun: Sendable {
    public let documents: [DocumentResult]
    /// Inputs that could not be read at all (missing paths, unreadable directories).
    public let inputErrors: [LoadError]
    /// The rules that ran, in id order.
    public let rules: [RuleCatalog.Entry]

    /// Every finding of every document, in output order.
    public var findings: [Finding] { documents.flatMap(\.findings) }
    /// Every error, inputs first.
    public var errors: [LoadError] { inputErrors + documents.flatMap(\.errors) }
}

/// The pipeline: discover documents, load, resolve, build the model, run the rules, sort.
public struct Linter: Sendable {
    public let options: LintOptions
    public let catalog: RuleCatalog

    public init(options: LintOptions = LintOptions(), catalog: RuleCatalog = .builtIn) {
        self.options = options
        self.catalog = catalog
    }

    /// The rules this run uses with their effective severities.
    public var activeRules: [(entry: RuleCatalog.Entry, severity: Severity)] {
        catalog.entries.compactMap { entry in
            if let enabled = options.enabledRules, !enabled.contains(entry.id) { return nil }
            return (entry, options.severityOverrides[entry.id] ?? entry.description.severity)
        }
    }

    /// Lints files and directories; documents are linted in parallel and reported in path order.
    public func lint(paths: [String]) -> LintRun {
        let discovery = DocumentDiscovery.find(paths)
        let stores = StoreDirectory(limits: options.limits, fixedRoot: options.referenceRoot)
        let results = Mutex<[Int: DocumentResult]>([:])
        let documents = discovery.documents
        DispatchQueue.concurrentPerform(iterations: documents.count) { index in
            let result = lintDocument(documents[index], stores: stores)
            results.withLock { $0[index] = result }
        }
        let ordered = results.withLock { all in documents.indices.compactMap { all[$0] } }
        return LintRun(documents: ordered, inputErrors: discovery.errors, rules: activeRules.map(\.entry))
    }

    /// Lints one document given as text, with no other files (used by rule examples and tools).
    public func lint(text: String, path: String) -> DocumentResult {
        do {
            let file = try YAMLLoader.parse(Array(text.utf8), path: path, limits: options.limits)
            let store = SourceStore(root: "/nonexistent-root-for-in-memory-documents", limits: options.limits)
            return run(on: file, store: store, path: path)
        } catch {
            return DocumentResult(path: path, findings: [], model: nil, errors: [error])
        }
    }

    func lintDocument(_ document: DocumentDiscovery.Document, stores: StoreDirectory) -> DocumentResult {
        let store = stores.store(for: document)
        switch store.load(canonical: document.canonicalPath, displayPath: document.path) {
        case .failure(let error):
            return DocumentResult(path: document.path, findings: [], model: nil, errors: [error])
        case .success(let file):
            return run(on: file, store: store, path: document.path)
        }
    }

    func run(on file: SourceFile, store: SourceStore, path: String) -> DocumentResult {
        let resolver = ReferenceResolver(store: store, rootFile: file)
        let model: APIModel
        do {
            model = try ModelBuilder.build(resolver: resolver)
        } catch {
            return DocumentResult(path: path, findings: [], model: nil, errors: [error])
        }
        var findings: [Finding] = []
        for (entry, severity) in activeRules {
            findings += RuleContext.run(entry.rule, id: entry.id, severity: severity, on: model)
        }
        findings.sort(by: Finding.precedes)
        return DocumentResult(path: path, findings: findings, model: model, errors: resolver.loadErrors)
    }
}

/// One `SourceStore` per reference root, so files shared by documents under one root load once.
final class StoreDirectory: Sendable {
    let limits: LoadLimits
    let fixedRoot: String?
    private let stores = Mutex<[String: SourceStore]>([:])

    init(limits: LoadLimits, fixedRoot: String?) {
        self.limits = limits
        self.fixedRoot = fixedRoot
    }

    func store(for document: DocumentDiscovery.Document) -> SourceStore {
        let root = fixedRoot.flatMap(FileReader.realPath) ?? fixedRoot ?? Self.defaultRoot(for: document.canonicalPath)
        return stores.withLock { stores in
            if let store = stores[root] { return store }
            let store = SourceStore(root: root, limits: limits)
            stores[root] = store
            return store
        }
    }

    /// The enclosing git repository of a document, else its directory.
    static func defaultRoot(for canonicalPath: String) -> String {
        let directory = PathName.directory(of: canonicalPath)
        var candidate = directory
        while true {
            if FileReader.isDirectory(candidate + "/.git") != nil { return candidate }
            if candidate == "/" { return directory }
            candidate = PathName.directory(of: candidate)
        }
    }
}
