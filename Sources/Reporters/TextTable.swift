/// An aligned plain-text table that fits a width: the widest shrinkable columns give way first, and cells too long
/// for their column end in `…`.
struct TextTable {
    let headers: [String]
    /// Per column, whether it may be narrowed (short, fixed-vocabulary columns keep their width).
    let shrinkable: [Bool]
    var rows: [[String]] = []

    /// Columns are separated by two spaces.
    static let gap = 2
    /// No column shrinks below this.
    static let minimumWidth = 6

    init(headers: [String], shrinkable: [Bool]? = nil) {
        self.headers = headers
        self.shrinkable = shrinkable ?? headers.map { _ in true }
    }

    /// Renders with every line at most `width` characters when the columns can shrink that far; 0 means no limit.
    func render(width: Int) -> String {
        var widths = headers.indices.map { column in
            ([headers[column]] + rows.map { $0[column] }).map(\.count).max() ?? 0
        }
        if width > 0 {
            var total = widths.reduce(0, +) + Self.gap * max(0, widths.count - 1)
            // Shrink the widest column that can still shrink, one character at a time.
            while total > width,
                let column = widths.indices.filter({ shrinkable[$0] && widths[$0] > Self.minimumWidth })
                    .max(by: { widths[$0] < widths[$1] })
            {
                widths[column] -= 1
                total -= 1
            }
        }
        // Room for every line at its widest (the last column's cells are not padded), so that the text does not
        // grow by doubling: a table of many rows is the largest allocation of an inventory report.
        var output = ""
        output.reserveCapacity((rows.count + 1) * (widths.reduce(0, +) + Self.gap * max(0, widths.count - 1) + 1))
        for row in [headers] + rows {
            var line = ""
            for (column, cell) in row.enumerated() {
                let text = Self.shorten(cell, to: widths[column])
                line += text
                if column < row.count - 1 {
                    line += String(repeating: " ", count: widths[column] - text.count + Self.gap)
                }
            }
            while line.hasSuffix(" ") { line.removeLast() }
            output += line + "\n"
        }
        return output
    }

    /// `text` cut to `width` characters, ending in `…` when cut.
    static func shorten(_ text: String, to width: Int) -> String {
        guard text.count > width else { return text }
        guard width > 1 else { return String(text.prefix(width)) }
        return String(text.prefix(width - 1)) + "…"
    }
}
