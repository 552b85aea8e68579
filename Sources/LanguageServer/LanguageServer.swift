import Dispatch
import Linter
import References
import Reporters
import RuleEngine
import SourceTree
import Synchronization

/// Settings of one server.
public struct LanguageServerOptions: Sendable {
    /// Absolute directory relative paths in the configuration are resolved against.
    public var workingDirectory: String
    /// Milliseconds to wait after a change before linting; nil lints at once, on the caller's thread.
    public var debounceMilliseconds: Int?

    public init(workingDirectory: String, debounceMilliseconds: Int? = 150) {
        self.workingDirectory = workingDirectory
        self.debounceMilliseconds = debounceMilliseconds
    }
}

/// The language server: lints the editor's open OpenAPI documents from their buffers and publishes diagnostics,
/// offers the `x-oasguard-ignore` quick fix, and explains a rule on hover.
///
/// `handle` takes message bodies one at a time; replies and notifications go to `send`. Lints run after a quiet
/// period on a queue of their own, so typing never waits for one.
public final class LanguageServer: Sendable {
    let options: LanguageServerOptions
    let send: @Sendable (JSONValue) -> Void
    let log: @Sendable (String) -> Void
    private let state = Mutex(ServerState())
    private let lintQueue = DispatchQueue(label: "oasguard.lsp.lint")

    public init(
        options: LanguageServerOptions, send: @escaping @Sendable (JSONValue) -> Void,
        log: @escaping @Sendable (String) -> Void
    ) {
        self.options = options
        self.send = send
        self.log = log
    }

    /// The exit code once the client sent `exit`: 0 after `shutdown`, else 1.
    public var exitCode: Int32? { state.withLock { $0.exitCode } }

    /// The exit code for a client that went away without `exit`.
    public var codeAtEndOfInput: Int32 { state.withLock { $0.phase == .shuttingDown ? 0 : 1 } }

    /// Handles one message body.
    public func handle(_ body: [UInt8]) {
        switch IncomingMessage(body: body) {
        case .request(let id, let method, let params):
            do {
                send(OutgoingMessage.result(id, try respond(to: method, params: params)))
            } catch {
                send(OutgoingMessage.error(id, error))
            }
        case .notification(let method, let params):
            do {
                try receive(method, params: params)
            } catch {
                log("ignored \(method): \(error.message)")
            }
        case .response:
            break
        case .invalid(let id, let error):
            log("invalid message: \(error.message)")
            send(OutgoingMessage.error(id, error))
        }
    }

    /// Answers a message that was not framed correctly: JSON-RPC's parse error, with no id.
    public func reportMalformed(_ reason: String) {
        log("malformed message: \(reason)")
        send(OutgoingMessage.error(nil, RPCError(.parseError, reason)))
    }

    // MARK: - Requests

    private func respond(to method: String, params: JSONValue) throws(RPCError) -> JSONValue {
        let phase = state.withLock { $0.phase }
        if method == "initialize" {
            guard phase == .uninitialized else { throw RPCError(.invalidRequest, "the server is already initialized") }
            return initialize(params)
        }
        switch phase {
        case .uninitialized: throw RPCError(.serverNotInitialized, "initialize first")
        case .shuttingDown: throw RPCError(.invalidRequest, "the server is shutting down")
        case .running: break
        }
        switch method {
        case "shutdown":
            state.withLock { $0.phase = .shuttingDown }
            return .null
        case "textDocument/codeAction": return try codeActions(params)
        case "textDocument/hover": return try hover(params)
        default: throw RPCError(.methodNotFound, "oasguard does not handle \(method)")
        }
    }

    private func initialize(_ params: JSONValue) -> JSONValue {
        let offered = params["capabilities"]?["general"]?["positionEncodings"]?.array?.compactMap(\.string) ?? []
        let encoding = PositionEncoding.negotiate(offered)
        state.withLock {
            $0.phase = .running
            $0.encoding = encoding
        }
        let capabilities: JSONValue = .object([
            ("positionEncoding", .string(encoding.rawValue)),
            (
                "textDocumentSync",
                .object([
                    ("openClose", .bool(true)), ("change", .int(1)),
                    ("save", .object([("includeText", .bool(false))])),
                ])
            ),
            ("codeActionProvider", .object([("codeActionKinds", .array([.string("quickfix")]))])),
            ("hoverProvider", .bool(true)),
        ])
        return .object([
            ("capabilities", capabilities),
            ("serverInfo", .object([("name", .string("oasguard")), ("version", .string(OASGuardVersion.current))])),
        ])
    }

    /// One quick fix per oasguard finding in the range: excuse its rule with `x-oasguard-ignore`.
    private func codeActions(_ params: JSONValue) throws(RPCError) -> JSONValue {
        guard let uri = params["textDocument"]?["uri"]?.string, let range = LSPRange(params["range"]) else {
            throw RPCError(.invalidParams, "textDocument/codeAction needs textDocument.uri and range")
        }
        let (published, current, encoding) = state.withLock {
            ($0.published[uri] ?? [], $0.documents[uri]?.bytes, $0.encoding)
        }
        var actions: [JSONValue] = []
        for diagnostic in published where diagnostic.range.start <= range.end && range.start <= diagnostic.range.end {
            // Rules that judge the ignores themselves (an unused ignore) are fixed by editing the ignore, not by
            // adding one.
            guard let ruleID = diagnostic.ruleID, let location = diagnostic.location,
                let entry = diagnostic.rule, type(of: entry.rule).phase != .afterSuppression,
                current == nil || current == location.file.bytes,
                let fix = IgnoreFix.make(ruleID: ruleID, at: location)
            else { continue }
            let converter = PositionConverter(bytes: location.file.bytes, encoding: encoding)
            let editRange = LSPRange(
                start: converter.lspPosition(ofOffset: fix.start), end: converter.lspPosition(ofOffset: fix.end))
            let edit: JSONValue = .object([("range", editRange.json), ("newText", .string(fix.newText))])
            actions.append(
                .object([
                    ("title", .string("Ignore \(ruleID) here (\(InlineSuppression.key))")),
                    ("kind", .string("quickfix")),
                    ("diagnostics", .array([diagnostic.json])),
                    ("edit", .object([("changes", .object([(uri, .array([edit]))]))])),
                ]))
        }
        return .array(actions)
    }

    /// The rationale of the rules whose findings cover the position.
    private func hover(_ params: JSONValue) throws(RPCError) -> JSONValue {
        guard let uri = params["textDocument"]?["uri"]?.string, let position = LSPPosition(params["position"]) else {
            throw RPCError(.invalidParams, "textDocument/hover needs textDocument.uri and position")
        }
        let published = state.withLock { $0.published[uri] ?? [] }
        var sections: [String] = []
        var range: LSPRange?
        for diagnostic in published where diagnostic.range.contains(position) {
            guard let ruleID = diagnostic.ruleID, let entry = diagnostic.rule else { continue }
            var text = "**\(entry.description.title)** (`\(ruleID)`)\n\n\(entry.description.rationale)"
            if let url = DiagnosticBuilder.documentationURL(of: entry) { text += "\n\n[Documentation](\(url))" }
            if !sections.contains(text) { sections.append(text) }
            range = range ?? diagnostic.range
        }
        guard let range else { return .null }
        return .object([
            (
                "contents",
                .object([("kind", .string("markdown")), ("value", .string(sections.joined(separator: "\n\n---\n\n")))])
            ),
            ("range", range.json),
        ])
    }

    // MARK: - Notifications

    private func receive(_ method: String, params: JSONValue) throws(RPCError) {
        if method == "exit" {
            state.withLock { $0.exitCode = $0.phase == .shuttingDown ? 0 : 1 }
            return
        }
        guard state.withLock({ $0.phase == .running }) else { return }
        let document = params["textDocument"]
        switch method {
        case "textDocument/didOpen":
            guard let uri = document?["uri"]?.string, let text = document?["text"]?.string else {
                throw RPCError(.invalidParams, "didOpen needs textDocument.uri and text")
            }
            update(uri, text: text, version: document?["version"]?.int)
        case "textDocument/didChange":
            guard let uri = document?["uri"]?.string, let changes = params["contentChanges"]?.array else {
                throw RPCError(.invalidParams, "didChange needs textDocument.uri and contentChanges")
            }
            // Full synchronisation: each change without a range is the whole text; the last one wins.
            guard let text = changes.last(where: { $0["range"] == nil })?["text"]?.string else {
                throw RPCError(.invalidParams, "didChange needs the document's whole text")
            }
            update(uri, text: text, version: document?["version"]?.int)
        case "textDocument/didSave", "textDocument/didClose":
            guard let uri = document?["uri"]?.string else {
                throw RPCError(.invalidParams, "\(method) needs textDocument.uri")
            }
            state.withLock { state in
                if method == "textDocument/didClose" { state.documents[uri] = nil }
                state.pending.insert(uri)
            }
            scheduleLint()
        default:
            break
        }
    }

    private func update(_ uri: String, text: String, version: Int?) {
        guard let path = DocumentURI.path(of: uri) else {
            log("not linted (not a file: URI): \(uri)")
            return
        }
        state.withLock { state in
            state.documents[uri] = OpenDocument(
                path: PathName.normalize(path), version: version, bytes: Array(text.utf8))
            state.pending.insert(uri)
        }
        scheduleLint()
    }

    // MARK: - Linting

    /// Lints what changed once no change has come for the debounce interval.
    private func scheduleLint() {
        guard let delay = options.debounceMilliseconds else {
            lintPending()
            return
        }
        let generation = state.withLock { state in
            state.generation += 1
            return state.generation
        }
        lintQueue.asyncAfter(deadline: .now() + .milliseconds(delay)) { [self] in
            guard state.withLock({ $0.generation == generation }) else { return }
            lintPending()
        }
    }

    /// Lints the open documents that changed and the open roots that reference them, then publishes what differs.
    private func lintPending() {
        let (targets, closed, documents, encoding) = state.withLock { state in
            let changed = state.pending
            state.pending = []
            let changedPaths = Set(changed.compactMap(DocumentURI.path).map(PathName.normalize))
            var targets = changed.filter { state.documents[$0] != nil }
            for (root, result) in state.roots
            where state.documents[root] != nil && !result.dependencies.isDisjoint(with: changedPaths) {
                targets.insert(root)
            }
            return (targets, changed.filter { state.documents[$0] == nil }, state.documents, state.encoding)
        }
        var results: [String: RootResult] = [:]
        for uri in targets.sorted() {
            results[uri] = RootLint(documents: documents, encoding: encoding, options: options, log: log).lint(uri)
        }
        let notifications = state.withLock { state in
            var touched = Set<String>()
            for uri in closed {
                if let withdrawn = state.roots.removeValue(forKey: uri) {
                    touched.formUnion(withdrawn.diagnostics.keys)
                }
                touched.insert(uri)
            }
            for (uri, result) in results where state.documents[uri] != nil {
                if let replaced = state.roots.updateValue(result, forKey: uri) {
                    touched.formUnion(replaced.diagnostics.keys)
                }
                touched.formUnion(result.diagnostics.keys)
            }
            return touched.sorted().compactMap { uri -> JSONValue? in
                let now = state.roots.keys.sorted().flatMap { state.roots[$0]?.diagnostics[uri] ?? [] }
                let before = state.published[uri] ?? []
                // A document just linted always hears back, even when nothing changed; other files only on change.
                guard results[uri] != nil || now.map(\.json) != before.map(\.json) else { return nil }
                state.published[uri] = now.isEmpty ? nil : now
                var params: [(String, JSONValue)] = [("uri", .string(uri))]
                if let version = documents[uri]?.version { params.append(("version", .int(version))) }
                params.append(("diagnostics", .array(now.map(\.json))))
                return OutgoingMessage.notification("textDocument/publishDiagnostics", .object(params))
            }
        }
        for notification in notifications { send(notification) }
    }
}

/// What the server holds between messages.
struct ServerState {
    enum Phase { case uninitialized, running, shuttingDown }

    var phase = Phase.uninitialized
    var exitCode: Int32?
    var encoding = PositionEncoding.utf16
    /// Open documents by URI.
    var documents: [String: OpenDocument] = [:]
    /// Documents opened, changed, saved or closed since the last lint.
    var pending: Set<String> = []
    /// Counts scheduled lints; only the latest runs.
    var generation = 0
    /// The last lint of each open document.
    var roots: [String: RootResult] = [:]
    /// What the client shows, by URI: every root's diagnostics for it.
    var published: [String: [PublishedDiagnostic]] = [:]
}

/// An open document: its path and the editor's buffer.
struct OpenDocument: Sendable {
    let path: String
    let version: Int?
    let bytes: [UInt8]
}

/// What linting one open document produced.
struct RootResult: Sendable {
    /// Paths of the files it read (itself and everything it references), so a change to any re-lints it.
    let dependencies: Set<String>
    /// Diagnostics by the URI of the file they are in.
    let diagnostics: [String: [PublishedDiagnostic]]
}
