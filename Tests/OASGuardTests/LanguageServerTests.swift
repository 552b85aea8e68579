import Foundation
import Linter
import Reporters
import RuleEngine
import Rules
import SourceTree
import Synchronization
import Testing

@testable import LanguageServer

/// The language server driven in process: lifecycle, diagnostics where they belong, the ignore quick fix, hover.
@Suite struct LanguageServerTests {
    /// A server that lints at once, and everything it sent.
    final class Session: Sendable {
        let server: LanguageServer
        private let sent: ReceivedMessages
        private let nextID = Mutex(0)

        init(directory: String) {
            let sent = ReceivedMessages()
            self.sent = sent
            server = LanguageServer(
                options: LanguageServerOptions(workingDirectory: directory, debounceMilliseconds: nil),
                send: { message in sent.messages.withLock { $0.append(message) } }, log: { _ in })
        }

        /// Takes what was sent since the last call.
        func drain() -> [JSONValue] {
            sent.messages.withLock { messages in
                defer { messages = [] }
                return messages
            }
        }

        func notify(_ method: String, _ params: JSONValue) {
            server.handle(OutgoingMessage.notification(method, params).bytes)
        }

        /// Sends a request and returns its response.
        func request(_ method: String, _ params: JSONValue = .object([])) -> JSONValue? {
            let id = nextID.withLock { id in
                id += 1
                return id
            }
            let message: JSONValue = .object([
                ("jsonrpc", .string("2.0")), ("id", .int(id)), ("method", .string(method)), ("params", params),
            ])
            server.handle(message.bytes)
            return drain().first { $0["id"] == .int(id) }
        }

        func initialize(encodings: [String] = []) -> JSONValue? {
            let general: JSONValue = .object([("positionEncodings", .array(encodings.map(JSONValue.string)))])
            return request("initialize", .object([("capabilities", .object([("general", general)]))]))
        }

        func open(_ uri: String, _ text: String, version: Int = 1) {
            let document: JSONValue = .object([
                ("uri", .string(uri)), ("languageId", .string("yaml")), ("version", .int(version)),
                ("text", .string(text)),
            ])
            notify("textDocument/didOpen", .object([("textDocument", document)]))
        }

        func change(_ uri: String, _ text: String, version: Int) {
            notify(
                "textDocument/didChange",
                .object([
                    ("textDocument", .object([("uri", .string(uri)), ("version", .int(version))])),
                    ("contentChanges", .array([.object([("text", .string(text))])])),
                ]))
        }

        func close(_ uri: String) {
            notify("textDocument/didClose", .object([("textDocument", .object([("uri", .string(uri))]))]))
        }

        /// The diagnostics published since the last drain, by URI (the last publication of each wins).
        func published() -> [String: [JSONValue]] {
            var result: [String: [JSONValue]] = [:]
            for message in drain() where message["method"] == .string("textDocument/publishDiagnostics") {
                result[message["params"]?["uri"]?.string ?? ""] = message["params"]?["diagnostics"]?.array
            }
            return result
        }
    }

    static func codes(_ diagnostics: [JSONValue]?) -> [String] { (diagnostics ?? []).compactMap { $0["code"]?.string } }

    static let root = """
        openapi: 3.0.3
        info: {title: Root, version: "1", contact: {email: a@example.com}}
        security: [{key: []}]
        paths:
          /users:
            get:
              responses:
                '200':
                  description: ok
                  content: {application/json: {schema: {$ref: 'schemas.yaml#/User'}}}
        components:
          securitySchemes:
            key: {type: apiKey, in: header, name: X-Key}
        """

    @Test func lifecycleFollowsTheProtocol() throws {
        let session = Session(directory: "/")
        #expect(session.request("textDocument/hover")?["error"]?["code"] == .int(-32002))
        let initialized = try #require(session.initialize(encodings: ["utf-16", "utf-8"]))
        #expect(initialized["result"]?["capabilities"]?["positionEncoding"] == .string("utf-8"))
        #expect(initialized["result"]?["capabilities"]?["textDocumentSync"]?["change"] == .int(1))
        #expect(session.request("initialize")?["error"]?["code"] == .int(-32600))
        #expect(session.request("workspace/symbol")?["error"]?["code"] == .int(-32601))
        session.notify("$/unknownNotification", .null)
        #expect(session.drain().isEmpty)
        #expect(session.request("textDocument/codeAction", .array([]))?["error"]?["code"] == .int(-32602))
        #expect(session.request("shutdown")?["result"] == .null)
        #expect(session.request("textDocument/hover")?["error"]?["code"] == .int(-32600))
        #expect(session.server.exitCode == nil)
        session.notify("exit", .null)
        #expect(session.server.exitCode == 0)

        let abrupt = Session(directory: "/")
        _ = abrupt.initialize()
        abrupt.notify("exit", .null)
        #expect(abrupt.server.exitCode == 1)
    }

    @Test func findingsInAReferencedFileGoToItsURIAndClearWhenFixed() throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try TestSupport.write(
            "User:\n  type: object\n  additionalProperties: false\n  properties:\n    password: {type: string}\n",
            to: "schemas.yaml", in: directory)
        let session = Session(directory: directory)
        _ = session.initialize()
        let rootURI = DocumentURI.uri(ofPath: directory + "/root.yaml")
        let schemasURI = DocumentURI.uri(ofPath: directory + "/schemas.yaml")
        session.open(rootURI, Self.root)
        var published = session.published()
        #expect(Set(published.keys) == [rootURI, schemasURI])
        #expect(Self.codes(published[schemasURI]).contains("sensitive-field-in-response"))
        let password = try #require(
            published[schemasURI]?.first { $0["code"] == .string("sensitive-field-in-response") })
        #expect(password["range"]?["start"] == LSPPosition(line: 4, character: 4).json)

        // The fragment opened and fixed in the editor: its buffer wins over the disk, the root is linted again.
        let fixed =
            "User:\n  type: object\n  additionalProperties: false\n  properties:\n    name: {type: string, maxLength: 9}\n"
        session.open(schemasURI, fixed)
        published = session.published()
        #expect(published[schemasURI] == [])
        // Closed unsaved: the file on disk counts again.
        session.close(schemasURI)
        published = session.published()
        #expect(Self.codes(published[schemasURI]).contains("sensitive-field-in-response"))
        // The root closed: what it published is withdrawn.
        session.close(rootURI)
        published = session.published()
        #expect(published[rootURI] == [])
        #expect(published[schemasURI] == [])
    }

    @Test func otherFilesGetNothingAndAFileThatDoesNotParseOneDiagnostic() throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let session = Session(directory: directory)
        _ = session.initialize()
        let uri = DocumentURI.uri(ofPath: directory + "/workflow.yaml")
        session.open(uri, "on: push\njobs: {build: {runs-on: ubuntu-latest}}\n")
        session.open(DocumentURI.uri(ofPath: directory + "/empty.yaml"), "")
        session.open(DocumentURI.uri(ofPath: directory + "/list.json"), "[1, 2]")
        #expect(session.published().isEmpty)

        let broken = DocumentURI.uri(ofPath: directory + "/broken.yaml")
        session.open(broken, "openapi: 3.0.3\ninfo: {title: x\npaths: {}\n")
        let diagnostics = try #require(session.published()[broken])
        #expect(diagnostics.count == 1)
        #expect(diagnostics.first?["severity"] == .int(1))
        #expect(diagnostics.first?["range"]?["start"]?["line"] == .int(2))
    }

    @Test func theWorkspaceConfigurationApplies() throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try TestSupport.write(
            "User: {type: object, additionalProperties: false, properties: {password: {type: string}}}\n",
            to: "schemas.yaml", in: directory)
        try TestSupport.write("rules:\n  sensitive-field-in-response: off\n", to: ".oasguard.yml", in: directory)
        let session = Session(directory: directory)
        _ = session.initialize()
        let rootURI = DocumentURI.uri(ofPath: directory + "/root.yaml")
        session.open(rootURI, Self.root)
        let published = session.published()
        #expect(published[rootURI] != nil)
        #expect(!published.values.flatMap { Self.codes($0) }.contains("sensitive-field-in-response"))

        try TestSupport.write("rules:\n  no-such-rule: off\n", to: ".oasguard.yml", in: directory)
        session.change(rootURI, Self.root, version: 2)
        let configURI = DocumentURI.uri(ofPath: directory + "/.oasguard.yml")
        let configuration = try #require(session.published()[configURI])
        #expect(configuration.count == 1)
        #expect(configuration.first?["range"]?["start"] == LSPPosition(line: 1, character: 2).json)
    }

    @Test func organisationPoliciesAreDiagnosedWithoutADocumentationLink() throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try TestSupport.write(
            "User: {type: object, additionalProperties: false, properties: {id: {type: integer}}}\n",
            to: "schemas.yaml", in: directory)
        try TestSupport.write(
            "policies:\n  - id: oauth-only\n    require:\n      schemes: [oauth2]\n", to: ".oasguard.yml", in: directory)
        let session = Session(directory: directory)
        _ = session.initialize()
        let uri = DocumentURI.uri(ofPath: directory + "/root.yaml")
        session.open(uri, Self.root)
        let policy = try #require(session.published()[uri]?.first { $0["code"] == .string("policy/oauth-only") })
        #expect(policy["codeDescription"] == nil)
        let hover = session.request(
            "textDocument/hover",
            .object([("textDocument", .object([("uri", .string(uri))])), ("position", policy["range"]!["start"]!)]))
        #expect(hover?["result"]?["contents"]?["value"]?.string?.contains("`policy/oauth-only`") == true)
        let actions = session.request(
            "textDocument/codeAction",
            .object([("textDocument", .object([("uri", .string(uri))])), ("range", policy["range"]!)]))
        #expect(
            actions?["result"]?.array?.contains { $0["title"]?.string?.contains("policy/oauth-only") == true } == true)
    }

    @Test func hoverShowsTheRuleRationale() throws {
        let session = Session(directory: "/")
        _ = session.initialize()
        let uri = "file:///nonexistent-oasguard-test/api.yaml"
        session.open(uri, "swagger: '2.0'\ninfo: {title: T, version: '1'}\nschemes: [http]\npaths: {}\n")
        let diagnostic = try #require(
            session.published()[uri]?.first { $0["code"] == .string("server-url-plain-http") })
        let position = try #require(diagnostic["range"]?["start"])
        let hover = session.request(
            "textDocument/hover", .object([("textDocument", .object([("uri", .string(uri))])), ("position", position)]))
        let text = try #require(hover?["result"]?["contents"]?["value"]?.string)
        let rationale = try #require(RuleCatalog.builtIn.entry("server-url-plain-http")?.description.rationale)
        #expect(text.contains(rationale))
        let away = session.request(
            "textDocument/hover",
            .object([
                ("textDocument", .object([("uri", .string(uri))])),
                ("position", LSPPosition(line: 3, character: 8).json),
            ]))
        #expect(away?["result"] == .null)
    }

    @Test func groupedOccurrencesBecomeRelatedInformation() throws {
        let file = try TestSupport.parse("a: {x: 1}\nb: {x: 2}\n", path: "/specs/api é.yaml")
        let first = NodeRef(file, try #require(file.value(file.root!, "a")))
        let second = NodeRef(file, try #require(file.value(file.root!, "b")))
        var finding = Finding(ruleID: "open-request-object", severity: .warning, message: "m", location: first)
        finding.occurrences = [second]
        var builder = DiagnosticBuilder(encoding: .utf16, catalog: .builtIn, uriOfPath: DocumentURI.uri(ofPath:))
        let diagnostic = builder.diagnostic(for: finding)
        let related = try #require(diagnostic.json["relatedInformation"]?.array)
        #expect(related.count == 1)
        #expect(related.first?["location"]?["uri"] == .string("file:///specs/api%20%C3%A9.yaml"))
        #expect(LSPRange(related.first?["location"]?["range"])?.start == LSPPosition(line: 1, character: 3))
        finding.occurrences = []
        #expect(builder.diagnostic(for: finding).json["relatedInformation"] == nil)
    }

    /// Every quick fix, applied to the buffer, makes its finding suppressed by the new ignore and breaks nothing.
    @Test(arguments: ["samples/insecure-payments-api.yaml", "samples/insecure-petstore-swagger.json"])
    func eachQuickFixSuppressesItsFinding(sample: String) throws {
        let text = try String(contentsOfFile: TestSupport.packageRoot + "/" + sample, encoding: .utf8)
        let session = Session(directory: "/")
        _ = session.initialize()
        let uri = "file:///nonexistent-oasguard-test/" + (sample as NSString).lastPathComponent
        session.open(uri, text)
        let diagnostics = try #require(session.published()[uri])
        let before = Linter().lint(text: text, path: "api")
        #expect(diagnostics.count == before.findings.filter(\.isActive).count)
        #expect(diagnostics.count > 20)
        for diagnostic in diagnostics {
            let rule = RuleID(try #require(diagnostic["code"]?.string))
            let response = session.request(
                "textDocument/codeAction",
                .object([
                    ("textDocument", .object([("uri", .string(uri))])), ("range", diagnostic["range"]!),
                    ("context", .object([("diagnostics", .array([diagnostic]))])),
                ]))
            let actions = response?["result"]?.array?.filter { $0["diagnostics"]?.array?.first == diagnostic } ?? []
            if rule == "unused-suppression" {
                #expect(actions.isEmpty)
                continue
            }
            let action = try #require(
                actions.first,
                "no quick fix for \(rule) at \(diagnostic["range"]!.serialized(pretty: false))")
            let edit = try #require(action["edit"]?["changes"]?[uri]?.array?.first)
            let edited = Self.apply(edit, to: text)
            let after = Linter().lint(text: edited, path: "api")
            #expect(after.errors.isEmpty, "\(rule): \(after.errors)")
            let start = try #require(LSPPosition(diagnostic["range"]?["start"]))
            let target = before.findings.filter(\.isActive).first {
                $0.ruleID == rule
                    && PositionConverter(bytes: $0.file.bytes, encoding: .utf16).lspPosition(of: $0.position) == start
            }
            let pointer = try #require(target?.pointer)
            #expect(
                !after.findings.contains { $0.ruleID == rule && $0.pointer == pointer && $0.isActive },
                "\(rule) at \(pointer) still reported after:\n\(edit.serialized(pretty: false))")
            let noise: Set<RuleID> = ["duplicate-key", "unused-suppression"]
            #expect(
                after.findings.filter { noise.contains($0.ruleID) && $0.isActive }.count
                    <= before.findings.filter { noise.contains($0.ruleID) && $0.isActive }.count,
                "\(rule): \(edit.serialized(pretty: false)) \(after.findings.filter { noise.contains($0.ruleID) }.map(\.message))"
            )
        }
    }

    /// Applies one LSP text edit (UTF-16 positions) to `text`.
    static func apply(_ edit: JSONValue, to text: String) -> String {
        let bytes = Array(text.utf8)
        let converter = PositionConverter(bytes: bytes, encoding: .utf16)
        let range = LSPRange(edit["range"])!
        let start = converter.offset(of: range.start)
        let end = converter.offset(of: range.end)
        return String(
            decoding: bytes[..<start] + Array((edit["newText"]?.string ?? "").utf8) + bytes[end...], as: UTF8.self)
    }
}

/// Messages a server sent, not yet looked at.
final class ReceivedMessages: Sendable {
    let messages = Mutex<[JSONValue]>([])
}
