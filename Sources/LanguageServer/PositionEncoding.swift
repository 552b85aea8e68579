import Reporters
import SourceTree

/// The unit an LSP position's `character` counts, as negotiated at initialisation (UTF-16 unless agreed otherwise).
public enum PositionEncoding: String, Sendable {
    case utf8 = "utf-8"
    case utf16 = "utf-16"
    case utf32 = "utf-32"

    /// The client's preference among those offered, UTF-8 first since the buffers are UTF-8; UTF-16 when the
    /// client offers nothing (the protocol's default).
    static func negotiate(_ offered: [String]) -> PositionEncoding {
        for preferred in [PositionEncoding.utf8, .utf32] where offered.contains(preferred.rawValue) { return preferred }
        return .utf16
    }

    /// How many units a scalar whose UTF-8 form starts with `leadByte` takes.
    func width(leadByte: UInt8) -> Int {
        let utf8Length = leadByte < 0x80 ? 1 : leadByte < 0xE0 ? 2 : leadByte < 0xF0 ? 3 : 4
        switch self {
        case .utf8: return utf8Length
        case .utf16: return utf8Length == 4 ? 2 : 1
        case .utf32: return 1
        }
    }
}

/// A 0-based LSP position: line, and character in the negotiated encoding.
public struct LSPPosition: Hashable, Comparable, Sendable {
    public var line: Int
    public var character: Int

    public init(line: Int, character: Int) {
        self.line = line
        self.character = character
    }

    public static func < (lhs: LSPPosition, rhs: LSPPosition) -> Bool {
        (lhs.line, lhs.character) < (rhs.line, rhs.character)
    }

    var json: JSONValue { .object([("line", .int(line)), ("character", .int(character))]) }

    init?(_ json: JSONValue?) {
        guard let line = json?["line"]?.int, let character = json?["character"]?.int, line >= 0, character >= 0
        else { return nil }
        self.init(line: line, character: character)
    }
}

/// A stretch of a document between two LSP positions.
public struct LSPRange: Hashable, Sendable {
    public var start: LSPPosition
    public var end: LSPPosition

    var json: JSONValue { .object([("start", start.json), ("end", end.json)]) }

    init(start: LSPPosition, end: LSPPosition) {
        self.start = start
        self.end = end
    }

    init?(_ json: JSONValue?) {
        guard let start = LSPPosition(json?["start"]), let end = LSPPosition(json?["end"]) else { return nil }
        self.init(start: start, end: end)
    }

    func contains(_ position: LSPPosition) -> Bool { start <= position && position <= end }
}

/// Converts between oasguard's positions (1-based lines, 1-based columns in Unicode scalars), byte offsets, and
/// LSP positions, over one file's UTF-8 bytes.
///
/// Both sides end lines only at CR, LF and CRLF (the loader maps libyaml's NEL, LINE SEPARATOR and PARAGRAPH
/// SEPARATOR breaks back to these); oasguard's lines skip a UTF-8 byte-order mark. Every conversion goes
/// through the byte offset.
public struct PositionConverter: Sendable {
    let bytes: [UInt8]
    let encoding: PositionEncoding
    /// Byte offset where each of libyaml's lines starts.
    let yamlLineStarts: [Int]
    /// Byte offset where each of the protocol's lines starts.
    let lspLineStarts: [Int]

    public init(bytes: [UInt8], encoding: PositionEncoding) {
        self.bytes = bytes
        self.encoding = encoding
        var yamlStarts = [bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0]
        var lspStarts = [0]
        var index = 0
        while index < bytes.count {
            switch bytes[index] {
            case 0x0A:
                yamlStarts.append(index + 1)
                lspStarts.append(index + 1)
            case 0x0D:
                if index + 1 < bytes.count, bytes[index + 1] == 0x0A { index += 1 }
                yamlStarts.append(index + 1)
                lspStarts.append(index + 1)
            default: break
            }
            index += 1
        }
        yamlLineStarts = yamlStarts
        lspLineStarts = lspStarts
    }

    /// The byte offset of an oasguard position, clamped to its line.
    public func offset(of position: Position) -> Int {
        let line = min(max(position.line, 1), yamlLineStarts.count) - 1
        let end = line + 1 < yamlLineStarts.count ? yamlLineStarts[line + 1] : bytes.count
        var offset = yamlLineStarts[line]
        var column = 1
        while column < position.column, offset < end, !isLineBreak(at: offset) {
            offset += utf8Length(at: offset)
            column += 1
        }
        return offset
    }

    /// The LSP position of a byte offset.
    public func lspPosition(ofOffset offset: Int) -> LSPPosition {
        let offset = min(max(offset, 0), bytes.count)
        var low = 0
        var high = lspLineStarts.count - 1
        while low < high {
            let middle = (low + high + 1) / 2
            if lspLineStarts[middle] <= offset { low = middle } else { high = middle - 1 }
        }
        var character = 0
        var index = lspLineStarts[low]
        while index < offset {
            character += encoding.width(leadByte: bytes[index])
            index += utf8Length(at: index)
        }
        return LSPPosition(line: low, character: character)
    }

    /// The LSP position of an oasguard position.
    public func lspPosition(of position: Position) -> LSPPosition { lspPosition(ofOffset: offset(of: position)) }

    /// The byte offset of an LSP position, clamped to its line (a character inside a scalar moves to its end).
    public func offset(of position: LSPPosition) -> Int {
        guard position.line < lspLineStarts.count else { return bytes.count }
        let end = position.line + 1 < lspLineStarts.count ? lspLineStarts[position.line + 1] : bytes.count
        var index = lspLineStarts[position.line]
        var character = 0
        while character < position.character, index < end, bytes[index] != 0x0A, bytes[index] != 0x0D {
            character += encoding.width(leadByte: bytes[index])
            index += utf8Length(at: index)
        }
        return min(index, bytes.count)
    }

    /// The byte offset where the libyaml line holding `offset` starts.
    func lineStart(ofOffset offset: Int) -> Int {
        var low = 0
        var high = yamlLineStarts.count - 1
        while low < high {
            let middle = (low + high + 1) / 2
            if yamlLineStarts[middle] <= offset { low = middle } else { high = middle - 1 }
        }
        return yamlLineStarts[low]
    }

    private func isLineBreak(at offset: Int) -> Bool {
        let byte = bytes[offset]
        return byte == 0x0A || byte == 0x0D
    }

    private func utf8Length(at offset: Int) -> Int {
        let byte = bytes[offset]
        let length = byte < 0xC0 ? 1 : byte < 0xE0 ? 2 : byte < 0xF0 ? 3 : 4
        return min(length, bytes.count - offset)
    }
}
