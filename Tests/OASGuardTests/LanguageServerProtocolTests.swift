import Foundation
import Reporters
import SourceTree
import Testing

@testable import LanguageServer

/// The base protocol's framing, JSON-RPC classification and position conversion of `oasguard lsp`.
@Suite struct LanguageServerProtocolTests {
    /// A reader over `bytes`, handed out `chunkSize` bytes at a time.
    static func reader(_ bytes: [UInt8], chunkSize: Int = 1 << 16, maxBodyBytes: Int = 1 << 20) -> MessageReader {
        var remaining = bytes[...]
        return MessageReader(maxBodyBytes: maxBodyBytes) { count in
            let chunk = Array(remaining.prefix(min(count, chunkSize)))
            remaining = remaining.dropFirst(chunk.count)
            return chunk
        }
    }

    static func events(_ text: String, chunkSize: Int = 1 << 16, maxBodyBytes: Int = 1 << 20) -> [MessageReader.Event] {
        var reader = reader(Array(text.utf8), chunkSize: chunkSize, maxBodyBytes: maxBodyBytes)
        var events: [MessageReader.Event] = []
        while true {
            let event = reader.next()
            events.append(event)
            if event == .end { return events }
        }
    }

    static func message(_ text: String) -> MessageReader.Event { .message(Array(text.utf8)) }

    @Test(arguments: [1, 3, 1 << 16])
    func readsMessagesWhateverTheChunks(chunkSize: Int) {
        let stream = "Content-Length: 2\r\n\r\n{}content-length:3\r\nContent-Type: x\r\n\r\n[1]"
        #expect(Self.events(stream, chunkSize: chunkSize) == [Self.message("{}"), Self.message("[1]"), .end])
    }

    @Test func aHeaderWithoutLengthIsReportedAndTheNextMessageStillRead() {
        let stream = "Content-Type: x\r\n\r\n{\"a\":1}Content-Length: 2\r\n\r\n{}"
        let events = Self.events(stream)
        #expect(events.count == 3)
        guard case .malformed(let reason) = events[0] else {
            Issue.record("expected a malformed header, got \(events[0])")
            return
        }
        #expect(reason.contains("without Content-Length"))
        #expect(Array(events.dropFirst()) == [Self.message("{}"), .end])
    }

    @Test(arguments: ["-5", "12abc", "99999999999999999999999", ""])
    func aLengthThatIsNotAByteCountIsMalformed(value: String) {
        let events = Self.events("Content-Length: \(value)\r\n\r\nContent-Length: 2\r\n\r\n{}")
        guard case .malformed = events.first else {
            Issue.record("expected malformed, got \(events)")
            return
        }
        #expect(Array(events.dropFirst()) == [Self.message("{}"), .end])
    }

    @Test func aBodyOverTheLimitIsSkippedAndReadingGoesOn() {
        let big = String(repeating: "x", count: 100)
        let events = Self.events("Content-Length: 100\r\n\r\n\(big)Content-Length: 2\r\n\r\n{}", maxBodyBytes: 50)
        guard case .malformed(let reason) = events.first else {
            Issue.record("expected malformed, got \(events)")
            return
        }
        #expect(reason.contains("over the limit"))
        #expect(Array(events.dropFirst()) == [Self.message("{}"), .end])
    }

    @Test func aHostileLengthEndsAtTheEndOfInputWithoutWaitingForTheBytes() {
        let events = Self.events(
            "Content-Length: 4000000000\r\n\r\n{}", maxBodyBytes: MessageReader.defaultMaxBodyBytes)
        #expect(events == [.end])
    }

    @Test func anOverlongHeaderLineIsMalformedNotKept() {
        let line = String(repeating: "a", count: 100_000)
        let events = Self.events("X-Long: \(line)\r\n\r\nContent-Length: 2\r\n\r\n{}")
        guard case .malformed(let reason) = events.first else {
            Issue.record("expected malformed, got \(events)")
            return
        }
        #expect(reason.contains("longer than"))
        #expect(Array(events.dropFirst()) == [Self.message("{}"), .end])
    }

    @Test func aBodyCutShortIsTheEnd() {
        #expect(Self.events("Content-Length: 10\r\n\r\n{}") == [.end])
        #expect(Self.events("") == [.end])
    }

    @Test func framingWritesTheLengthInBytes() {
        let body = Array("{\"é\":1}".utf8)
        #expect(MessageFrame.encode(body) == Array("Content-Length: 8\r\n\r\n".utf8) + body)
    }

    // MARK: - JSON-RPC

    static func classify(_ text: String) -> IncomingMessage { IncomingMessage(body: Array(text.utf8)) }

    @Test func requestsNotificationsAndResponsesAreTold() {
        guard
            case .request(let id, let method, let params) = Self.classify(
                #"{"jsonrpc":"2.0","id":"a","method":"m","params":{"x":[1,true,null,1.5]}}"#)
        else {
            Issue.record("not a request")
            return
        }
        #expect(id == .string("a"))
        #expect(method == "m")
        #expect(params["x"] == .array([.int(1), .bool(true), .null, .double(1.5)]))
        guard case .notification(let name, _) = Self.classify(#"{"jsonrpc":"2.0","method":"n"}"#) else {
            Issue.record("not a notification")
            return
        }
        #expect(name == "n")
        guard case .response = Self.classify(#"{"jsonrpc":"2.0","id":3,"result":null}"#) else {
            Issue.record("not a response")
            return
        }
    }

    @Test(arguments: [
        ("{bad", RPCErrorCode.parseError, nil),
        ("[1,2]", .invalidRequest, nil),
        (#"{"id":1,"method":"m"}"#, .invalidRequest, RequestID.number(1)),
        (#"{"jsonrpc":"2.0","id":2,"method":7}"#, .invalidRequest, .number(2)),
        (#"{"jsonrpc":"2.0","id":{"a":1},"method":"m"}"#, .invalidRequest, nil),
        (#"{"jsonrpc":"2.0","id":5}"#, .invalidRequest, .number(5)),
        (String(repeating: "[", count: 200_000), .parseError, nil),
    ])
    func malformedMessagesAreClassifiedWithTheirId(text: String, code: RPCErrorCode, id: RequestID?) {
        guard case .invalid(let foundID, let error) = Self.classify(text) else {
            Issue.record("accepted \(text.prefix(40))")
            return
        }
        #expect(error.code == code)
        #expect(foundID == id)
    }

    // MARK: - Positions

    @Test(arguments: [
        (PositionEncoding.utf16, 18), (.utf8, 21), (.utf32, 17),
    ])
    func columnsCountTheNegotiatedUnits(encoding: PositionEncoding, character: Int) throws {
        // "a: 'é😀x' " then the node `y`: é is 2 UTF-8 bytes and 1 UTF-16 unit; 😀 is 4 bytes and 2 units.
        let text = "k: {a: 'é😀x', b: y}\n"
        let file = try TestSupport.parse(text)
        let b = try #require(file.value(file.value(file.root!, "k")!, "b"))
        let converter = PositionConverter(bytes: file.bytes, encoding: encoding)
        let position = converter.lspPosition(of: file.position(b))
        #expect(file.position(b) == Position(line: 1, column: 18))
        // Count the units before `y` independently of the converter.
        let prefix = String(text.prefix(while: { $0 != "y" }))
        let expected =
            switch encoding {
            case .utf8: prefix.utf8.count
            case .utf16: prefix.utf16.count
            case .utf32: prefix.unicodeScalars.count
            }
        #expect(expected == character)
        #expect(position == LSPPosition(line: 0, character: character))
        #expect(converter.offset(of: position) == converter.offset(of: file.position(b)))
    }

    @Test func linesBreakAtCRLFAndCRForBothAndAtNELOnlyForYAML() throws {
        // libyaml ends a line at NEL (U+0085); the loader and the protocol do not, so `c` is on line 4.
        let text = "a: 1\r\nb: 2\rx: \"p\u{85}q\"\nc: 3\n"
        let file = try TestSupport.parse(text)
        let c = try #require(file.keyNode(file.root!, "c"))
        #expect(file.position(c) == Position(line: 4, column: 1))
        let converter = PositionConverter(bytes: file.bytes, encoding: .utf16)
        #expect(converter.lspPosition(of: file.position(c)) == LSPPosition(line: 3, character: 0))
        let q = try #require(file.value(file.root!, "x"))
        #expect(converter.lspPosition(of: file.span(q).end) == LSPPosition(line: 2, character: 8))
    }

    @Test func positionsPastTheTextAreClamped() {
        let converter = PositionConverter(bytes: Array("ab\ncd".utf8), encoding: .utf16)
        #expect(converter.lspPosition(of: Position(line: 1, column: 40)) == LSPPosition(line: 0, character: 2))
        #expect(converter.lspPosition(of: Position(line: 9, column: 1)) == LSPPosition(line: 1, character: 0))
        #expect(converter.offset(of: LSPPosition(line: 7, character: 0)) == 5)
        #expect(converter.offset(of: LSPPosition(line: 0, character: 99)) == 2)
    }

    @Test func encodingNegotiationPrefersUTF8AndDefaultsToUTF16() {
        #expect(PositionEncoding.negotiate(["utf-16", "utf-8"]) == .utf8)
        #expect(PositionEncoding.negotiate(["utf-32", "utf-16"]) == .utf32)
        #expect(PositionEncoding.negotiate(["utf-7"]) == .utf16)
        #expect(PositionEncoding.negotiate([]) == .utf16)
    }

    @Test func fileURIsRoundTripThroughPaths() {
        let path = "/tmp/a dir/spéc#1.yaml"
        let uri = DocumentURI.uri(ofPath: path)
        #expect(uri == "file:///tmp/a%20dir/sp%C3%A9c%231.yaml")
        #expect(DocumentURI.path(of: uri) == path)
        #expect(DocumentURI.path(of: "file://localhost/x.yaml") == "/x.yaml")
        #expect(DocumentURI.path(of: "untitled:Untitled-1") == nil)
        #expect(DocumentURI.path(of: "file:///a%00b") == nil)
    }
}
