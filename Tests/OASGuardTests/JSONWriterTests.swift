import Testing

@testable import Reporters
@testable import SourceTree

/// The byte writers of the reports: the escape scan and the streaming writer against simple references.
struct JSONWriterTests {
    /// JSON's escape of each byte, written the simplest way.
    static func referenceQuote(_ bytes: [UInt8]) -> [UInt8] {
        var output = Array("\"".utf8)
        for byte in bytes {
            switch byte {
            case UInt8(ascii: "\""): output += Array("\\\"".utf8)
            case UInt8(ascii: "\\"): output += Array("\\\\".utf8)
            case 0x0A: output += Array("\\n".utf8)
            case 0x0D: output += Array("\\r".utf8)
            case 0x09: output += Array("\\t".utf8)
            case 0..<0x20:
                let hex = String(byte, radix: 16)
                output += Array(("\\u00" + (hex.count == 1 ? "0" : "") + hex).utf8)
            default: output.append(byte)
            }
        }
        return output + Array("\"".utf8)
    }

    static func quote(_ bytes: [UInt8]) -> [UInt8] {
        var output: [UInt8] = []
        bytes.withUnsafeBufferPointer { CanonicalJSON.appendQuoted(bytes: $0, to: &output) }
        return output
    }

    /// Every ASCII byte, at every offset of strings long enough to take the word-at-a-time path, alone and
    /// next to another byte that needs an escape.
    @Test func everyByteAtEveryOffsetIsEscapedAsTheReferenceDoes() {
        for length in [1, 7, 8, 9, 16, 23] {
            for offset in 0..<length {
                for byte in UInt8(0)...0x7F {
                    var text = Array(repeating: UInt8(ascii: "a"), count: length)
                    text[offset] = byte
                    #expect(Self.quote(text) == Self.referenceQuote(text), "byte \(byte) at \(offset) of \(length)")
                    if offset + 1 < length {
                        text[offset + 1] = UInt8(ascii: "\"")
                        #expect(Self.quote(text) == Self.referenceQuote(text), "byte \(byte) before a quote")
                    }
                }
            }
        }
    }

    @Test func multibyteTextAndHighBytesAreCopiedAsTheyAre() {
        let text = "naïve — 日本語 \u{7F} \"quoted\"\t\u{1}é"
        #expect(Self.quote(Array(text.utf8)) == Self.referenceQuote(Array(text.utf8)))
        var output: [UInt8] = []
        CanonicalJSON.appendQuoted(text, to: &output)
        #expect(output == Self.referenceQuote(Array(text.utf8)))
        let high: [UInt8] = [0x80, 0xA2, 0xDC, 0xFF, 0xC2, 0xA0, 0x22, 0x9C, 0x5C]
        #expect(Self.quote(high) == Self.referenceQuote(high))
    }

    /// The writer gives the bytes of the same value written as a tree, at any starting depth.
    @Test func writerMatchesTheValueTree() {
        let value = JSONValue.object([
            ("name", .string("a \"b\"")),
            ("count", .int(1_234_567)),
            ("negative", .int(-42)),
            ("zero", .int(0)),
            ("flag", .bool(false)),
            ("none", .null),
            ("empty", .array([])),
            ("nothing", .object([])),
            ("items", .array([.int(1), .object([("inner", .array([.string("x")]))]), .array([])])),
        ])
        for depth in [0, 2] {
            var writer = JSONWriter(depth: depth)
            writer.beginObject()
            writer.member("name", "a \"b\"")
            writer.member("count", 1_234_567)
            writer.member("negative", -42)
            writer.member("zero", 0)
            writer.member("flag", false)
            writer.member("none", nil as String?)
            writer.key("empty")
            writer.beginArray()
            writer.endArray()
            writer.key("nothing")
            writer.beginObject()
            writer.endObject()
            writer.key("items")
            writer.beginArray()
            writer.int(1)
            writer.value(.object([("inner", .array([.string("x")]))]))
            writer.beginArray()
            writer.endArray()
            writer.endArray()
            writer.endObject()
            var expected: [UInt8] = []
            value.write(to: &expected, indent: depth)
            #expect(writer.output == expected)
        }
    }

    /// An array's elements written in pieces on both cores (`writeElementsInPieces`) give the bytes of the same
    /// elements written by one writer, for no element, fewer than a piece, and several pieces with one left over.
    @Test func elementsWrittenInPiecesMatchOneWriter() {
        for count in [0, 1, itemsPerPiece, itemsPerPiece + 1, 2 * itemsPerPiece + 3, 5 * itemsPerPiece + 1] {
            @Sendable func element(_ index: Int, to writer: inout JSONWriter) {
                writer.beginObject()
                writer.member("index", index)
                writer.key("tags")
                writer.beginArray()
                for tag in 0..<index % 3 { writer.string("t\(tag)") }
                writer.endArray()
                writer.endObject()
            }
            var expected = JSONWriter(depth: 1)
            expected.beginObject()
            expected.key("items")
            expected.beginArray()
            for index in 0..<count { element(index, to: &expected) }
            expected.endArray()
            expected.endObject()

            var writer = JSONWriter(depth: 1)
            var output: [UInt8] = []
            writer.beginObject()
            writer.key("items")
            writer.beginArray()
            writer.writeElementsInPieces(count: count, drain: { output += $0 }) {
                { index, piece in element(index, to: &piece) }
            }
            writer.endArray()
            writer.endObject()
            writer.flush { output += $0 }
            #expect(output == expected.output, "\(count) elements")
        }
    }
}
