import Platform

/// Where a large file can be parsed as two documents at once, one on each core (`YAMLLoader.parsedInHalves`).
///
/// Block-style YAML splits at a line that starts one of the root mapping's keys: the part before it and the part
/// from it are each a mapping of root keys, and nothing at column 0 can go on a block scalar, a plain scalar or an
/// open collection of the root's values (a quoted scalar or flow collection left open makes the first part fail).
/// When no root key lies near the middle, it splits at a key of a mapping that is the value of a key line with
/// nothing after its colon, itself in such a mapping up to the root: the first part ends after the split line's
/// indentation, where libyaml closes the blocks that end there as it does reading the whole, and the second is
/// reopened with a copy of those parent key lines.
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
    /// How many mappings are open at the split: the root, then the mapping that is the value of each parent key.
    let depth: Int
    /// Text parsed after the first part's own, closing the open mappings (JSON).
    let firstSuffix: [UInt8]
    /// Text parsed before the second part's own, opening them again under the same keys.
    let secondPrefix: [UInt8]
    /// The column of each open mapping's keys in block-style YAML (empty for JSON), which the first part's open
    /// mappings must have for the second part to go on them.
    let columns: [Int]

    /// How many characters libyaml counts in `secondPrefix` (a key may be written beyond ASCII).
    var secondPrefixCharacters: Int { secondPrefix.reduce(0) { $0 + ($1 & 0xC0 == 0x80 ? 0 : 1) } }

    /// Each part should hold at least this share of the file, so that parsing both at once saves time.
    static let smallestShare = 0.3
    /// A split this close to the middle (a share of the file) is balanced enough not to look deeper for one.
    static let balancedWithin = 0.05
    /// Block-style YAML splits with at most this many mappings open.
    static let deepestBlockSplit = 3

    /// The split nearest the middle of `bytes`, or nil when none divides the file well enough.
    static func find(in bytes: UnsafeBufferPointer<UInt8>, lines: LineIndex) -> TextSplit? {
        guard var first = firstContent(bytes, from: lines.firstByte) else { return nil }
        // A document start marker alone on the first line leaves the document the same without it.
        if UnsafeBufferPointer(rebasing: bytes[first...]).starts(with: "---\n".utf8) {
            guard let content = firstContent(bytes, from: first + 4) else { return nil }
            first = content
        }
        if bytes[first] == UInt8(ascii: "{") { return inJSON(bytes, from: first, lines: lines) }
        guard startsKey(bytes, at: first) else { return nil }
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

    /// The root key line nearest the middle, or, when none is within `balancedWithin` of it, a key line one or two
    /// mappings down when that is nearer.
    static func inBlockYAML(_ bytes: UnsafeBufferPointer<UInt8>, lines: LineIndex) -> TextSplit? {
        let middle = bytes.count / 2
        let range = acceptable(bytes.count)
        var best: Int?
        var start = max(range.lowerBound, lines.firstByte + 1)
        while let line = nextLine(bytes, from: start, indentedLessThan: 1, lines: lines), line <= range.upperBound {
            if startsKey(bytes, at: line) {
                if let known = best, abs(known - middle) <= abs(line - middle) { break }
                best = line
            }
            start = line + 1
        }
        let balanced = Int(Double(bytes.count) * balancedWithin)
        if best.map({ abs($0 - middle) > balanced }) ?? true, lines.breaksAreLineFeeds,
            let nested = inNestedBlock(bytes, lines: lines, within: range, balanced: balanced),
            best.map({ abs(nested.line - middle) < abs($0 - middle) }) ?? true
        {
            let character = lines.characters(before: nested.line, in: bytes)
            let indent = nested.columns.last ?? 0
            let prefix = nested.parents.flatMap { parent in
                bytes[parent...(ByteWord.firstIndex(of: UInt8(ascii: "\n"), in: bytes, from: parent) ?? parent)]
            }
            return TextSplit(
                firstEnd: nested.line + indent, secondStart: nested.line, firstEndCharacter: character + indent,
                secondStartCharacter: character, depth: nested.columns.count, firstSuffix: [],
                secondPrefix: prefix, columns: nested.columns)
        }
        guard let byte = best else { return nil }
        let character = lines.characters(before: byte, in: bytes)
        return TextSplit(
            firstEnd: byte, secondStart: byte, firstEndCharacter: character, secondStartCharacter: character,
            depth: 1, firstSuffix: [], secondPrefix: [], columns: [])
    }

    /// The key line nearest the middle at the shallowest level below the root that has one within `balanced`
    /// bytes of it (else at any level): its start, the starts of its parent key lines from the root's down, and the
    /// columns of the keys of the mappings open there. The levels are those of the lines enclosing the middle, each
    /// less indented than the one after it; a level goes on only under parent lines that are plain keys with
    /// nothing after the colon.
    static func inNestedBlock(
        _ bytes: UnsafeBufferPointer<UInt8>, lines: LineIndex, within range: ClosedRange<Int>, balanced: Int
    ) -> (line: Int, parents: [Int], columns: [Int])? {
        let middle = bytes.count / 2
        guard let after = ByteWord.firstIndex(of: UInt8(ascii: "\n"), in: bytes, from: middle).map({ $0 + 1 }) else {
            return nil
        }
        // The lines enclosing the middle, read back from the line after it to the root key line.
        var enclosing: [(start: Int, indent: Int)] = []
        var end = after
        // Keys one or two mappings down are indented by fewer than 8 spaces in the files seen (2 or 4 a level).
        var below = 8
        while below > 0, let line = previousLine(bytes, before: end, indentedLessThan: below, lines: lines) {
            let indent = indentation(bytes, at: line)
            enclosing.insert((line, indent), at: 0)
            below = indent
            end = line
        }
        guard enclosing.first?.indent == 0 else { return nil }
        var best: (line: Int, parents: [Int], columns: [Int])?
        for level in 1..<min(enclosing.count, deepestBlockSplit) {
            let parents = enclosing[..<level]
            guard parents.allSatisfy({ isParentKey(bytes, at: $0.start + $0.indent) }) else { break }
            let indent = enclosing[level].indent
            // The line before the middle may split only when the mapping it is in has begun before it.
            var candidates = [enclosing[level].start]
            if nextContentLine(bytes, after: enclosing[level - 1].start) == enclosing[level].start {
                candidates.removeAll()
            }
            if let next = nextLine(bytes, from: after, indentedLessThan: indent + 1, lines: lines),
                indentation(bytes, at: next) == indent
            {
                candidates.append(next)
            }
            for line in candidates where range.contains(line) && startsKey(bytes, at: line + indent) {
                if let known = best, abs(known.line - middle) <= abs(line - middle) { continue }
                best = (line, parents.map(\.start), parents.map(\.indent) + [indent])
            }
            if let found = best, abs(found.line - middle) <= balanced { break }
        }
        return best
    }

    /// The first line start at or after `start` (a byte after a line feed) that begins with fewer than `indent`
    /// spaces (1 to 8), blank and comment lines passed over: read from the line index, so only the lines' first bytes
    /// are.
    static func nextLine(
        _ bytes: UnsafeBufferPointer<UInt8>, from start: Int, indentedLessThan indent: Int, lines: LineIndex
    ) -> Int? {
        var walk = LineIndex.LineWalk(lines, at: lines.firstLine(startingFrom: max(start, 1)))
        while walk.line < lines.lineCount {
            let line = walk.byte
            if isSought(bytes, line: line, indentedLessThan: indent) { return line }
            walk.forward()
        }
        return nil
    }

    /// The last line start before `end` (a byte after a line feed) that begins with fewer than `indent` spaces (1 to
    /// 8), blank and comment lines passed over; the text's first line when no other is.
    static func previousLine(
        _ bytes: UnsafeBufferPointer<UInt8>, before end: Int, indentedLessThan indent: Int, lines: LineIndex
    ) -> Int? {
        guard end > lines.firstByte else { return nil }
        var walk = LineIndex.LineWalk(lines, at: lines.firstLine(startingFrom: end) - 1)
        while walk.line > 0 {
            let line = walk.byte
            if isSought(bytes, line: line, indentedLessThan: indent) { return line }
            walk.backward()
        }
        return lines.firstByte
    }

    /// Whether the line at `line` follows a line feed (not a lone carriage return), begins with fewer than `indent`
    /// spaces and is not blank or a comment: what `nextLine` and `previousLine` look for.
    static func isSought(_ bytes: UnsafeBufferPointer<UInt8>, line: Int, indentedLessThan indent: Int) -> Bool {
        guard bytes[line - 1] == 0x0A else { return false }
        // Most lines of a large YAML file are indented: eight bytes tell at once that they are not sought.
        if line + 8 <= bytes.count, let base = bytes.baseAddress {
            let mask = ~UInt64(0) >> (64 - 8 * indent)
            if ByteWord.load(base, at: line) & mask == 0x2020_2020_2020_2020 & mask { return false }
        } else if indentation(bytes, at: line) >= indent {
            return false
        }
        return !isBlankOrComment(bytes, at: line)
    }

    /// How many spaces the line at `start` begins with.
    static func indentation(_ bytes: UnsafeBufferPointer<UInt8>, at start: Int) -> Int {
        var index = start
        while index < bytes.count, bytes[index] == UInt8(ascii: " ") { index += 1 }
        return index - start
    }

    /// The start of the first line after the line at `start` that is not blank or a comment.
    static func nextContentLine(_ bytes: UnsafeBufferPointer<UInt8>, after start: Int) -> Int? {
        var line = start
        repeat {
            guard let feed = ByteWord.firstIndex(of: UInt8(ascii: "\n"), in: bytes, from: line) else { return nil }
            line = feed + 1
        } while isBlankOrComment(bytes, at: line)
        return line
    }

    /// Whether the line at `start` holds only spaces, or spaces and a comment.
    static func isBlankOrComment(_ bytes: UnsafeBufferPointer<UInt8>, at start: Int) -> Bool {
        let first = start + indentation(bytes, at: start)
        return first >= bytes.count || bytes[first] == UInt8(ascii: "\n") || bytes[first] == UInt8(ascii: "#")
    }

    /// Whether the key starting at `start` (see `startsKey`) has nothing after its colon on its line, so its value is
    /// on the lines below.
    static func isParentKey(_ bytes: UnsafeBufferPointer<UInt8>, at start: Int) -> Bool {
        guard startsKey(bytes, at: start),
            let colon = ByteWord.firstIndex(of: UInt8(ascii: ":"), in: bytes, from: start)
        else { return false }
        return colon + 1 < bytes.count && bytes[colon + 1] == UInt8(ascii: "\n")
    }

    /// Whether a plain key starts at `start` (a line's first byte after its indentation), followed by `:` and a space
    /// or the line's end: an ASCII letter, digit or `_` first, then no `#`, quote, bracket, brace or tab before the
    /// colon.
    static func startsKey(_ bytes: UnsafeBufferPointer<UInt8>, at start: Int) -> Bool {
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
        let character = lines.characters(before: comma, in: bytes)
        let keyBytes = key.map { Array(bytes[$0]) } ?? []
        let depth = key == nil ? 1 : 2
        return TextSplit(
            firstEnd: comma, secondStart: comma + 1, firstEndCharacter: character,
            secondStartCharacter: character + 1, depth: depth,
            firstSuffix: Array(repeating: UInt8(ascii: "}"), count: depth),
            secondPrefix: key == nil ? [UInt8(ascii: "{")] : [UInt8(ascii: "{")] + keyBytes + Array(":{".utf8),
            columns: [])
    }
}
