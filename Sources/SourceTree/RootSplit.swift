import Platform

/// Where a large block-style YAML file can be parsed as two documents at once: at a line that starts one of the
/// root mapping's keys, so the part before it and the part from it are each a mapping of root keys.
///
/// A root key starts at column 0, and nothing at column 0 can go on a block scalar, a plain scalar or an open
/// collection of the root mapping's values; a quoted scalar or flow collection left open makes the first part fail
/// to parse, and a split that is not what it seems is caught when the parts are joined (`YAMLLoader.parseInHalves`).
struct RootSplit {
    /// The byte offset of the line that starts the second part.
    let byte: Int
    /// The character index libyaml gives that byte (`LineIndex`).
    let character: Int

    /// Each part should hold at least this share of the file, so that parsing both at once saves time.
    static let smallestShare = 0.3

    /// The root key line nearest the middle of `bytes`, or nil when the root is not a block mapping at column 0
    /// or no root key divides the file well enough.
    static func find(in bytes: UnsafeBufferPointer<UInt8>, lines: LineIndex) -> RootSplit? {
        guard let base = bytes.baseAddress, startsWithRootKey(bytes, from: lines.firstByte) else { return nil }
        let middle = bytes.count / 2
        let lowest = Int(Double(bytes.count) * smallestShare)
        let highest = bytes.count - lowest
        var best: Int?
        var index = lines.firstByte
        // Line by line: memchr finds each line feed, and only the byte after it is looked at.
        while index < bytes.count, let found = memchr(base + index, 0x0A, bytes.count - index) {
            let start = base.distance(to: found.assumingMemoryBound(to: UInt8.self)) + 1
            index = start
            guard start >= lowest else { continue }
            if start > highest { break }
            if startsRootKey(bytes, at: start) {
                if let known = best, abs(known - middle) <= abs(start - middle) { break }
                best = start
            }
        }
        guard let byte = best else { return nil }
        return RootSplit(byte: byte, character: characters(in: bytes, from: lines.firstByte, to: byte, lines: lines))
    }

    /// Whether the first line that is not blank or a comment starts a root key.
    static func startsWithRootKey(_ bytes: UnsafeBufferPointer<UInt8>, from first: Int) -> Bool {
        var start = first
        while start < bytes.count {
            let byte = bytes[start]
            if byte == UInt8(ascii: "#") || byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r") {
                while start < bytes.count, bytes[start] != UInt8(ascii: "\n") { start += 1 }
                start += 1
                continue
            }
            return startsRootKey(bytes, at: start)
        }
        return false
    }

    /// Whether the line at `start` is a plain key at column 0 followed by `:` and a space or the line's end: an
    /// ASCII letter, digit or `_` first, then no `#`, quote, bracket or brace before the colon.
    static func startsRootKey(_ bytes: UnsafeBufferPointer<UInt8>, at start: Int) -> Bool {
        guard start < bytes.count, isKeyStart(bytes[start]) else { return false }
        var index = start + 1
        while index < bytes.count {
            switch bytes[index] {
            case UInt8(ascii: ":"):
                guard index + 1 < bytes.count else { return true }
                let next = bytes[index + 1]
                return next == UInt8(ascii: " ") || next == UInt8(ascii: "\n") || next == UInt8(ascii: "\r")
            case UInt8(ascii: "\n"), UInt8(ascii: "\r"), UInt8(ascii: "#"), UInt8(ascii: "\""), UInt8(ascii: "'"),
                UInt8(ascii: "["), UInt8(ascii: "]"), UInt8(ascii: "{"), UInt8(ascii: "}"), UInt8(ascii: "\t"):
                return false
            default:
                index += 1
            }
        }
        return false
    }

    static func isKeyStart(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
            || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || byte == UInt8(ascii: "_")
    }

    /// How many characters libyaml counts from `first` to `end`: one per character, a CR LF pair counting two.
    static func characters(in bytes: UnsafeBufferPointer<UInt8>, from first: Int, to end: Int, lines: LineIndex)
        -> Int
    {
        if lines.isASCII { return end - first }
        var count = 0
        for index in first..<end where bytes[index] & 0xC0 != 0x80 { count += 1 }
        return count
    }
}
