import SourceTree

/// Code frames for the HTML reports: the node's line with two lines either side, the node underlined, and long
/// lines (minified JSON) cut to a window around it, so that a frame stays small whatever the file.
final class HTMLCodeFrames {
    /// Lines shown before and after the node's line.
    static let contextLines = 2
    /// Characters shown of one line.
    static let windowWidth = 160

    private let lineCache = LineCache()
    /// Lines holding secrets, shown only up to the secret.
    private let concealment: SourceConcealment

    init(concealment: SourceConcealment = SourceConcealment()) {
        self.concealment = concealment
    }
    /// Each file's lines already split into scalars, by file and line.
    private var scalars: [ObjectIdentifier: [Int: [Unicode.Scalar]]] = [:]

    /// `<pre class="frame">` with one `<span>` per line: `<b>` the line number, `<mark>` the node.
    func frame(_ node: NodeRef) -> String {
        let lines = lineCache.lines(of: node.file)
        let region = ReportInput.region(of: node, lines: lines)
        let hitLine = region.start.line
        let hit = text(node.file, hitLine, lines)
        let markStart = min(max(0, region.start.column - 1), hit.count)
        let markEnd = region.end.line == hitLine ? min(max(markStart + 1, region.end.column - 1), hit.count) : hit.count
        // One window for every line of the frame, so that they stay aligned.
        let windowStart = hit.count > Self.windowWidth ? max(0, min(markStart - 40, hit.count - Self.windowWidth)) : 0
        var output = "<pre class=\"frame\">"
        let first = max(1, hitLine - Self.contextLines)
        let last = min(lines.count, hitLine + Self.contextLines)
        for number in first...max(first, last) {
            let line = number == hitLine ? hit : text(node.file, number, lines)
            output += number == hitLine ? "<span class=\"hit\">" : "<span>"
            output += "<b>\(number)</b>"
            let windowEnd = min(line.count, windowStart + Self.windowWidth)
            if windowStart > 0 { output += "…" }
            if windowStart < windowEnd {
                if number == hitLine {
                    let start = min(max(markStart, windowStart), windowEnd)
                    let end = min(max(markEnd, start), windowEnd)
                    output += escaped(line[windowStart..<start]) + "<mark>" + escaped(line[start..<end]) + "</mark>"
                    output += escaped(line[end..<windowEnd])
                } else {
                    output += escaped(line[windowStart..<windowEnd])
                }
            }
            if windowEnd < line.count { output += "…" }
            output += "</span>"
        }
        return output + "</pre>"
    }

    private func text(_ file: SourceFile, _ line: Int, _ lines: SourceLines) -> [Unicode.Scalar] {
        if let known = scalars[ObjectIdentifier(file)]?[line] { return known }
        let split = Array(concealment.apply(file, line: line, text: lines.text(line)).unicodeScalars)
        scalars[ObjectIdentifier(file), default: [:]][line] = split
        return split
    }

    private func escaped(_ scalars: ArraySlice<Unicode.Scalar>) -> String {
        var text = ""
        text.unicodeScalars.append(contentsOf: scalars)
        return HTML.escape(text)
    }
}
