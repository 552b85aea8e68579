import SourceTree

/// The source line under a finding with a caret under its region, bounded to a window around the column
/// (`…` marks what is cut) and with every control written as an escape.
struct CodeFrame {
    /// Scalars shown before the region's start when the line is too long to show whole.
    static let contextBefore = 40
    /// Most scalars of a line shown.
    static let windowWidth = 160

    /// The shown text, and the caret line below it.
    let text: String
    let caretPrefix: String
    let caretWidth: Int

    /// The frame of `region`'s first line in `lines`; from column `hiddenFrom` on, the line holds a secret
    /// and shows `SourceConcealment.marker` instead.
    init(region: SourceSpan, lines: SourceLines, hiddenFrom: Int? = nil) {
        let line = region.start.line
        let fullLength = lines.length(line)
        let length = hiddenFrom.map { min(fullLength, max(0, $0 - 1)) } ?? fullLength
        let start = min(max(region.start.column, 1), length + 1)
        var first = 1
        if length > Self.windowWidth { first = max(1, min(start - Self.contextBefore, length - Self.windowWidth + 1)) }
        let last = min(length, first + Self.windowWidth - 1)
        let visible = lines.text(line, columns: first..<(last + 1))
        let cutBefore = first > 1
        let cutAfter = last < length
        let concealed = length < fullLength

        var shown = cutBefore ? "…" : ""
        var prefix = cutBefore ? " " : ""
        var caretWidth = 0
        let regionEnd = region.end.line == line ? max(region.end.column, start + 1) : length + 1
        if visible.utf8.allSatisfy({ ($0 >= 0x20 && $0 < 0x7F) || $0 == UInt8(ascii: "\t") }) {
            // Printable ASCII and tabs: nothing to escape, one cell each.
            shown += visible
            let before = min(max(0, start - first), visible.utf8.count)
            prefix += String(
                decoding: visible.utf8.prefix(before).map { $0 == UInt8(ascii: "\t") ? $0 : 0x20 }, as: UTF8.self)
            caretWidth = max(0, min(regionEnd, first + visible.utf8.count) - max(start, first))
        } else {
            var column = first
            for scalar in visible.unicodeScalars {
                let escaped = scalar != "\t" && SafeText.isControl(scalar)
                shown += escaped ? SafeText.escape(scalar) : String(scalar)
                // Terminal cells: an escape's characters, two for a CJK character, none for a combining mark.
                let width = escaped ? SafeText.escape(scalar).count : DisplayWidth.of(scalar)
                if column < start {
                    prefix += scalar == "\t" ? "\t" : String(repeating: " ", count: width)
                } else if column < regionEnd {
                    caretWidth += width
                }
                column += 1
            }
        }
        if concealed {
            shown += SourceConcealment.marker
        } else if cutAfter {
            shown += "…"
        }
        text = shown
        caretPrefix = prefix
        self.caretWidth = max(1, caretWidth)
    }

    /// The caret marker: `^` then `~` to the region's end.
    var marker: String {
        // Built as bytes: repeating a one-character string costs a string append per character.
        var bytes = [UInt8](repeating: UInt8(ascii: "~"), count: caretWidth)
        bytes[0] = UInt8(ascii: "^")
        return String(decoding: bytes, as: UTF8.self)
    }
}
