import CYAML
import Platform

/// Where each line of the parsed text starts, as a character index: libyaml's marks count characters (Unicode
/// scalars, a leading byte-order mark not counted), so a node keeps one index per end instead of a line and a
/// column, and finds its line and column here when asked.
///
/// Lines are counted as SARIF, editors and GitHub count them: only `\n`, `\r\n` and `\r` end a line. libyaml also
/// ends a line at NEL (U+0085), LINE SEPARATOR (U+2028) and PARAGRAPH SEPARATOR (U+2029), which a mark's index
/// does not depend on.
struct LineIndex: Sendable {
    /// The character index of each line's first character (line 0 at 0).
    let starts: [UInt32]
    /// How many NEL, LINE SEPARATOR and PARAGRAPH SEPARATOR characters the text holds.
    private let extraBreaks: Int
    /// Whether the text goes on after libyaml's last line break: libyaml then moves the marks of the stream's end
    /// to a line of their own, past the end, keeping their index.
    private let endsMidLine: Bool
    /// How many characters the text holds.
    let characterCount: Int
    /// Whether every byte is ASCII (after a leading byte-order mark), so a character index plus `firstByte` is a
    /// byte offset.
    let isASCII: Bool
    /// Where the characters start: 3 after a byte-order mark, else 0.
    let firstByte: Int
    /// Whether every line break is a line feed: the text holds no carriage return.
    let breaksAreLineFeeds: Bool
    /// How many bytes more than characters precede the starts of lines, each count from the first line it applies to
    /// on (in line order; empty for ASCII text): so a line's byte offset is found without reading the text.
    private let byteShifts: [LineShift]

    /// From the line at `line` (counted from 0, as `starts`) on, `bytes` more bytes than characters precede a line.
    private struct LineShift: Sendable {
        let line: UInt32
        var bytes: UInt32
    }

    /// The index that stands for a mark libyaml moved past the end (see `endsMidLine`).
    static let pastEnd = UInt32.max

    /// The lines of UTF-8 `bytes`: in a text without carriage returns, each block of ASCII bytes by `memchr` from
    /// one line feed to the next; any other block byte by byte, eight ASCII bytes at a time.
    init(_ bytes: UnsafeBufferPointer<UInt8>) {
        var starts: [UInt32] = [0]
        var extraBreaks = 0
        var isASCII = true
        var breaksAreLineFeeds = true
        var byteShifts: [LineShift] = []
        let firstByte = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        var characters = 0
        var index = firstByte
        let base = bytes.baseAddress ?? UnsafePointer(bitPattern: 1)!
        let mayHoldCarriageReturn = memchr(base, 0x0D, bytes.count) != nil
        while index < bytes.count {
            let blockEnd = min(index + Self.blockBytes, bytes.count)
            if !mayHoldCarriageReturn, Self.isASCII(base, from: index, to: blockEnd) {
                // One character a byte, and every line feed starts a line.
                let firstCharacter = characters - index
                while index < blockEnd, let found = memchr(base + index, 0x0A, blockEnd - index) {
                    index = base.distance(to: found.assumingMemoryBound(to: UInt8.self)) + 1
                    starts.append(UInt32(firstCharacter + index))
                }
                characters = firstCharacter + blockEnd
                index = blockEnd
                continue
            }
            while index < blockEnd {
                if index + 8 <= bytes.count {
                    let word = ByteWord.load(base, at: index)
                    if word & ByteWord.highBits == 0, ByteWord.bytes(equalTo: 0x0D, in: word) == 0 {
                        var feeds = ByteWord.exactBytes(equalTo: 0x0A, in: word)
                        while feeds != 0 {
                            starts.append(UInt32(characters + ByteWord.firstFlagged(feeds) + 1))
                            feeds &= feeds - 1
                        }
                        characters += 8
                        index += 8
                        continue
                    }
                }
                let byte = bytes[index]
                if byte == 0x0A || byte == 0x0D {
                    if byte == 0x0D { breaksAreLineFeeds = false }
                    if byte == 0x0D, index + 1 < bytes.count, bytes[index + 1] == 0x0A {
                        index += 1
                        characters += 1
                    }
                    characters += 1
                    starts.append(UInt32(characters))
                } else if byte < 0x80 {
                    characters += 1
                } else {
                    isASCII = false
                    if byte & 0xC0 != 0x80 {
                        characters += 1
                    } else if byteShifts.last?.line == UInt32(starts.count) {
                        byteShifts[byteShifts.count - 1].bytes += 1
                    } else {
                        // The lines that start after this byte start one byte further than their character index
                        // says.
                        let before = byteShifts.last?.bytes ?? 0
                        byteShifts.append(LineShift(line: UInt32(starts.count), bytes: before + 1))
                    }
                    if Self.extraBreak(bytes, at: index) { extraBreaks += 1 }
                }
                index += 1
            }
        }
        self.starts = starts
        self.extraBreaks = extraBreaks
        self.isASCII = isASCII
        self.firstByte = firstByte
        self.breaksAreLineFeeds = breaksAreLineFeeds
        self.byteShifts = byteShifts
        characterCount = characters
        endsMidLine = characters > 0 && !Self.endsWithBreak(bytes)
    }

    /// How many bytes `init` tests for ASCII at once: a block beyond ASCII is read byte by byte, so a block is kept
    /// small, but large enough that the test and `memchr`'s start cost little next to its line feeds.
    static let blockBytes = 4096

    /// Whether the bytes from `start` to `end` are all ASCII, 32 at a time.
    static func isASCII(_ base: UnsafePointer<UInt8>, from start: Int, to end: Int) -> Bool {
        var high: UInt64 = 0
        var index = start
        while index + 32 <= end {
            high |=
                ByteWord.load(base, at: index) | ByteWord.load(base, at: index + 8)
                | ByteWord.load(base, at: index + 16) | ByteWord.load(base, at: index + 24)
            index += 32
        }
        while index + 8 <= end {
            high |= ByteWord.load(base, at: index)
            index += 8
        }
        while index < end {
            high |= UInt64(base[index])
            index += 1
        }
        return high & ByteWord.highBits == 0
    }

    /// Whether a NEL, LINE SEPARATOR or PARAGRAPH SEPARATOR starts at `index`.
    private static func extraBreak(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> Bool {
        if bytes[index] == 0xC2 { return index + 1 < bytes.count && bytes[index + 1] == 0x85 }
        return bytes[index] == 0xE2 && index + 2 < bytes.count && bytes[index + 1] == 0x80
            && (bytes[index + 2] == 0xA8 || bytes[index + 2] == 0xA9)
    }

    /// Whether the text's last character is a line break as libyaml reads them.
    private static func endsWithBreak(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let count = bytes.count
        if count >= 1, bytes[count - 1] == 0x0A || bytes[count - 1] == 0x0D { return true }
        if count >= 2, bytes[count - 2] == 0xC2, bytes[count - 1] == 0x85 { return true }
        return count >= 3 && extraBreak(bytes, at: count - 3)
    }

    /// The byte offset where the line at `line` (counted from 0, as `starts`) begins in the text indexed.
    func byteOffset(ofLine line: Int) -> Int {
        Int(starts[line]) + byteShift(afterShifts: shiftCount(upToLine: line))
    }

    /// How many of `byteShifts` apply to the line at `line`: those of lines at or before it.
    private func shiftCount(upToLine line: Int) -> Int {
        var low = 0
        var high = byteShifts.count
        while low < high {
            let middle = (low + high) / 2
            if Int(byteShifts[middle].line) <= line { low = middle + 1 } else { high = middle }
        }
        return low
    }

    /// What a character index of a line to which the first `count` of `byteShifts` apply adds to make its byte
    /// offset: the bytes before the first line, and the bytes beyond one a character of the lines before.
    private func byteShift(afterShifts count: Int) -> Int {
        firstByte + (count == 0 ? 0 : Int(byteShifts[count - 1].bytes))
    }

    /// Finds the byte offsets of character indices asked mostly in order, from the byte shifts of the lines: the
    /// text is read only on a line beyond ASCII, and between two such lines an offset is the index plus a constant.
    struct CharacterBytes {
        /// How many shifts apply to the line of the last index asked.
        private var shifts = 0
        /// The indices around the last one asked whose byte offset is the index plus `plainShift`.
        private var plain = 0..<0
        private var plainShift = 0

        /// The byte offset of character index `target` in `bytes`, the text `lines` indexes.
        @inline(__always)
        mutating func byteOffset(ofCharacter target: Int, lines: LineIndex, in bytes: UnsafeBufferPointer<UInt8>)
            -> Int
        {
            if plain.contains(target) { return target + plainShift }
            return find(target, lines: lines, in: bytes)
        }

        private mutating func find(_ target: Int, lines: LineIndex, in bytes: UnsafeBufferPointer<UInt8>) -> Int {
            let byteShifts = lines.byteShifts
            while shifts < byteShifts.count, lines.characterIndex(ofLine: byteShifts[shifts].line) <= target {
                shifts += 1
            }
            while shifts > 0, lines.characterIndex(ofLine: byteShifts[shifts - 1].line) > target { shifts -= 1 }
            plainShift = lines.byteShift(afterShifts: shifts)
            // The next shift comes after a line beyond ASCII, the end of the plain indices.
            let lineBeyondASCII = shifts < byteShifts.count ? Int(byteShifts[shifts].line) - 1 : lines.starts.count
            let plainEnd = lineBeyondASCII < lines.starts.count ? Int(lines.starts[lineBeyondASCII]) : .max
            plain = (shifts == 0 ? 0 : lines.characterIndex(ofLine: byteShifts[shifts - 1].line))..<plainEnd
            if target < plainEnd { return target + plainShift }
            var character = plainEnd
            var byte = plainEnd + plainShift
            while character < target, byte < bytes.count {
                byte += 1
                while byte < bytes.count, bytes[byte] & 0xC0 == 0x80 { byte += 1 }
                character += 1
            }
            return byte
        }
    }

    /// The character index where the line at `line` starts; past every index for the line after the last.
    private func characterIndex(ofLine line: UInt32) -> Int {
        Int(line) < starts.count ? Int(starts[Int(line)]) : .max
    }

    /// How many lines the text holds (a line after a final line break counted).
    var lineCount: Int { starts.count }

    /// The first line (counted from 0) that begins at or after byte offset `byte`; `lineCount` when none does.
    func firstLine(startingFrom byte: Int) -> Int {
        var low = 0
        var high = starts.count
        while low < high {
            let middle = (low + high) / 2
            if byteOffset(ofLine: middle) < byte { low = middle + 1 } else { high = middle }
        }
        return low
    }

    /// How many characters libyaml counts before byte offset `byte` of `bytes`, the text indexed: the characters
    /// before the line holding it, then those on that line before it.
    func characters(before byte: Int, in bytes: UnsafeBufferPointer<UInt8>) -> Int {
        if isASCII { return byte - firstByte }
        let line = max(firstLine(startingFrom: byte + 1) - 1, 0)
        var count = Int(starts[line])
        for offset in byteOffset(ofLine: line)..<byte where bytes[offset] & 0xC0 != 0x80 { count += 1 }
        return count
    }

    /// The byte offsets where lines begin, read one line after the other in either direction, each in constant time.
    struct LineWalk {
        private let index: LineIndex
        /// The line the walk is at (counted from 0).
        private(set) var line: Int
        /// How many of `index.byteShifts` apply to `line`.
        private var shifts: Int

        init(_ index: LineIndex, at line: Int) {
            self.index = index
            self.line = line
            shifts = index.shiftCount(upToLine: line)
        }

        /// The byte offset where `line` begins.
        var byte: Int { Int(index.starts[line]) + index.byteShift(afterShifts: shifts) }

        mutating func forward() {
            line += 1
            if shifts < index.byteShifts.count, Int(index.byteShifts[shifts].line) <= line { shifts += 1 }
        }

        mutating func backward() {
            line -= 1
            if shifts > 0, Int(index.byteShifts[shifts - 1].line) > line { shifts -= 1 }
        }
    }

    /// A mark's character index, or `pastEnd` for a mark libyaml moved past the end.
    func index(of mark: yaml_mark_t) -> UInt32 {
        if endsMidLine, mark.index >= characterCount, mark.column == 0 { return Self.pastEnd }
        return UInt32(clamping: mark.index)
    }

    /// The 0-based line and column of a character index.
    func place(_ index: UInt32) -> (line: UInt32, column: UInt32) {
        // libyaml numbers the moved marks' line after all of its own lines, extra breaks included.
        if index == Self.pastEnd { return (UInt32(starts.count + extraBreaks), 0) }
        var low = 0
        var high = starts.count - 1
        while low < high {
            let middle = (low + high + 1) / 2
            if starts[middle] <= index { low = middle } else { high = middle - 1 }
        }
        return (UInt32(low), index - starts[low])
    }

    /// The 1-based position of a character index.
    func position(_ index: UInt32) -> Position {
        let (line, column) = place(index)
        return Position(line: Int(line) + 1, column: Int(column) + 1)
    }

    /// The 1-based position of a mark.
    func position(of mark: yaml_mark_t) -> Position { position(index(of: mark)) }
}
