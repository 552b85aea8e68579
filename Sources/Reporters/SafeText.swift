/// Spec-derived text made inert for a reviewer's terminal, CI log, pull-request comment or spreadsheet.
///
/// A description, a server URL, a scheme name or a file name comes from an untrusted pull request: written
/// raw, a line break could start a GitHub workflow command (`::error`), an escape sequence could rewrite the
/// terminal, a bidirectional override could reorder what the reviewer reads, and Markdown or a formula could
/// run in the reviewer's tools. Every human format passes such text through here.
public enum SafeText {
    /// Whether `scalar` must not be written as is: C0 and C1 controls, DEL, the Unicode line and paragraph
    /// separators, bidirectional formatting characters and the byte-order mark.
    public static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00...0x1F, 0x7F...0x9F: true
        case 0x2028, 0x2029: true
        case 0x061C, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069: true
        case 0xFEFF: true
        default: false
        }
    }

    /// Whether `scalar` joins or separates without showing: the zero-width space, non-joiner and joiner, the word
    /// joiner and the invisible operators. Lines for a terminal, a log or a spreadsheet keep them as written, since
    /// they move nothing and a joiner is part of many emoji; a page shows them, where they could make two different
    /// names look the same.
    public static func isZeroWidth(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x200B...0x200D, 0x2060...0x2065: true
        default: false
        }
    }

    /// Whether a page must show `scalar` as its code point rather than write it: a control or a zero-width character.
    public static func isHidden(_ scalar: Unicode.Scalar) -> Bool { isControl(scalar) || isZeroWidth(scalar) }

    /// How a control is written: `\n`, `\r`, `\t`, else `\u` and four hex digits (`\u001B`, `\u202E`).
    public static func escape(_ scalar: Unicode.Scalar) -> String {
        switch scalar {
        case "\n": return "\\n"
        case "\r": return "\\r"
        case "\t": return "\\t"
        default:
            let hex = String(scalar.value, radix: 16, uppercase: true)
            return "\\u" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
        }
    }

    /// `text` with every control escaped, so that it stays on one line and changes nothing on the screen.
    public static func escaped(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: isControl) else { return text }
        var output = ""
        for scalar in text.unicodeScalars {
            if isControl(scalar) { output += escape(scalar) } else { output.unicodeScalars.append(scalar) }
        }
        return output
    }

    /// Appends `escaped(text)` as UTF-8; printable ASCII, the usual text, is copied without a second look.
    static func appendEscaped(_ text: String, to output: inout [UInt8]) {
        var text = text
        let isPrintableASCII = text.withUTF8 { bytes in
            guard bytes.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) else { return false }
            output.append(contentsOf: bytes)
            return true
        }
        if !isPrintableASCII { output.append(contentsOf: escaped(text).utf8) }
    }

    /// A file name for the start of an output line: escaped, and never starting with `:` (a workflow
    /// command such as `::warning::`), `-` or a space, which get a leading `./`.
    public static func path(_ text: String) -> String {
        let shown = escaped(text)
        guard let first = shown.unicodeScalars.first, first == ":" || first == " " || first == "-" else { return shown }
        return "./" + shown
    }

    /// One line of a message: escaped, and when it would start a workflow command (`::` after any
    /// indentation) prefixed with `./`, like a path.
    public static func line(_ text: String) -> String {
        let shown = escaped(text)
        let start = shown.drop { $0 == " " || $0 == "\t" }
        return start.hasPrefix(":") ? "./" + shown : shown
    }

    /// Text for a Markdown table cell or list item: escaped, with HTML, Markdown punctuation and `@` mentions
    /// made literal and `|` kept inside the cell.
    public static func markdown(_ text: String) -> String {
        var output = ""
        for scalar in escaped(text).unicodeScalars {
            switch scalar {
            case "<": output += "&lt;"
            case ">": output += "&gt;"
            case "&": output += "&amp;"
            // A zero-width space after `@` keeps GitHub from notifying a user or team.
            case "@": output += "@&#8203;"
            // Inline punctuation only: a cell is one line, where headings and lists cannot start.
            case "\\", "`", "*", "_", "[", "]", "|", "~":
                output += "\\" + String(scalar)
            default: output.unicodeScalars.append(scalar)
            }
        }
        return output
    }

    /// A CSV cell with controls escaped that no spreadsheet runs as a formula: when the cell, read as a
    /// spreadsheet reads it (leading spaces, controls, format characters and combining marks skipped), starts
    /// with `=`, `+`, `-` or `@` (or their full-width forms), or when it starts with a tab, carriage return or
    /// line feed, it gets a leading `'`. A lone `-` stays as it is.
    public static func spreadsheetCell(_ text: String) -> String {
        guard text != "-", let first = text.unicodeScalars.first else { return text }
        if first == "\t" || first == "\r" || first == "\n" { return "'" + escaped(text) }
        let significant = text.unicodeScalars.first { scalar in
            !(scalar.properties.isWhitespace || isControl(scalar) || scalar.properties.generalCategory == .format
                || scalar.properties.generalCategory == .nonspacingMark
                || scalar.properties.generalCategory == .enclosingMark
                || scalar.properties.generalCategory == .spacingMark)
        }
        switch significant?.value {
        case 0x3D, 0x2B, 0x2D, 0x40, 0xFF1D, 0xFF0B, 0xFF0D, 0xFF20: return "'" + escaped(text)
        default: return escaped(text)
        }
    }
}
