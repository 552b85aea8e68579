import Platform

/// Where a large file can be parsed as two documents at once, one on each core (`YAMLLoader.parsedInHalves`).
///
/// Block-style YAML splits at a line that starts one of the root mapping's keys: the part before it and the part
/// from it are each a mapping of root keys, and nothing at column 0 can go on a block scalar, a plain scalar or an
/// open collection of the root's values (a quoted scalar or flow collection left open makes the first part fail).
/// JSON splits at a comma between members of the root or of an object that is a root member's value: the first
/// part is closed with braces and the second reopened with a brace and that member's key. Every split is checked
/// when the parts are joined, and a part that fails or a split that is not what it seemed parses the whole instead.
struct TextSplit {
    /// The byte offset where the first part's own text ends.
    let firstEnd: Int
    /// The byte offset where the second part's own text starts.
    let secondStart: Int
    /// The character indices libyaml gives those bytes (`LineIndex`).
    let firstEndCharacter: Int
    let secondStartCharacter: Int
    /// How many mappings are open at the split: the root, or the root and the object that is one of its values.
    let depth: Int
    /// Text parsed after the first part's own, closing the open mappings (JSON).
    let firstSuffix: [UInt8]
    /// Text parsed before the second part's own, opening them again under the same keys (JSON).
    let secondPrefix: [UInt8]

    /// How many characters libyaml counts in `secondPrefix` (a key may be written beyond ASCII).
    var secondPrefixCharacters: Int { secondPrefix.reduce(0) { $0 + ($1 & 0xC0 == 0x80 ? 0 : 1) } }

    /// Each part should hold at least this share of the file, so that parsing both at once saves time.
    static let smallestShare = 0.3

    /// The split nearest the middle of `bytes`, or nil when none divides the file well enough.
    static func find(in bytes: UnsafeBufferPointer<UInt8>, lines: LineIndex) -> TextSplit? {
        guard let first = firstContent(bytes, from: lines.firstByte) else { return nil }
        if bytes[first] == UInt8(ascii: "{") { return inJSON(bytes, from: first, lines: lines) }
        guard startsRootKey(bytes, at: first) else { return nil }
        return inBlockYAML(bytes, lines: lines)
    }

    /// The byte offset of the first character that is not blank or in a comment line.
    static func firstContent(_ bytes: UnsafeBufferPointer<UInt8>, from first: Int) -> Int? {
        var index = first
        while index < bytes.count {
            switch bytes[index] {
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\n"), UInt8(ascii: "\r"):
                index += 1
            case UInt8(ascii: "#"):
                while index < bytes.count, bytes[index] != UInt8(ascii: "\n") { index += 1 }
            default:
                return index
            }
        }
        return nil
    }

    /// The range of byte offsets either part may begin or end at.
    static func acceptable(_ count: Int) -> ClosedRange<Int> {
        let lowest = Int(Double(count) * smallestShare)
        return lowest...max(lowest, count - lowest)
    }

    /// The root key line nearest the middle.
    static func inBlockYAML(_ bytes: UnsafeBufferPointer<UInt8>, lines: LineIndex) -> TextSplit? {
        let middle = bytes.count / 2
        let range = acceptable(bytes.count)
        var best: Int?
        var start = max(range.lowerBound, lines.firstByte + 1)
        while let line = nextLineNotIndented(bytes, from: start), line <= range.upperBound {
            if startsRootKey(bytes, at: line) {
                if let known = best, abs(known - middle) <= abs(line - middle) { break }
                best = line
            }
            start = line + 1
        }
        guard let byte = best else { return nil }
        let character = characters(in: bytes, from: lines.firstByte, to: byte, lines: lines)
        return TextSplit(
            firstEnd: byte, secondStart: byte, firstEndCharacter: character, secondStartCharacter: character,
            depth: 1, firstSuffix: [], secondPrefix: [])
    }

    /// The first line start at or after `start` (a byte after a line feed) whose first byte is not a space: eight
    /// bytes at a time, as most lines of a large YAML file are indented.
    static func nextLineNotIndented(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int? {
        guard let base = bytes.baseAddress else { return nil }
        // Each line feed at `index + lane` is tested against the byte after it, at the same lane one byte on.
        var index = max(start - 1, 0)
        while index + 9 <= bytes.count {
            let feeds = ByteWord.exactBytes(equalTo: 0x0A, in: ByteWord.load(base, at: index))
            let indented = ByteWord.exactBytes(equalTo: 0x20, in: ByteWord.load(base, at: index + 1))
            let found = feeds & ~indented
            if found != 0 { return index + ByteWord.firstFlagged(found) + 1 }
            index += 8
        }
        while index + 1 < bytes.count {
            if bytes[index] == 0x0A, bytes[index + 1] != 0x20 { return index + 1 }
            index += 1
        }
        return nil
    }

    /// Whether the line at `start` is a plain key at column 0 followed by `:` and a space or the line's end: an
    /// ASCII letter, digit or `_` first, then no `#`, quote, bracket, brace or tab before the colon.
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

    /// A comma between members of the root object, or of an object that is the value of a root member, nearest the
    /// middle; nil when the text is not plain JSON (a byte outside strings that JSON does not allow there).
    static func inJSON(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, lines: LineIndex) -> TextSplit? {
        guard let base = bytes.baseAddress else { return nil }
        let middle = bytes.count / 2
        let range = acceptable(bytes.count)
        /// A comma that may split, with the key of the root member whose object it is in (nil: in the root).
        var best: (comma: Int, key: Range<Int>?)?
        var containers: [UInt8] = []
        /// The last string read and where the root member now read started (its key), while at depth 1.
        var lastString: Range<Int>?
        var memberKey: Range<Int>?
        var index = start
        scan: while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "\""):
                // The closing quote is the next one that an odd run of backslashes does not escape.
                var end = index + 1
                while true {
                    guard end < bytes.count, let found = memchr(base + end, 0x22, bytes.count - end) else {
                        return nil
                    }
                    end = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
                    var backslashes = 0
                    while bytes[end - 1 - backslashes] == UInt8(ascii: "\\") { backslashes += 1 }
                    if backslashes % 2 == 0 { break }
                    end += 1
                }
                if containers.count == 1 { lastString = index..<end + 1 }
                index = end + 1
                continue
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                if containers.count == 1 { memberKey = lastString }
                containers.append(byte)
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                guard containers.popLast() != nil else { return nil }
                if containers.isEmpty { break scan }
            case UInt8(ascii: ","):
                let depth = containers.count
                if depth <= 2, containers.last == UInt8(ascii: "{"), range.contains(index) {
                    let key = depth == 2 ? memberKey : nil
                    if depth == 1 || key != nil {
                        if let known = best, abs(known.comma - middle) <= abs(index - middle) { break scan }
                        best = (index, key)
                    }
                }
                if index > range.upperBound { break scan }
            case UInt8(ascii: " "), UInt8(ascii: "\n"), UInt8(ascii: "\r"), UInt8(ascii: "\t"), UInt8(ascii: ":"),
                UInt8(ascii: "-"), UInt8(ascii: "+"), UInt8(ascii: "."), UInt8(ascii: "0")...UInt8(ascii: "9"),
                UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"):
                break
            default:
                return nil
            }
            index += 1
        }
        guard let (comma, key) = best else { return nil }
        let character = characters(in: bytes, from: lines.firstByte, to: comma, lines: lines)
        let keyBytes = key.map { Array(bytes[$0]) } ?? []
        let depth = key == nil ? 1 : 2
        return TextSplit(
            firstEnd: comma, secondStart: comma + 1, firstEndCharacter: character,
            secondStartCharacter: character + 1, depth: depth,
            firstSuffix: Array(repeating: UInt8(ascii: "}"), count: depth),
            secondPrefix: key == nil ? [UInt8(ascii: "{")] : [UInt8(ascii: "{")] + keyBytes + Array(":{".utf8))
    }

    /// How many characters libyaml counts from `first` to `end`: one per character, a CR LF pair counting two;
    /// eight bytes at a time.
    static func characters(in bytes: UnsafeBufferPointer<UInt8>, from first: Int, to end: Int, lines: LineIndex)
        -> Int
    {
        if lines.isASCII { return end - first }
        guard let base = bytes.baseAddress else { return 0 }
        var count = 0
        var index = first
        while index + 8 <= end {
            count += ByteWord.scalarStarts(in: ByteWord.load(base, at: index), first: 8)
            index += 8
        }
        for byte in UnsafeBufferPointer(rebasing: bytes[index..<end]) where byte & 0xC0 != 0x80 { count += 1 }
        return count
    }
}
