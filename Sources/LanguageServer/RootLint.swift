import Linter
import References
import RuleEngine
import SourceTree

/// Lints one open document from its buffer, as `oasguard lint` would lint the file, and sorts the diagnostics
/// by the file they are in.
struct RootLint {
    /// Every open document, by URI; the others stand in for their files on disk.
    let documents: [String: OpenDocument]
    let encoding: PositionEncoding
    let options: LanguageServerOptions
    let log: @Sendable (String) -> Void

    func lint(_ uri: String) -> RootResult {
        guard let document = documents[uri] else { return RootResult(dependencies: [], diagnostics: [:]) }
        var diagnostics: [String: [PublishedDiagnostic]] = [:]
        let (configuration, configurationError) = loadConfiguration(near: document.path)
        var dependencies: Set<String> = [document.path]
        if let (path, error) = configurationError {
            dependencies.insert(path)
            diagnostics[publishedURI(ofPath: path), default: []].append(loadErrorDiagnostic(error, path: path))
        }
        if configuration.excludes(absolutePath: FileReader.realPath(document.path) ?? document.path) {
            return RootResult(dependencies: dependencies, diagnostics: diagnostics)
        }
        var lintOptions = configuration.lintOptions(workingDirectory: options.workingDirectory)
        if let baseline = configuration.baseline {
            do {
                lintOptions.baseline = try Baseline.load(path: baseline)
            } catch {
                log("baseline not used: \(error.description)")
            }
        }
        var buffers: [String: [UInt8]] = [:]
        for (other, open) in documents where other != uri { buffers[open.path] = open.bytes }
        let catalog = configuration.catalog
        let run = Linter(options: lintOptions, catalog: catalog).lint(
            buffer: document.bytes, path: document.path, buffers: buffers)
        guard let result = run.documents.first else { return RootResult(dependencies: dependencies, diagnostics: [:]) }
        if result.model == nil, !Self.isOpenAPIAttempt(document.bytes, path: document.path) {
            return RootResult(dependencies: dependencies, diagnostics: diagnostics)
        }
        dependencies.formUnion(result.model?.files.map(\.path) ?? [])
        var builder = DiagnosticBuilder(encoding: encoding, catalog: catalog, uriOfPath: publishedURI(ofPath:))
        for finding in result.findings where finding.isActive {
            diagnostics[publishedURI(ofPath: finding.file.path), default: []].append(builder.diagnostic(for: finding))
        }
        for error in result.errors {
            dependencies.insert(error.path)
            diagnostics[publishedURI(ofPath: error.path), default: []].append(
                loadErrorDiagnostic(error, path: error.path))
        }
        if diagnostics[uri] == nil { diagnostics[uri] = [] }
        return RootResult(dependencies: dependencies, diagnostics: diagnostics)
    }

    /// The nearest `.oasguard.yml` above the document, as `oasguard lint` finds it from the document's directory;
    /// a broken one is reported at its error, and the defaults apply.
    func loadConfiguration(near path: String) -> (Configuration, (path: String, error: LoadError)?) {
        let directory = PathName.directory(of: path)
        guard let found = Configuration.discover(from: directory) else {
            return (Configuration(directory: directory), nil)
        }
        do {
            return (try Configuration.load(path: found, workingDirectory: options.workingDirectory), nil)
        } catch {
            return (Configuration(directory: directory), (found, error))
        }
    }

    /// Whether a document that did not become a model is one oasguard should speak about: it does not parse, or
    /// it has a top-level `openapi` or `swagger` key (an unsupported version, say). Other YAML and JSON files, and
    /// empty ones, are not OpenAPI documents and get no diagnostics.
    static func isOpenAPIAttempt(_ bytes: [UInt8], path: String) -> Bool {
        guard let file = try? YAMLLoader.parse(bytes, path: path) else { return true }
        guard let root = file.root, file.isMapping(root) else { return false }
        return file.value(root, "openapi") != nil || file.value(root, "swagger") != nil
    }

    /// A load error at its place in the file it names: the open buffer, else the file on disk.
    func loadErrorDiagnostic(_ error: LoadError, path: String) -> PublishedDiagnostic {
        let bytes =
            documents.values.first { $0.path == path }?.bytes
            ?? (try? FileReader.read(path: path, maxBytes: LoadLimits.default.maxFileBytes)) ?? []
        return DiagnosticBuilder.diagnostic(for: error, bytes: bytes, encoding: encoding)
    }

    /// The URI a file's diagnostics go to: the open document's own URI, else one made from the path.
    func publishedURI(ofPath path: String) -> String {
        documents.first { $0.value.path == path }?.key ?? DocumentURI.uri(ofPath: path)
    }
}
