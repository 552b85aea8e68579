import Foundation
import Reporters
import Synchronization
import Testing

@testable import LanguageServer

/// `oasguard lsp` as a process, spoken to through its pipes the way an editor does.
@Suite struct LanguageServerProcessTests {
    /// A running `oasguard lsp` and the messages it wrote.
    final class Client: Sendable {
        let process: Process
        let input: FileHandle
        private let received = ReceivedMessages()

        init(directory: String) throws {
            process = Process()
            process.executableURL = URL(fileURLWithPath: TestSupport.executable)
            process.arguments = ["lsp", "--debounce", "20"]
            process.currentDirectoryURL = URL(fileURLWithPath: directory)
            let toServer = Pipe()
            let fromServer = Pipe()
            process.standardInput = toServer
            process.standardOutput = fromServer
            process.standardError = FileHandle.nullDevice
            try process.run()
            input = toServer.fileHandleForWriting
            let output = fromServer.fileHandleForReading
            let received = received
            let reader = Thread {
                // Whatever the pipe holds now (`read(upToCount:)` would wait for the whole count).
                var messages = MessageReader { _ in Array(output.availableData) }
                while case .message(let body) = messages.next() {
                    guard let value = try? JSONValue(parsing: body) else { continue }
                    received.messages.withLock { $0.append(value) }
                }
            }
            reader.start()
        }

        func sendRaw(_ bytes: [UInt8]) { input.write(Data(bytes)) }

        func send(_ message: JSONValue) {
            sendRaw(MessageFrame.encode(Array(message.serialized(pretty: false).utf8)))
        }

        func request(_ id: Int, _ method: String, _ params: JSONValue = .object([])) {
            send(
                .object([
                    ("jsonrpc", .string("2.0")), ("id", .int(id)), ("method", .string(method)), ("params", params),
                ]))
        }

        func notify(_ method: String, _ params: JSONValue) {
            send(.object([("jsonrpc", .string("2.0")), ("method", .string(method)), ("params", params)]))
        }

        /// The first message received that satisfies `matches`, removed from the queue; nil after a minute.
        func wait(for matches: (JSONValue) -> Bool) -> JSONValue? {
            for _ in 0..<6000 {
                let found = received.messages.withLock { messages -> JSONValue? in
                    guard let index = messages.firstIndex(where: matches) else { return nil }
                    return messages.remove(at: index)
                }
                if let found { return found }
                Thread.sleep(forTimeInterval: 0.01)
            }
            return nil
        }

        func response(_ id: Int?) -> JSONValue? {
            wait { $0["id"] == (id.map { .int($0) } ?? .null) && $0["method"] == nil }
        }

        func diagnostics(version: Int) -> [JSONValue]? {
            wait {
                $0["method"] == .string("textDocument/publishDiagnostics") && $0["params"]?["version"] == .int(version)
            }?[
                "params"]?["diagnostics"]?.array
        }
    }

    /// An OpenAPI document whose server line has accented and astral characters before the URL.
    static func document(url: String) -> String {
        """
        openapi: 3.0.3
        info: {title: "Cafés 😀", version: '1', contact: {email: a@example.com}}
        servers: [{description: "🔒 é 😀", url: "\(url)"}]
        paths: {}

        """
    }

    @Test func speaksTheProtocolThroughItsPipes() throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let client = try Client(directory: directory)
        defer { if client.process.isRunning { client.process.terminate() } }
        let uri = DocumentURI.uri(ofPath: directory + "/api é.yaml")

        client.request(1, "initialize", .object([("processId", .null), ("capabilities", .object([]))]))
        let initialized = try #require(client.response(1))
        #expect(initialized["result"]?["capabilities"]?["positionEncoding"] == .string("utf-16"))
        client.notify("initialized", .object([]))

        let document: JSONValue = .object([
            ("uri", .string(uri)), ("languageId", .string("yaml")), ("version", .int(1)),
            ("text", .string(Self.document(url: "https://api.example.com"))),
        ])
        client.notify("textDocument/didOpen", .object([("textDocument", document)]))
        let opened = try #require(client.diagnostics(version: 1))
        #expect(!opened.contains { $0["code"] == .string("server-url-plain-http") })
        #expect(opened.allSatisfy { $0["source"] == .string("oasguard") })

        // A change that introduces plain HTTP after astral characters on the same line.
        let insecure = Self.document(url: "http://api.example.com")
        change(client, uri: uri, text: insecure, version: 2)
        let problem = try #require(client.diagnostics(version: 2))
        let plain = try #require(problem.first { $0["code"] == .string("server-url-plain-http") })
        // The finding is on the `url` key; the protocol counts UTF-16 units: 🔒 and 😀 take two each, é one.
        let before = #"servers: [{description: "🔒 é 😀", "#
        #expect(before.utf16.count == before.unicodeScalars.count + 2)
        let start = LSPPosition(line: 2, character: before.utf16.count)
        #expect(
            LSPRange(plain["range"])
                == LSPRange(start: start, end: LSPPosition(line: 2, character: start.character + 3)))
        #expect(plain["severity"] == .int(1))
        #expect(
            plain["codeDescription"]?["href"]
                == .string("file://" + TestSupport.packageRoot + "/rules/server-url-plain-http.yaml"))

        // The fix: that diagnostic goes away, the others stay.
        change(client, uri: uri, text: Self.document(url: "https://api.example.com"), version: 3)
        let fixed = try #require(client.diagnostics(version: 3))
        #expect(!fixed.contains { $0["code"] == .string("server-url-plain-http") })
        #expect(fixed.count == problem.count - 1)

        // Bad messages: JSON that does not parse, a header without a length, an unknown method. The server answers
        // and keeps going.
        client.sendRaw(MessageFrame.encode(Array("{not json".utf8)))
        #expect(client.response(nil)?["error"]?["code"] == .int(-32700))
        client.sendRaw(Array("Content-Type: nonsense\r\n\r\n".utf8))
        #expect(client.response(nil)?["error"]?["code"] == .int(-32700))
        client.request(2, "textDocument/definition", .object([]))
        #expect(client.response(2)?["error"]?["code"] == .int(-32601))

        client.request(3, "shutdown")
        #expect(client.response(3)?["result"] == .null)
        client.notify("exit", .null)
        client.process.waitUntilExit()
        #expect(client.process.terminationStatus == 0)
    }

    @Test func aClientThatDisappearsEndsTheServer() throws {
        let client = try Client(directory: NSTemporaryDirectory())
        client.request(1, "initialize", .object([("capabilities", .object([]))]))
        #expect(client.response(1) != nil)
        try client.input.close()
        client.process.waitUntilExit()
        #expect(client.process.terminationStatus == 1)
    }

    static func change(_ client: Client, uri: String, text: String, version: Int) {
        client.notify(
            "textDocument/didChange",
            .object([
                ("textDocument", .object([("uri", .string(uri)), ("version", .int(version))])),
                ("contentChanges", .array([.object([("text", .string(text))])])),
            ]))
    }

    func change(_ client: Client, uri: String, text: String, version: Int) {
        Self.change(client, uri: uri, text: text, version: version)
    }
}
