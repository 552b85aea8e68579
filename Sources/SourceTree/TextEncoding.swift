/// Brings a file's bytes to UTF-8 before parsing, so that positions, code frames and scans all read one encoding.
public enum TextEncoding {
    /// UTF-8 as is; UTF-16 with a byte-order mark transcoded to UTF-8 (its NUL bytes never reach a code frame);
    /// UTF-32, which libyaml does not read, refused as such.
    public static func utf8(_ bytes: [UInt8], path: String) throws(LoadError) -> [UInt8] {
        if bytes.starts(with: [0x00, 0x00, 0xFE, 0xFF]) || bytes.starts(with: [0xFF, 0xFE, 0x00, 0x00]) {
            throw LoadError(
                path: path, message: "the file is UTF-32 (it starts with a UTF-32 byte-order mark); save it as UTF-8")
        }
        let bigEndian: Bool
        if bytes.starts(with: [0xFE, 0xFF]) {
            bigEndian = true
        } else if bytes.starts(with: [0xFF, 0xFE]) {
            bigEndian = false
        } else {
            return bytes
        }
        var units: [UInt16] = []
        units.reserveCapacity(bytes.count / 2)
        var index = 2
        while index + 1 < bytes.count {
            let high = UInt16(bytes[bigEndian ? index : index + 1])
            let low = UInt16(bytes[bigEndian ? index + 1 : index])
            units.append(high << 8 | low)
            index += 2
        }
        if index < bytes.count {
            throw LoadError(path: path, message: "the file is not valid UTF-16 text (an odd number of bytes)")
        }
        var output: [UInt8] = []
        output.reserveCapacity(units.count)
        let failed = transcode(
            units.makeIterator(), from: UTF16.self, to: UTF8.self, stoppingOnError: true
        ) { output.append($0) }
        if failed {
            let position = output.withUnsafeBufferPointer { YAMLLoader.position(ofByte: output.count, in: $0) }
            throw LoadError(
                path: path, position: position, message: "the file is not valid UTF-16 text (a lone surrogate)")
        }
        return output
    }
}

/// Maps libyaml's line and column to the ones SARIF, editors and GitHub use.
///
/// libyaml also ends a line at NEL (U+0085), LINE SEPARATOR (U+2028) and PARAGRAPH SEPARATOR (U+2029); SARIF counts
/// only `\n`, `\r\n` and `\r`. For text holding none of the three the positions agree and no map is built.
struct LineMap {
    /// For each line as libyaml counts them (0-based): the real line (0-based) and the real column its first
    /// character has.
    private var lines: [(line: UInt32, column: UInt32)] = [(0, 0)]

    /// A map for `bytes` (UTF-8), or nil when libyaml's lines are already the real ones.
    init?(_ bytes: [UInt8]) {
        guard Self.holdsExtraBreaks(bytes) else { return nil }
        var line: UInt32 = 0
        var column: UInt32 = 0
        var index = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == 0x0A || byte == 0x0D {
                if byte == 0x0D, index + 1 < bytes.count, bytes[index + 1] == 0x0A { index += 1 }
                line += 1
                column = 0
                lines.append((line, 0))
            } else if byte == 0xC2, index + 1 < bytes.count, bytes[index + 1] == 0x85 {
                column += 1
                lines.append((line, column))
            } else if byte == 0xE2, index + 2 < bytes.count, bytes[index + 1] == 0x80,
                bytes[index + 2] == 0xA8 || bytes[index + 2] == 0xA9
            {
                column += 1
                lines.append((line, column))
            } else if byte & 0xC0 != 0x80 {
                column += 1
            }
            index += 1
        }
    }

    /// Whether the text holds NEL, LINE SEPARATOR or PARAGRAPH SEPARATOR.
    static func holdsExtraBreaks(_ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBufferPointer(holdsExtraBreaks)
    }

    private static func holdsExtraBreaks(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var index = 0
        while index + 1 < bytes.count {
            // Eight ASCII bytes start none of these breaks.
            if index + 8 <= bytes.count, WordScan.word(bytes, at: index) & WordScan.highBits == 0 {
                index += 8
                continue
            }
            let byte = bytes[index]
            if byte == 0xC2, bytes[index + 1] == 0x85 { return true }
            if byte == 0xE2, index + 2 < bytes.count, bytes[index + 1] == 0x80,
                bytes[index + 2] == 0xA8 || bytes[index + 2] == 0xA9
            {
                return true
            }
            index += 1
        }
        return false
    }

    /// The real 0-based line and column of libyaml's 0-based line and column.
    func map(line: UInt32, column: UInt32) -> (line: UInt32, column: UInt32) {
        guard Int(line) < lines.count else { return (line, column) }
        let start = lines[Int(line)]
        return (start.line, start.column + column)
    }
}

/// Scans text eight bytes at a time, for checks that look for rare bytes in whole files.
enum WordScan {
    /// The high bit of each byte of a word.
    static let highBits: UInt64 = 0x8080_8080_8080_8080

    /// The eight bytes from `index` as one word.
    static func word(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> UInt64 {
        UnsafeRawPointer(bytes.baseAddress! + index).loadUnaligned(as: UInt64.self)
    }

    /// Whether any byte of `word` is `byte`.
    static func holds(_ byte: UInt8, in word: UInt64) -> Bool {
        let difference = word ^ (0x0101_0101_0101_0101 &* UInt64(byte))
        return (difference &- 0x0101_0101_0101_0101) & ~difference & highBits != 0
    }
}
