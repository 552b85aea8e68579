import Lexicon
import Linter
import OpenAPIModel
import Posture
import RuleEngine
import SourceTree

/// The formats of `oasguard inventory`.
public enum InventoryFormat: String, CaseIterable, Sendable {
    case text, json, csv, markdown, html
}

/// Writes inventories: one row per operation, totals, and each document's security score.
public struct InventoryReporter {
    /// Bumped when a field of the JSON output changes meaning or disappears. 2: `receivedFields` and
    /// `returnedFields` list each name once, at its first place, with the number of `places`.
    public static let formatVersion = 2

    public let inventories: [Inventory]
    /// Inputs that could not be loaded.
    public let errors: [LoadError]
    /// Absolute working directory; paths under it are shown relative to it.
    public let workingDirectory: String
    /// The rules of the run, whose documentation the HTML report shows.
    public let rules: [RuleDescription]

    public init(
        inventories: [Inventory], errors: [LoadError], workingDirectory: String, rules: [RuleDescription] = []
    ) {
        self.inventories = inventories
        self.errors = errors
        self.workingDirectory = workingDirectory
        self.rules = rules
    }

    /// The totals over every document.
    public var totals: InventoryTotals { inventories.map(\.totals).reduce(InventoryTotals(), +) }

    /// Writes the report in `format` to `drain`: the JSON inventory in chunks as it is written (`writeJSON`), the
    /// other formats whole.
    public func write(_ format: InventoryFormat, width: Int = 0, to drain: ([UInt8]) -> Void) {
        let text: String
        switch format {
        case .json: return writeJSON(to: drain)
        case .text: text = self.text(width: width)
        case .csv: text = csv()
        case .markdown: text = markdown()
        case .html:
            text = HTMLReporter(
                inventories: inventories, errors: errors, workingDirectory: workingDirectory, rules: rules
            ).render()
        }
        drain(Array(text.utf8))
    }

    func path(_ inventory: Inventory) -> String {
        ReportInput.displayPath(inventory.path, workingDirectory: workingDirectory)
    }

    // MARK: - Cells

    static func classes(_ classes: [DataClass]) -> String {
        classes.isEmpty ? "none" : classes.map(\.shortLabel).joined(separator: ", ")
    }

    static func server(_ exposure: InventoryRow.Exposure) -> String {
        exposure.url + (exposure.environment.map { " (\($0.rawValue))" } ?? "")
    }

    static func rateLimit(_ row: InventoryRow) -> String {
        row.rateLimit.isDeclared ? row.rateLimit.kinds.joined(separator: "+") : "none"
    }

    static func findings(_ counts: InventoryRow.FindingCounts) -> String {
        "\(counts.error)/\(counts.warning)/\(counts.note)"
    }

    static func title(_ inventory: Inventory) -> String {
        let name = inventory.outline.title.map { " — \($0)" } ?? ""
        let spec = inventory.outline.specVersion == .swagger2 ? "Swagger" : "OpenAPI"
        return "\(name) (\(spec) \(inventory.outline.versionText))"
    }

    static func totalsText(_ totals: InventoryTotals) -> String {
        var parts = ["\(totals.operations) operation\(totals.operations == 1 ? "" : "s")"]
        if totals.webhooks > 0 { parts[0] += " (\(totals.webhooks) webhook\(totals.webhooks == 1 ? "" : "s"))" }
        parts += [
            "\(totals.unauthenticated) unauthenticated",
            "\(totals.sensitiveUnauthenticated) handling sensitive data without authentication",
            "\(totals.withoutRateLimit) without a declared rate limit",
        ]
        if totals.deprecated > 0 { parts.append("\(totals.deprecated) deprecated") }
        return parts.joined(separator: "; ")
    }

    // MARK: - Text

    func text(width: Int) -> String {
        var output = ""
        for inventory in inventories {
            if !output.isEmpty { output += "\n" }
            output += SafeText.path(path(inventory) + Self.title(inventory)) + "\n"
            // Servers shared by every operation are listed once, above the table.
            let servers = inventory.rows.map { $0.servers.map(Self.server) }
            let shared = servers.dropFirst().allSatisfy { $0 == servers.first } ? servers.first : nil
            if let shared {
                output += Self.wrap(
                    "servers: " + SafeText.escaped(shared.isEmpty ? "none" : shared.joined(separator: ", ")),
                    width: width)
            }
            var headers = [
                "METHOD", "PATH", "OPERATION ID", "SERVERS", "AUTHENTICATION", "SCOPES", "RECEIVES", "RETURNS",
                "RATE LIMIT", "DEPR", "E/W/N",
            ]
            var shrinkable = [false, true, true, true, true, true, true, true, false, false, false]
            if shared != nil {
                headers.remove(at: 3)
                shrinkable.remove(at: 3)
            }
            var table = TextTable(headers: headers, shrinkable: shrinkable)
            for row in inventory.rows {
                var cells = [
                    row.isWebhook ? "\(row.method.display) (webhook)" : row.method.display, row.path,
                    row.operationID ?? "-",
                    row.servers.isEmpty ? "-" : row.servers.map(Self.server).joined(separator: ", "),
                    row.authenticationText, row.scopes.isEmpty ? "-" : row.scopes.joined(separator: ", "),
                    Self.classes(row.receivedClasses), Self.classes(row.returnedClasses), Self.rateLimit(row),
                    row.deprecated ? "yes" : "no", Self.findings(row.findings),
                ]
                if shared != nil { cells.remove(at: 3) }
                table.rows.append(cells.map(SafeText.escaped))
            }
            output += table.render(width: width)
            output += Self.wrap("totals: " + Self.totalsText(inventory.totals), width: width)
            output += Self.wrap("security score: " + ScoreReport.text(inventory.score), width: width)
        }
        if inventories.count > 1 {
            output += "\n" + Self.wrap("all \(inventories.count) documents: " + Self.totalsText(totals), width: width)
        }
        return output
    }

    /// `text` broken at spaces into lines of at most `width` characters (0: no limit), continuation lines indented
    /// by four spaces; a word longer than the width stays whole.
    static func wrap(_ text: String, width: Int) -> String {
        guard width > 0, text.count > width else { return text + "\n" }
        var lines: [String] = []
        var line = ""
        for word in text.split(separator: " ") {
            let candidate = line.isEmpty ? (lines.isEmpty ? "" : "    ") + word : line + " " + word
            if candidate.count > width, !line.isEmpty {
                lines.append(line)
                line = "    " + word
            } else {
                line = candidate
            }
        }
        lines.append(line)
        return lines.joined(separator: "\n") + "\n"
    }

    // MARK: - JSON

    static func fieldsJSON(_ fields: [SensitiveField], displayPath: (String) -> String) -> JSONValue {
        .array(
            fields.map { field in
                .object([
                    ("name", .string(field.name)),
                    ("class", .string(field.dataClass.rawValue)),
                    ("term", .string(field.match.term)),
                    ("file", .string(displayPath(field.node.file.path))),
                    ("pointer", .string(field.node.pointer)),
                    ("places", .int(field.places)),
                ])
            })
    }

    /// Writes the JSON inventory to `drain` in chunks, one operation at a time: only one operation's values exist as a
    /// tree, and no copy of the whole text (as one tree and one string, a 0.4 MB report raised the peak by 0.9 MB).
    private func writeJSON(to drain: ([UInt8]) -> Void) {
        let display = { (path: String) in ReportInput.displayPath(path, workingDirectory: workingDirectory) }
        var writer = JSONWriter()
        writer.beginReport(formatVersion: Self.formatVersion)
        writer.key("documents")
        writer.beginArray()
        for inventory in inventories {
            writer.beginObject()
            writer.member("path", path(inventory))
            writer.member("title", inventory.outline.title)
            writer.member("version", inventory.outline.versionText)
            writer.key("operations")
            writer.beginArray()
            for row in inventory.rows {
                writer.value(Self.operationJSON(row, displayPath: display))
                writer.drain(whenFull: drain)
            }
            writer.endArray()
            writer.key("totals")
            writer.value(Self.totalsJSON(inventory.totals))
            writer.key("score")
            writer.value(ScoreReport.json(inventory.score))
            writer.endObject()
        }
        writer.endArray()
        writer.key("totals")
        writer.value(Self.totalsJSON(totals))
        writer.key("errors")
        writer.beginArray()
        for error in errors { writer.value(JSONReporter.errorJSON(error, displayPath: display(error.path))) }
        writer.endArray()
        writer.endObject()
        writer.output.append(UInt8(ascii: "\n"))
        writer.flush(to: drain)
    }

    /// One operation of the JSON inventory.
    static func operationJSON(_ row: InventoryRow, displayPath display: (String) -> String) -> JSONValue {
        let position = row.node.position
        return .object([
            ("method", .string(row.method.display)),
            ("path", .string(row.path)),
            ("webhook", .bool(row.isWebhook)),
            ("operationId", row.operationID.map(JSONValue.string) ?? .null),
            ("file", .string(display(row.node.file.path))),
            ("line", .int(position.line)),
            ("pointer", .string(row.node.pointer)),
            (
                "servers",
                .array(
                    row.servers.map {
                        .object([
                            ("url", .string($0.url)),
                            ("environment", $0.environment.map { .string($0.rawValue) } ?? .null),
                        ])
                    })
            ),
            (
                "authentication",
                .array(
                    row.authentication.map { alternative in
                        .array(
                            alternative.map {
                                .object([
                                    ("scheme", .string($0.scheme)), ("kind", .string($0.kind)),
                                    ("scopes", .array($0.scopes.map(JSONValue.string))),
                                ])
                            })
                    })
            ),
            ("anonymous", .bool(row.allowsAnonymous)), ("publicByDecision", .bool(row.publicByDecision)),
            ("scopes", .array(row.scopes.map(JSONValue.string))),
            ("receives", .array(row.receivedClasses.map { .string($0.rawValue) })),
            ("returns", .array(row.returnedClasses.map { .string($0.rawValue) })),
            ("receivedFields", Self.fieldsJSON(row.receives, displayPath: display)),
            ("returnedFields", Self.fieldsJSON(row.returns, displayPath: display)),
            (
                "rateLimit",
                .object([
                    ("declared", .bool(row.rateLimit.isDeclared)),
                    ("by", .array(row.rateLimit.kinds.map(JSONValue.string))),
                ])
            ),
            ("deprecated", .bool(row.deprecated)),
            (
                "findings",
                .object([
                    ("error", .int(row.findings.error)), ("warning", .int(row.findings.warning)),
                    ("note", .int(row.findings.note)),
                ])
            ),
        ])
    }

    static func totalsJSON(_ totals: InventoryTotals) -> JSONValue {
        .object([
            ("operations", .int(totals.operations)),
            ("webhooks", .int(totals.webhooks)),
            ("unauthenticated", .int(totals.unauthenticated)),
            ("sensitiveUnauthenticated", .int(totals.sensitiveUnauthenticated)),
            ("withoutRateLimit", .int(totals.withoutRateLimit)),
            ("deprecated", .int(totals.deprecated)),
        ])
    }

    // MARK: - CSV

    /// The CSV columns, one row per operation (no totals or scores: every line is an operation).
    public static let csvHeaders = [
        "file", "method", "path", "webhook", "operation_id", "servers", "authentication", "anonymous", "scopes",
        "receives", "returns", "rate_limit", "deprecated", "errors", "warnings", "notes",
    ]

    func csv() -> String {
        var lines = [Self.csvHeaders.map(Self.csvField).joined(separator: ",")]
        for inventory in inventories {
            for row in inventory.rows {
                let cells = [
                    path(inventory), row.method.display, row.path, row.isWebhook ? "yes" : "no", row.operationID ?? "",
                    row.servers.map(Self.server).joined(separator: "; "), row.authenticationText,
                    row.allowsAnonymous ? "yes" : "no", row.scopes.joined(separator: "; "),
                    row.receivedClasses.map(\.rawValue).joined(separator: "; "),
                    row.returnedClasses.map(\.rawValue).joined(separator: "; "),
                    row.rateLimit.kinds.joined(separator: "; "), row.deprecated ? "yes" : "no",
                    String(row.findings.error), String(row.findings.warning), String(row.findings.note),
                ]
                lines.append(cells.map(Self.csvField).joined(separator: ","))
            }
        }
        return lines.map { $0 + "\r\n" }.joined()
    }

    /// RFC 4180: quoted when it holds a comma, quote or line break, quotes doubled; a cell a spreadsheet would run
    /// as a formula is prefixed with `'` (see `SafeText.spreadsheetCell`).
    static func csvField(_ text: String) -> String {
        var text = text
        text = SafeText.spreadsheetCell(text)
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacing("\"", with: "\"\"") + "\""
    }

    // MARK: - Markdown

    func markdown() -> String {
        var output = "## oasguard inventory\n"
        for inventory in inventories {
            output += "\n### \(Self.cell(path(inventory)))\(Self.cell(Self.title(inventory)))\n\n"
            output += "**Security score \(SecurityScore.format(inventory.score.score))/100**\n\n"
            output += ScoreReport.markdown([(path(inventory), inventory.score)], displayPath: { $0 }) + "\n"
            output +=
                "| Method | Path | Operation ID | Servers | Authentication | Scopes | Receives | Returns | Rate limit | Deprecated | Findings E/W/N |\n"
            output += "|---|---|---|---|---|---|---|---|---|---|---|\n"
            for row in inventory.rows.prefix(MarkdownReporter.rowLimit) {
                let cells = [
                    Self.cell(row.isWebhook ? "\(row.method.display) (webhook)" : row.method.display),
                    Self.cell(row.path),
                    row.operationID.map(Self.cell) ?? "–",
                    row.servers.map { Self.cell(Self.server($0)) }.joined(separator: "<br>"),
                    Self.cell(row.authenticationText), row.scopes.map(Self.cell).joined(separator: ", "),
                    Self.classes(row.receivedClasses), Self.classes(row.returnedClasses), Self.rateLimit(row),
                    row.deprecated ? "yes" : "", Self.findings(row.findings),
                ]
                output += "| " + cells.joined(separator: " | ") + " |\n"
            }
            if inventory.rows.count > MarkdownReporter.rowLimit {
                output += "\n…and \(inventory.rows.count - MarkdownReporter.rowLimit) more operations.\n"
            }
            output += "\n**Totals:** " + Self.totalsText(inventory.totals) + ".\n"
        }
        if inventories.count > 1 {
            output += "\n**All \(inventories.count) documents:** " + Self.totalsText(totals) + ".\n"
        }
        if !errors.isEmpty {
            output += "\n### Inputs that could not be loaded\n\n"
            for error in errors {
                let shown = ReportInput.displayPath(error.path, workingDirectory: workingDirectory)
                output +=
                    "- \(Self.cell(error.place(shownAs: shown))): \(Self.cell(error.message))\n"
            }
        }
        return output
    }

    /// Spec-derived text for a table cell: on one line, with its pipes, HTML, Markdown and mentions literal.
    static func cell(_ text: String) -> String { SafeText.markdown(text) }
}
