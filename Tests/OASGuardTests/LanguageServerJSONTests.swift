import Reporters
import Testing

@testable import LanguageServer

/// The JSON reader of `oasguard lsp`: what a client may send, read exactly; everything else a clear error.
@Suite struct LanguageServerJSONTests {
    static func read(_ text: String) throws(JSONSyntaxError) -> JSONValue { try JSONReader.read(Array(text.utf8)) }

    @Test func escapesAreDecoded() throws {
        let value = try Self.read(#" "\"\\\/\b\f\n\r\t\u00e9\u20AC\uD83D\uDE00\u0000" "#)
        #expect(value == .string("\"\\/\u{8}\u{C}\n\r\té€😀\u{0}"))
    }

    @Test(arguments: [
        (#""\uD800x""#, "\u{FFFD}x"), (#""\uDC00""#, "\u{FFFD}"), (#""\uD800\u0041""#, "\u{FFFD}A"),
        (#""\uD800\uD83D\uDE00""#, "\u{FFFD}😀"), (#""\ud83d\ude00""#, "😀"),
    ])
    func loneSurrogatesBecomeTheReplacementCharacter(text: String, expected: String) throws {
        #expect(try Self.read(text) == .string(expected))
    }

    @Test func textOutsideEscapesIsKeptAsItsUTF8() throws {
        #expect(try Self.read("\"é 😀 \u{7F}\"") == .string("é 😀 \u{7F}"))
    }

    @Test func integersAreIntsAndOtherNumbersDoubles() throws {
        let value = try Self.read("[0, -0, 42, -7, 9223372036854775807, 9223372036854775808, 1.5, -2.5e3, 1E+2, 0.0]")
        #expect(
            value
                == .array([
                    .int(0), .int(0), .int(42), .int(-7), .int(Int.max), .double(9_223_372_036_854_775_808),
                    .double(1.5), .double(-2500), .double(100), .double(0),
                ]))
    }

    @Test func nestedValuesKeepTheirShapeAndOrder() throws {
        let value = try Self.read(
            "\r\n\t {\"z\": {\"b\": [{\"c\": null}, []], \"d\": true, \"e\": false}, \"a\": \"\", \"o\": {}} ")
        #expect(value.members.map(\.0) == ["z", "a", "o"])
        #expect(value["z"]?["b"] == .array([.object([("c", .null)]), .array([])]))
        #expect(value["z"]?["d"] == .bool(true))
        #expect(value["z"]?["e"] == .bool(false))
        #expect(value["a"] == .string(""))
        #expect(value["o"] == .object([]))
    }

    @Test(arguments: [
        ("", 0), ("  ", 2), ("[1,]", 3), ("[1 2]", 3), (#"{"a" 1}"#, 5), (#"{"a":1,}"#, 7), ("{a:1}", 1),
        ("01", 1), ("1.", 2), ("-", 1), ("1e", 2), ("+1", 0), (".5", 0), ("NaN", 0), ("tru", 0), ("nul", 0),
        (#""abc"#, 0), ("\"a\u{1}\"", 2), ("\"a\nb\"", 2), (#""\x""#, 1), (#""\u12""#, 1), (#""\u12G4""#, 1),
        (#""\"#, 2), ("[1] x", 4), ("{} {}", 3), ("1e400", 0), ("-1e400", 0), ("'a'", 0),
    ])
    func malformedTextIsAnErrorWithItsOffset(text: String, offset: Int) {
        #expect(throws: JSONSyntaxError.self) { try Self.read(text) }
        do {
            _ = try Self.read(text)
        } catch {
            #expect(error.offset == offset, "\(error.message)")
        }
    }

    @Test(arguments: [
        [0x22, 0xFF, 0x22], [0x22, 0xC3, 0x22], [0x22, 0xED, 0xA0, 0x80, 0x22], [0xEF, 0xBB, 0xBF, 0x31],
    ])
    func bytesThatAreNotUTF8AreAnError(bytes: [UInt8]) {
        #expect(throws: JSONSyntaxError.self) { try JSONReader.read(bytes) }
    }

    @Test func nestingIsBounded() throws {
        let deepest =
            String(repeating: "[", count: JSONReader.maxDepth) + String(repeating: "]", count: JSONReader.maxDepth)
        #expect(try Self.read(deepest) != .null)
        let tooDeep =
            String(repeating: "[{\"a\":", count: JSONReader.maxDepth / 2) + "[]"
            + String(repeating: "}]", count: JSONReader.maxDepth / 2)
        #expect(throws: JSONSyntaxError(reason: "nesting deeper than \(JSONReader.maxDepth)", offset: 384)) {
            try Self.read(tooDeep)
        }
    }

    @Test func theNumberOfValuesIsBounded() throws {
        let most = "[" + String(repeating: "0,", count: JSONReader.maxValues - 2) + "0]"
        #expect(try Self.read(most).array?.count == JSONReader.maxValues - 1)
        let tooMany = "[" + String(repeating: "0,", count: JSONReader.maxValues - 1) + "0]"
        #expect(throws: JSONSyntaxError.self) { try Self.read(tooMany) }
    }

    @Test func malformedMessagesAreParseErrorsThatSayWhere() {
        guard case .invalid(nil, let error) = IncomingMessage(body: Array(#"{"jsonrpc":"2.0","id":1,}"#.utf8)) else {
            Issue.record("accepted")
            return
        }
        #expect(error == RPCError(.parseError, "the message is not JSON: a member name expected at byte 24"))
    }

    @Test func whatTheServerWritesReadsBackTheSame() throws {
        let value: JSONValue = .object([
            ("text", .string("a\"b\\c\n\u{1}é😀\u{2028}")),
            ("n", .array([.int(-3), .double(0.25), .null, .bool(true)])),
        ])
        #expect(try JSONValue(parsing: value.bytes) == value)
    }
}
