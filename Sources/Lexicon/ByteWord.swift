/// Eight bytes of text read as one word, so a scan tests them at once instead of one by one.
enum ByteWord {
    /// 0x80 in every byte.
    static var highBits: UInt64 { 0x8080_8080_8080_8080 }

    /// The eight bytes at `base + index`, the first in the lowest byte.
    static func load(_ base: UnsafePointer<UInt8>, at index: Int) -> UInt64 {
        UInt64(littleEndian: UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self))
    }

    /// The high bit of every byte of `word` equal to `byte`, and of no other: no borrow crosses from one byte to the
    /// next.
    static func bytes(equalTo byte: UInt8, in word: UInt64) -> UInt64 {
        let differences = word ^ (0x0101_0101_0101_0101 &* UInt64(byte))
        let lowBits = ~highBits
        return ~(((differences & lowBits) &+ lowBits) | differences | lowBits)
    }

    /// Whether a byte of `word` is `byte`: cheaper than flagging which.
    static func holds(_ byte: UInt8, in word: UInt64) -> Bool {
        let differences = word ^ (0x0101_0101_0101_0101 &* UInt64(byte))
        return (differences &- 0x0101_0101_0101_0101) & ~differences & highBits != 0
    }

    /// The index within the word of the first flagged byte.
    static func firstFlagged(_ flags: UInt64) -> Int { flags.trailingZeroBitCount / 8 }

    /// Where `byte` first occurs in `bytes` at or after `start`, read eight bytes at a time.
    static func firstIndex(of byte: UInt8, in bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int? {
        guard let base = bytes.baseAddress else { return nil }
        var index = start
        while index + 8 <= bytes.count {
            let flags = Self.bytes(equalTo: byte, in: load(base, at: index))
            if flags != 0 { return index + firstFlagged(flags) }
            index += 8
        }
        while index < bytes.count {
            if base[index] == byte { return index }
            index += 1
        }
        return nil
    }
}

/// Where strings of a set may start in text, found eight bytes at a time: every string holds one of a few anchor
/// bytes near its start, and only around the words that hold an anchor are the pairs of bytes that start a string
/// looked up.
struct StringStarts: Sendable {
    /// Which pairs of bytes (the first times 256 plus the second) start one of the strings.
    let pairs: [Bool]
    /// Each anchor byte repeated in every byte of a word (the last one again when there are fewer than four).
    let anchorWords: (UInt64, UInt64, UInt64, UInt64)
    /// How far into a string its first anchor byte lies, at most.
    let reach: Int

    /// For `strings`, each at least two bytes long and holding one of `anchors` (one to four bytes).
    init(_ strings: [[UInt8]], anchors: [UInt8]) {
        precondition((1...4).contains(anchors.count) && strings.allSatisfy { $0.count >= 2 })
        var pairs = [Bool](repeating: false, count: 256 * 256)
        for string in strings { pairs[Int(string[0]) << 8 | Int(string[1])] = true }
        self.pairs = pairs
        let words = (0..<4).map { 0x0101_0101_0101_0101 &* UInt64(anchors[min($0, anchors.count - 1)]) }
        anchorWords = (words[0], words[1], words[2], words[3])
        reach =
            strings.map { string in
                guard let anchor = string.firstIndex(where: anchors.contains) else {
                    preconditionFailure("\(string) holds none of the anchors \(anchors)")
                }
                return anchor
            }.max() ?? 0
    }

    /// Whether `word` holds one of the anchors (a zero byte in the word xor'ed with one).
    func holdsAnchor(_ word: UInt64) -> Bool {
        func zeroByte(_ value: UInt64) -> UInt64 { (value &- 0x0101_0101_0101_0101) & ~value & ByteWord.highBits }
        return zeroByte(word ^ anchorWords.0) | zeroByte(word ^ anchorWords.1) | zeroByte(word ^ anchorWords.2)
            | zeroByte(word ^ anchorWords.3) != 0
    }

    /// Calls `isFound` with each index of `bytes` where a pair of bytes that starts a string starts, in order, until
    /// it returns true; whether it did. An index whose next `reach` bytes hold no anchor starts no string.
    func first(in bytes: UnsafeBufferPointer<UInt8>, where isFound: (Int) -> Bool) -> Bool {
        guard let base = bytes.baseAddress, bytes.count >= 2 else { return false }
        return pairs.withUnsafeBufferPointer { pairs in
            /// Indices below this one are looked up, or start no string.
            var checked = 0
            func check(from start: Int, upTo end: Int) -> Bool {
                var index = max(checked, start)
                while index < end {
                    if pairs[Int(base[index]) << 8 | Int(base[index + 1])] && isFound(index) { return true }
                    index += 1
                }
                checked = max(checked, end)
                return false
            }
            // A pair starts at most at the last byte but one.
            let lastStart = bytes.count - 1
            var start = 0
            while start + 8 <= bytes.count {
                if holdsAnchor(ByteWord.load(base, at: start)),
                    check(from: start - reach, upTo: min(start + 8, lastStart))
                {
                    return true
                }
                start += 8
            }
            return check(from: start - reach, upTo: lastStart)
        }
    }
}
