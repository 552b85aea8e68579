import Linter

/// Building blocks of the HTML reports: escaping, the self-contained page, and the Markdown of rule documentation.
enum HTML {
    /// `text` safe in element content and in quoted attribute values: `&<>"'` become references, and control,
    /// bidirectional-override and other invisible formatting characters are shown as `⟨U+202E⟩` so that nothing
    /// in a spec can reorder or hide what the page shows.
    static func escape(_ text: some StringProtocol) -> String {
        var output = ""
        output.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": output += "&amp;"
            case "<": output += "&lt;"
            case ">": output += "&gt;"
            case "\"": output += "&quot;"
            case "'": output += "&#39;"
            case "\t", "\n": output.unicodeScalars.append(scalar)
            default:
                if isHidden(scalar) {
                    output += "⟨U+" + String(scalar.value, radix: 16, uppercase: true) + "⟩"
                } else {
                    output.unicodeScalars.append(scalar)
                }
            }
        }
        return output
    }

    /// C0 and C1 controls, the line and paragraph separators, bidirectional controls, zero-width characters.
    private static func isHidden(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0..<0x20, 0x7F...0x9F, 0x200B...0x200F, 0x2028...0x202E, 0x2060...0x2069, 0xFEFF: true
        default: false
        }
    }

    /// A link to `url` when it is `https://` or `http://` (opened without a referrer), else `text` alone:
    /// no `javascript:` or `data:` URL ever becomes a link.
    static func link(_ url: String, text: String) -> String {
        let lowered = url.lowercased()
        guard lowered.hasPrefix("https://") || lowered.hasPrefix("http://") else { return escape(text) }
        return "<a href=\"\(escape(url))\" rel=\"noopener noreferrer\">\(escape(text))</a>"
    }

    /// The whole page: a Content-Security-Policy that allows no load at all and only this page's own style and
    /// script (by their SHA-256), the style, `body`, then the script.
    static func page(title: String, body: String) -> String {
        let policy =
            "default-src 'none'; style-src \(styleHash); script-src \(scriptHash); base-uri 'none'; form-action 'none'"
        return """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta http-equiv="Content-Security-Policy" content="\(policy)">
            <meta name="referrer" content="no-referrer">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <meta name="generator" content="oasguard \(escape(OASGuardVersion.current))">
            <title>\(escape(title))</title>
            <style>\(HTMLAssets.style)</style>
            </head>
            <body>
            \(body)
            <script>\(HTMLAssets.script)</script>
            </body>
            </html>

            """
    }

    static let styleHash = SHA256.cspSource(HTMLAssets.style)
    static let scriptHash = SHA256.cspSource(HTMLAssets.script)

    // MARK: - Markdown

    /// The Markdown of the rule catalog as HTML: paragraphs, fenced code blocks, `-` and `1.` lists, and inline
    /// code, bold, emphasis and `http(s)` links. Everything is escaped first, so no HTML in the text survives.
    static func markdown(_ text: String) -> String {
        var output = ""
        var paragraph: [String] = []
        var list: (ordered: Bool, items: [String])?
        var code: [String]?
        func flush() {
            if !paragraph.isEmpty {
                output += "<p>" + inline(paragraph.joined(separator: " ")) + "</p>\n"
                paragraph = []
            }
            if let open = list {
                let tag = open.ordered ? "ol" : "ul"
                output += "<\(tag)>" + open.items.map { "<li>" + inline($0) + "</li>" }.joined() + "</\(tag)>\n"
                list = nil
            }
        }
        for line in text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            let trimmed = line.trimmingLeadingSpaces
            if trimmed.hasPrefix("```") {
                if let lines = code {
                    output += "<pre><code>" + escape(lines.joined(separator: "\n")) + "</code></pre>\n"
                    code = nil
                } else {
                    flush()
                    code = []
                }
            } else if code != nil {
                code?.append(line)
            } else if trimmed.isEmpty {
                flush()
            } else if let item = listItem(trimmed) {
                if list?.ordered != item.ordered {
                    flush()
                    list = (item.ordered, [])
                }
                if !paragraph.isEmpty { flush() }
                list?.items.append(item.text)
            } else if var open = list, line.hasPrefix(" "), !open.items.isEmpty {
                open.items[open.items.count - 1] += " " + trimmed
                list = open
            } else {
                if list != nil { flush() }
                paragraph.append(trimmed)
            }
        }
        if let lines = code { output += "<pre><code>" + escape(lines.joined(separator: "\n")) + "</code></pre>\n" }
        flush()
        return output
    }

    /// `- item`, `* item` or `1. item`.
    private static func listItem(_ line: String) -> (ordered: Bool, text: String)? {
        if line.hasPrefix("- ") || line.hasPrefix("* ") { return (false, String(line.dropFirst(2))) }
        let digits = line.prefix { $0.isASCII && $0.isNumber }
        if !digits.isEmpty, line.dropFirst(digits.count).hasPrefix(". ") {
            return (true, String(line.dropFirst(digits.count + 2)))
        }
        return nil
    }

    /// Inline Markdown: `code`, **bold**, *emphasis*, [text](https://…); the rest escaped.
    static func inline(_ text: String) -> String {
        var output = ""
        var rest = Substring(text)
        var bold = false
        var emphasis = false
        while let first = rest.first {
            if first == "`", let end = rest.dropFirst().firstIndex(of: "`") {
                output += "<code>" + escape(rest[rest.index(after: rest.startIndex)..<end]) + "</code>"
                rest = rest[rest.index(after: end)...]
            } else if rest.hasPrefix("**") {
                output += bold ? "</strong>" : "<strong>"
                bold.toggle()
                rest = rest.dropFirst(2)
            } else if first == "*", emphasis || rest.dropFirst().first.map({ !$0.isWhitespace }) == true {
                output += emphasis ? "</em>" : "<em>"
                emphasis.toggle()
                rest = rest.dropFirst()
            } else if first == "[", let close = rest.firstIndex(of: "]"),
                rest[close...].hasPrefix("]("), let end = rest[close...].firstIndex(of: ")")
            {
                let label = String(rest[rest.index(after: rest.startIndex)..<close])
                let url = String(rest[rest.index(close, offsetBy: 2)..<end])
                output += link(url, text: label)
                rest = rest[rest.index(after: end)...]
            } else {
                output += escape(String(first))
                rest = rest.dropFirst()
            }
        }
        if emphasis { output += "</em>" }
        if bold { output += "</strong>" }
        return output
    }
}

extension String {
    /// The string without its leading spaces.
    var trimmingLeadingSpaces: String { String(drop { $0 == " " }) }
}
