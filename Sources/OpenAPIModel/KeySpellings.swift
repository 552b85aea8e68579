/// A fixed set of words, recognised from a scalar's UTF-8 bytes without making a string.
///
/// No spelling may hold a character that other text is canonically equal to (`K`, which the Kelvin sign equals, `;`
/// or `` ` ``), so that comparing bytes decides as comparing strings does.
struct KeySpellings<Word>: Sendable where Word: Sendable {
    /// A spelling as three little-endian words of its bytes, zero-padded, and the word it spells.
    private struct Spelling: Sendable {
        let bytes: (UInt64, UInt64, UInt64)
        let word: Word
    }

    /// The longest spelling, in bytes.
    private static var maximumLength: Int { 24 }

    /// The spellings, shortest first.
    private let spellings: [Spelling]
    /// For each length in bytes, where its spellings start in `spellings`; one more entry ends the last.
    private let starts: [Int]

    init(_ spellings: [(spelling: String, word: Word)]) {
        var byLength = [[Spelling]](repeating: [], count: Self.maximumLength + 1)
        for (spelling, word) in spellings {
            let bytes = Array(spelling.utf8)
            precondition(bytes.count <= Self.maximumLength, "'\(spelling)' is longer than a spelling may be")
            byLength[bytes.count].append(Spelling(bytes: bytes.withUnsafeBufferPointer(Self.packed), word: word))
        }
        self.spellings = byLength.flatMap { $0 }
        var starts = [0]
        for group in byLength { starts.append(starts[starts.count - 1] + group.count) }
        self.starts = starts
    }

    /// The word `bytes` spell, or nil.
    func word(_ bytes: UnsafeBufferPointer<UInt8>) -> Word? {
        guard bytes.count <= Self.maximumLength else { return nil }
        var index = starts[bytes.count]
        let end = starts[bytes.count + 1]
        guard index < end else { return nil }
        let packed = Self.packed(bytes)
        while index < end {
            let candidate = spellings[index].bytes
            if candidate.0 == packed.0 && candidate.1 == packed.1 && candidate.2 == packed.2 {
                return spellings[index].word
            }
            index += 1
        }
        return nil
    }

    /// Up to 24 bytes as three words, zero-padded.
    private static func packed(_ bytes: UnsafeBufferPointer<UInt8>) -> (UInt64, UInt64, UInt64) {
        var words: (UInt64, UInt64, UInt64) = (0, 0, 0)
        if let base = bytes.baseAddress {
            withUnsafeMutableBytes(of: &words) {
                $0.copyMemory(from: UnsafeRawBufferPointer(start: base, count: bytes.count))
            }
        }
        return words
    }
}

extension KeySpellings where Word: RawRepresentable<String> & CaseIterable {
    /// Every case, spelled by its raw value.
    init() { self.init(Word.allCases.map { ($0.rawValue, $0) }) }
}
