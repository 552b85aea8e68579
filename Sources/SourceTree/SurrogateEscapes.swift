import Platform
/// Rewrites JSON's UTF-16 surrogate escapes, which libyaml rejects, into escapes it accepts.
///
/// A pair `\uD83D\uDE00` becomes `\U0001F600` (two characters shorter, so later columns on that
/// line shift by two); a lone surrogate becomes `\uFFFD`, the replacement character, at the same length.
enum SurrogateEscapes {
    /// The rewritten bytes, or nil when there is nothing to rewrite.
    static func rewrite(_ bytes: [UInt8]) -> [UInt8]? {
        guard containsSurrogateEscape(bytes) else { return nil }
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        var index = 0
        // One pass: a backslash starts an escape unless the one before it did (so the scan stays linear).
        var previousStartedEscape = false
        while index < bytes.count {
            let startsEscape = bytes[index] == UInt8(ascii: "\\") && !previousStartedEscape
            if startsEscape, let high = unit(bytes, index), (0xD800...0xDFFF).contains(high) {
                if (0xD800...0xDBFF).contains(high), let low = unit(bytes, index + 6), (0xDC00...0xDFFF).contains(low) {
                    let scalar = 0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00)
                    output += Array("\\U".utf8) + hex(scalar, digits: 8)
                    index += 12
                } else {
                    output += Array("\\uFFFD".utf8)
                    index += 6
                }
                previousStartedEscape = false
                continue
            }
            previousStartedEscape = startsEscape
            output.append(bytes[index])
            index += 1
        }
        return output
    }

    /// A quick check for `\uD8`–`\uDF` in any case.
    static func containsSurrogateEscape(_ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBufferPointer(containsSurrogateEscape)
    }

    /// Each backslash found by `memchr`, which reads a text with few of them at memory speed.
    private static func containsSurrogateEscape(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = bytes.baseAddress else { return false }
        var index = 0
        while index + 3 < bytes.count, let found = memchr(base + index, 0x5C, bytes.count - 3 - index) {
            index = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
            if bytes[index + 1] == UInt8(ascii: "u"), bytes[index + 2] | 0x20 == UInt8(ascii: "d"),
                (UInt8(ascii: "8")...UInt8(ascii: "9")).contains(bytes[index + 3])
                    || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(bytes[index + 3] | 0x20)
            {
                return true
            }
            index += 1
        }
        return false
    }

    /// The code unit of `\uXXXX` at `index`.
    static func unit(_ bytes: [UInt8], _ index: Int) -> Int? {
        guard index + 5 < bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u") else {
            return nil
        }
        return Int(String(decoding: bytes[index + 2..<index + 6], as: UTF8.self), radix: 16)
    }

    static func hex(_ value: Int, digits: Int) -> [UInt8] {
        let text = String(value, radix: 16, uppercase: true)
        return Array((String(repeating: "0", count: max(0, digits - text.count)) + text).utf8)
    }
}
