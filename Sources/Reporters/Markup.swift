/// Text escaped for the markup formats, the HTML report and JUnit XML: one table of the characters markup gives a
/// meaning to, and what each format does with the characters a reader's tool must not receive.
enum Markup {
    /// The format text is escaped for; they differ only where the format's reader differs.
    enum Dialect {
        /// A page in a browser: `'` becomes `&#39;`; tab and line feed are kept; controls, bidirectional and zero-width
        /// characters (`SafeText.isHidden`) are shown as `⟨U+202E⟩`, so nothing can reorder or hide what it shows.
        case html
        /// An XML 1.0 document for CI tools: `'` becomes `&apos;`; tab, line feed and carriage return are kept, the
        /// other C0 controls and U+FFFE and U+FFFF, which XML 1.0 forbids, are dropped, and the rest kept as written.
        case xml
    }

    /// `text` safe in element content and in quoted attribute values of `dialect`: `&<>"'` become references.
    static func escape(_ text: some StringProtocol, as dialect: Dialect) -> String {
        var output = ""
        output.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": output += "&amp;"
            case "<": output += "&lt;"
            case ">": output += "&gt;"
            case "\"": output += "&quot;"
            case "'": output += dialect == .html ? "&#39;" : "&apos;"
            case "\t", "\n": output.unicodeScalars.append(scalar)
            default:
                switch dialect {
                case .html where SafeText.isHidden(scalar):
                    output += "⟨U+" + String(scalar.value, radix: 16, uppercase: true) + "⟩"
                case .xml
                where scalar != "\r" && (scalar.value < 0x20 || scalar.value == 0xFFFE || scalar.value == 0xFFFF):
                    continue
                default: output.unicodeScalars.append(scalar)
                }
            }
        }
        return output
    }
}
