import Reporters

/// JSON text that could not be read: what was wrong and the byte offset where it was found.
public struct JSONSyntaxError: Error, Sendable, Equatable {
    public let reason: String
    public let offset: Int

    public var message: String { "\(reason) at byte \(offset)" }
}

/// Reads the client's messages (RFC 8259 JSON) into a `JSONValue`, within fixed bounds: nesting depth and the
/// number of values are limited, invalid UTF-8 is refused, and every error is thrown, never trapped.
struct JSONReader {
    /// Deepest nesting of arrays and objects accepted; protocol messages nest a handful of levels.
    static let maxDepth = 128
    /// Most values in one message: far more than any request holds (a document's text is one value), and it keeps
    /// the tree's memory within a fixed multiple of that count, whatever the body's size.
    static let maxValues = 1 << 20

    private let bytes: [UInt8]
    private var index = 0
    private var valueCount = 0

    private init(_ bytes: [UInt8]) { self.bytes = bytes }

    /// The one value `bytes` holds, with nothing but white space around it.
    static func read(_ bytes: [UInt8]) throws(JSONSyntaxError) -> JSONValue {
        var reader = JSONReader(bytes)
        let value = try reader.value(depth: 0)
        reader.skipWhitespace()
        guard reader.index == bytes.count else { throw reader.unexpected() }
        return value
    }

    // MARK: - Values

    private mutating func value(depth: Int) throws(JSONSyntaxError) -> JSONValue {
        skipWhitespace()
        valueCount += 1
        guard valueCount <= Self.maxValues else { throw failure("more than \(Self.maxValues) values") }
        guard index < bytes.count else { throw unexpected() }
        switch bytes[index] {
        case UInt8(ascii: "{"): return try object(depth: depth + 1)
        case UInt8(ascii: "["): return try array(depth: depth + 1)
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "t"): return try literal("true", .bool(true))
        case UInt8(ascii: "f"): return try literal("false", .bool(false))
        case UInt8(ascii: "n"): return try literal("null", .null)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try number()
        default: throw unexpected()
        }
    }

    private mutating func object(depth: Int) throws(JSONSyntaxError) -> JSONValue {
        guard depth <= Self.maxDepth else { throw failure("nesting deeper than \(Self.maxDepth)") }
        index += 1
        var members: [(String, JSONValue)] = []
        skipWhitespace()
        if consume(UInt8(ascii: "}")) { return .object(members) }
        repeat {
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { throw expected("a member name") }
            let key = try string()
            skipWhitespace()
            guard consume(UInt8(ascii: ":")) else { throw expected("':'") }
            members.append((key, try value(depth: depth)))
            skipWhitespace()
        } while consume(UInt8(ascii: ","))
        guard consume(UInt8(ascii: "}")) else { throw expected("',' or '}'") }
        return .object(members)
    }

    private mutating func array(depth: Int) throws(JSONSyntaxError) -> JSONValue {
        guard depth <= Self.maxDepth else { throw failure("nesting deeper than \(Self.maxDepth)") }
        index += 1
        var items: [JSONValue] = []
        skipWhitespace()
        if consume(UInt8(ascii: "]")) { return .array(items) }
        repeat {
            items.append(try value(depth: depth))
            skipWhitespace()
        } while consume(UInt8(ascii: ","))
        guard consume(UInt8(ascii: "]")) else { throw expected("',' or ']'") }
        return .array(items)
    }

    private mutating func literal(_ word: String, _ value: JSONValue) throws(JSONSyntaxError) -> JSONValue {
        let length = word.utf8.count
        guard bytes.count - index >= length, bytes[index..<index + length].elementsEqual(word.utf8) else {
            throw unexpected()
        }
        index += length
        return value
    }

    /// An integer that fits `Int` as `.int`; any other number as `.double`, which must be finite.
    private mutating func number() throws(JSONSyntaxError) -> JSONValue {
        let start = index
        _ = consume(UInt8(ascii: "-"))
        if !consume(UInt8(ascii: "0")) {
            guard skipDigits() else { throw expected("a digit") }
        }
        var isInteger = true
        if consume(UInt8(ascii: ".")) {
            isInteger = false
            guard skipDigits() else { throw expected("a digit") }
        }
        if consume(UInt8(ascii: "e")) || consume(UInt8(ascii: "E")) {
            isInteger = false
            if !consume(UInt8(ascii: "+")) { _ = consume(UInt8(ascii: "-")) }
            guard skipDigits() else { throw expected("a digit") }
        }
        let text = String(decoding: bytes[start..<index], as: UTF8.self)
        if isInteger, let integer = Int(text) { return .int(integer) }
        guard let double = Double(text), double.isFinite else {
            throw JSONSyntaxError(reason: "a number out of range", offset: start)
        }
        return .double(double)
    }

    /// The string starting at the opening quote. A UTF-16 surrogate pair escape is one scalar; a lone surrogate
    /// becomes U+FFFD, as in documents the loader reads.
    private mutating func string() throws(JSONSyntaxError) -> String {
        let start = index
        index += 1
        var text: [UInt8] = []
        var runStart = index
        while true {
            guard index < bytes.count else { throw failure("an unterminated string", at: start) }
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") { break }
            if byte < 0x20 { throw failure("a control character in a string") }
            guard byte == UInt8(ascii: "\\") else {
                index += 1
                continue
            }
            text += bytes[runStart..<index]
            try appendEscape(to: &text)
            runStart = index
        }
        text += bytes[runStart..<index]
        index += 1
        guard let decoded = String(validating: text, as: UTF8.self) else {
            throw failure("a string that is not UTF-8", at: start)
        }
        return decoded
    }

    /// Reads the escape at the backslash and appends what it stands for.
    private mutating func appendEscape(to text: inout [UInt8]) throws(JSONSyntaxError) {
        let escapeStart = index
        index += 1
        guard index < bytes.count else { throw unexpected() }
        let letter = bytes[index]
        index += 1
        let simple: UInt8? =
            switch letter {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): letter
            case UInt8(ascii: "b"): 0x08
            case UInt8(ascii: "f"): 0x0C
            case UInt8(ascii: "n"): 0x0A
            case UInt8(ascii: "r"): 0x0D
            case UInt8(ascii: "t"): 0x09
            default: nil
            }
        if let simple {
            text.append(simple)
            return
        }
        guard letter == UInt8(ascii: "u") else { throw failure("an invalid escape", at: escapeStart) }
        let unit = try hexUnit(escapeStart)
        var scalar = Unicode.Scalar(unit)
        if (0xD800...0xDBFF).contains(unit), bytes.count - index >= 6, bytes[index] == UInt8(ascii: "\\"),
            bytes[index + 1] == UInt8(ascii: "u")
        {
            let lowStart = index
            index += 2
            let low = try hexUnit(lowStart)
            if (0xDC00...0xDFFF).contains(low) {
                scalar = Unicode.Scalar(0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00))
            } else {
                // Not a pair: the high surrogate alone is replaced and the second escape is read on its own.
                index = lowStart
            }
        }
        UTF8.encode(scalar ?? "\u{FFFD}") { text.append($0) }
    }

    /// The four hex digits after `\u`.
    private mutating func hexUnit(_ escapeStart: Int) throws(JSONSyntaxError) -> UInt32 {
        guard bytes.count - index >= 4 else { throw failure("an incomplete \\u escape", at: escapeStart) }
        var unit: UInt32 = 0
        for byte in bytes[index..<index + 4] {
            guard let digit = Self.hexValue(byte) else { throw failure("an incomplete \\u escape", at: escapeStart) }
            unit = unit << 4 | digit
        }
        index += 4
        return unit
    }

    private static func hexValue(_ byte: UInt8) -> UInt32? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): UInt32(byte - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): UInt32(byte - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F"): UInt32(byte - UInt8(ascii: "A") + 10)
        default: nil
        }
    }

    // MARK: - Bytes

    private mutating func skipWhitespace() {
        while index < bytes.count,
            bytes[index] == 0x20 || bytes[index] == 0x0A || bytes[index] == 0x0D || bytes[index] == 0x09
        {
            index += 1
        }
    }

    /// Moves past `byte` if it is next.
    private mutating func consume(_ byte: UInt8) -> Bool {
        guard index < bytes.count, bytes[index] == byte else { return false }
        index += 1
        return true
    }

    /// Moves past a run of decimal digits; false when there is none.
    private mutating func skipDigits() -> Bool {
        let start = index
        while index < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) { index += 1 }
        return index > start
    }

    private func failure(_ reason: String, at offset: Int? = nil) -> JSONSyntaxError {
        JSONSyntaxError(reason: reason, offset: offset ?? index)
    }

    private func expected(_ what: String) -> JSONSyntaxError {
        index < bytes.count ? failure("\(what) expected") : failure("\(what) expected, found the end")
    }

    private func unexpected() -> JSONSyntaxError {
        guard index < bytes.count else { return failure("unexpected end") }
        let byte = bytes[index]
        let shown =
            (0x21..<0x7F).contains(byte) ? "'\(Character(Unicode.Scalar(byte)))'" : "byte 0x\(String(byte, radix: 16))"
        return failure("unexpected \(shown)")
    }
}
