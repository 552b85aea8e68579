/// Reads the `Content-Length`-framed messages of the base protocol from a byte stream, within fixed bounds.
///
/// A header block is a run of `Name: value` lines ended by an empty line; only `Content-Length` matters. A
/// block without one, a body over `maxBodyBytes` (skipped without being stored) or an overlong header line
/// is reported as malformed and reading goes on with the next message.
public struct MessageReader {
    /// What the next read found.
    public enum Event: Equatable, Sendable {
        /// One message body.
        case message([UInt8])
        /// Bytes that are not a message; the reader has moved past them.
        case malformed(String)
        /// The stream ended.
        case end
    }

    /// Largest body accepted: room for the largest spec oasguard reads (64 MiB) with JSON escaping.
    public static let defaultMaxBodyBytes = 160 << 20
    /// Longest header line kept; longer ones are skipped.
    static let maxHeaderLineBytes = 1024
    /// Most digits of a `Content-Length` value: any more could overflow `Int`.
    static let maxLengthDigits = 18
    /// Most bytes reserved before a body arrives, whatever length its header claims.
    static let maxBodyReservation = 1 << 20
    /// Bytes asked of the stream at a time.
    static let readChunkBytes = 64 << 10

    let maxBodyBytes: Int
    /// Returns up to the given number of bytes, or none at the end of the stream.
    private let readChunk: (Int) -> [UInt8]
    private var buffer: [UInt8] = []
    private var position = 0
    private var ended = false

    public init(maxBodyBytes: Int = defaultMaxBodyBytes, readChunk: @escaping (Int) -> [UInt8]) {
        self.maxBodyBytes = maxBodyBytes
        self.readChunk = readChunk
    }

    /// The next message, malformed stretch or the end.
    public mutating func next() -> Event {
        var contentLength: Int?
        var sawHeaderLine = false
        var problem: String?
        while true {
            guard let line = readLine() else { return .end }
            if line.isEmpty {
                if sawHeaderLine { break }
                continue
            }
            sawHeaderLine = true
            guard let bytes = line.bytes else {
                problem = "a header line longer than \(Self.maxHeaderLineBytes) bytes"
                continue
            }
            // Searched anywhere in the line, so that a body left unread by a bad header does not take the
            // following message's header with it.
            guard let valueStart = Self.end(of: Self.contentLengthName, in: bytes) else { continue }
            let value = String(decoding: Self.trimmingBlanks(bytes[valueStart...]), as: UTF8.self)
            if value.utf8.count <= Self.maxLengthDigits, !value.isEmpty,
                value.utf8.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }), let length = Int(value)
            {
                contentLength = length
            } else {
                problem = "a Content-Length that is not a byte count: '\(value.prefix(40))'"
            }
        }
        guard let length = contentLength else {
            return .malformed(problem ?? "a message header without Content-Length")
        }
        guard length <= maxBodyBytes else {
            guard skip(length) else { return .end }
            return .malformed("a message of \(length) bytes, over the limit of \(maxBodyBytes)")
        }
        guard let body = read(length) else { return .end }
        return .message(body)
    }

    /// The header's name as it is matched: ASCII, lowercase.
    private static let contentLengthName = Array("content-length:".utf8)

    /// Where the first occurrence of `name` in `line` ends, ignoring ASCII case; nil when there is none.
    private static func end(of name: [UInt8], in line: [UInt8]) -> Int? {
        guard line.count >= name.count else { return nil }
        for start in 0...(line.count - name.count)
        where zip(line[start..<start + name.count], name).allSatisfy({ asciiLowercased($0) == $1 }) {
            return start + name.count
        }
        return nil
    }

    private static func asciiLowercased(_ byte: UInt8) -> UInt8 {
        (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) ? byte | 0x20 : byte
    }

    /// The bytes without leading and trailing spaces and tabs.
    private static func trimmingBlanks(_ bytes: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        let isBlank = { (byte: UInt8) in byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") }
        guard let first = bytes.firstIndex(where: { !isBlank($0) }) else { return [] }
        return bytes[first...bytes.lastIndex(where: { !isBlank($0) })!]
    }

    /// One header line without its line break; `bytes` is nil when it was too long to keep.
    private mutating func readLine() -> (bytes: [UInt8]?, isEmpty: Bool)? {
        var line: [UInt8] = []
        var overlong = false
        while true {
            if position == buffer.count, !refill() {
                return line.isEmpty && !overlong ? nil : finishLine(line, overlong: overlong)
            }
            let available = buffer[position...]
            if let newline = available.firstIndex(of: 0x0A) {
                if !overlong { line += buffer[position..<newline] }
                position = newline + 1
                if line.last == 0x0D { line.removeLast() }
                return finishLine(line, overlong: overlong || line.count > Self.maxHeaderLineBytes)
            }
            if !overlong { line += available }
            position = buffer.count
            if line.count > Self.maxHeaderLineBytes {
                overlong = true
                line = []
            }
        }
    }

    private func finishLine(_ line: [UInt8], overlong: Bool) -> (bytes: [UInt8]?, isEmpty: Bool) {
        overlong ? (nil, false) : (line, line.isEmpty)
    }

    /// Exactly `count` bytes, or nil when the stream ends first.
    private mutating func read(_ count: Int) -> [UInt8]? {
        var body: [UInt8] = []
        body.reserveCapacity(min(count, Self.maxBodyReservation))
        while body.count < count {
            if position == buffer.count, !refill() { return nil }
            let take = min(count - body.count, buffer.count - position)
            body += buffer[position..<position + take]
            position += take
        }
        return body
    }

    /// Passes over `count` bytes without keeping them; false when the stream ends first.
    private mutating func skip(_ count: Int) -> Bool {
        var remaining = count
        while remaining > 0 {
            if position == buffer.count, !refill() { return false }
            let take = min(remaining, buffer.count - position)
            position += take
            remaining -= take
        }
        return true
    }

    /// Replaces the consumed buffer with the next chunk; false at the end of the stream.
    private mutating func refill() -> Bool {
        guard !ended else { return false }
        let chunk = readChunk(Self.readChunkBytes)
        guard !chunk.isEmpty else {
            ended = true
            return false
        }
        buffer = chunk
        position = 0
        return true
    }
}

/// Writes the base protocol's framing.
public enum MessageFrame {
    /// `body` with its `Content-Length` header.
    public static func encode(_ body: [UInt8]) -> [UInt8] {
        Array("Content-Length: \(body.count)\r\n\r\n".utf8) + body
    }
}
