import Platform

/// Where strings of a set may start in text, found eight bytes at a time: every string holds one of a few anchor
/// bytes near its start, and only around the words that hold an anchor are the pairs of bytes that start a string
/// looked up.
struct StringStarts: Sendable {
    /// Which pairs of bytes start one of the strings: bit `pair % 64` of word `pair / 64`, where a pair is its first
    /// byte times 256 plus its second (8 KB, where a Bool per pair took 64 KB of every run that reads text).
    let pairs: [UInt64]
    /// Each anchor byte repeated in every byte of a word (the last one again when there are fewer than four).
    let anchorWords: (UInt64, UInt64, UInt64, UInt64)
    /// How far into a string its first anchor byte lies, at most.
    let reach: Int

    /// For `strings`, each at least two bytes long and holding one of `anchors` (one to four bytes).
    init(_ strings: [[UInt8]], anchors: [UInt8]) {
        precondition((1...4).contains(anchors.count) && strings.allSatisfy { $0.count >= 2 })
        var pairs = [UInt64](repeating: 0, count: 256 * 256 / 64)
        for string in strings {
            let pair = Int(string[0]) << 8 | Int(string[1])
            pairs[pair >> 6] |= 1 << UInt64(pair & 63)
        }
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
                    let pair = Int(base[index]) << 8 | Int(base[index + 1])
                    if pairs[pair >> 6] & 1 << UInt64(pair & 63) != 0 && isFound(index) { return true }
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
