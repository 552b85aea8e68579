import Lexicon
import Linter
import OpenAPIModel
import Posture
import RuleEngine
import SourceTree

/// The posture report: one self-contained HTML page with, per document, its security score drawn as bars, its counts
/// by severity, its findings grouped by rule with the worst first, and its inventory as a sortable, filterable table.
public struct HTMLReporter {
    /// Findings of one rule shown at once; the others are one click away.
    public static let openPerRule = 3
    /// Findings of one rule shown with their code frame; the next ones are listed by location and message.
    public static let framesPerRule = 10
    /// Findings of one rule listed at all; the others are only counted.
    public static let findingsPerRule = 200
    /// Further places of one finding listed.
    public static let placesPerFinding = 50
    /// Rows of one document's inventory table; the others are only counted.
    public static let rowsPerDocument = 5_000

    public let inventories: [Inventory]
    /// Inputs that could not be loaded.
    public let errors: [LoadError]
    /// Absolute working directory; paths under it are shown relative to it.
    public let workingDirectory: String
    /// The documentation of each rule of the run by id.
    let rules: [RuleID: RuleDescription]

    public init(inventories: [Inventory], errors: [LoadError], workingDirectory: String, rules: [RuleDescription]) {
        self.inventories = inventories
        self.errors = errors
        self.workingDirectory = workingDirectory
        self.rules = Dictionary(rules.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// The report of a lint run, from what was taken of each document's model while it was alive (`outlines`, in
    /// the order of `run.documents`), else from the models the run kept.
    public init(run: LintRun, outlines: [InventoryOutline?]? = nil, workingDirectory: String) {
        let outlines = outlines ?? run.documents.map(InventoryOutline.init(document:))
        self.init(
            inventories: Inventory.all(of: run, outlines: outlines), errors: run.errors,
            workingDirectory: workingDirectory, rules: run.rules.map(\.description))
    }

    public func render() -> String {
        let frames = HTMLCodeFrames(concealment: SourceConcealment(findings: inventories.flatMap(\.findings)))
        let active = inventories.flatMap { $0.findings.filter(\.isActive) }
        let counts = SeverityCounts(active)
        var header = "<h1>oasguard <span>security posture report</span></h1>"
        header +=
            "<p>\(plural(inventories.count, "document")), \(plural(inventories.map(\.rows.count).reduce(0, +), "operation"))"
        if !errors.isEmpty { header += "; \(plural(errors.count, "input")) could not be loaded" }
        header += "</p>" + Self.countPills(counts)
        var body = ""
        if !errors.isEmpty { body += errorsCard() }
        if inventories.count > 1 { body += overview() }
        for (index, inventory) in inventories.enumerated() {
            body += document(inventory, anchor: "doc-\(index + 1)", frames: frames)
        }
        if inventories.isEmpty && errors.isEmpty {
            body += "<section class=\"card\"><p class=\"empty\">No OpenAPI document was found.</p></section>\n"
        }
        let title = inventories.count == 1 ? " — " + displayTitle(inventories[0]) : ""
        return HTML.page(title: "oasguard posture report" + title, header: header, main: body)
    }

    func path(_ path: String) -> String { ReportInput.displayPath(path, workingDirectory: workingDirectory) }

    func displayTitle(_ inventory: Inventory) -> String {
        inventory.outline.title.flatMap { $0.isEmpty ? nil : $0 } ?? path(inventory.path)
    }

    // MARK: - Summary

    /// `3 errors`, `12 warnings`, `4 notes` as coloured pills.
    static func countPills(_ counts: SeverityCounts, suppressed: Int = 0) -> String {
        var output = "<ul class=\"counts\">"
        if counts.error + counts.warning + counts.note == 0 {
            output += "<li class=\"pill good\">no findings</li>"
        } else {
            output += "<li class=\"pill error\">\(plural(counts.error, "error"))</li>"
            output += "<li class=\"pill warning\">\(plural(counts.warning, "warning"))</li>"
            output += "<li class=\"pill note\">\(plural(counts.note, "note"))</li>"
        }
        if suppressed > 0 { output += "<li class=\"pill plain\">\(suppressed) suppressed</li>" }
        return output + "</ul>"
    }

    func errorsCard() -> String {
        var output = "<section class=\"card alert\"><h2>Inputs that could not be loaded</h2><ul>"
        for error in errors {
            output +=
                "<li><code>\(HTML.escape(error.place(shownAs: path(error.path))))</code> "
                + HTML.escape(error.message) + "</li>"
        }
        return output + "</ul></section>\n"
    }

    /// One row per document, when there are several.
    func overview() -> String {
        var output = "<section class=\"card\"><h2>Documents</h2><div class=\"scroll\">"
        output += "<table class=\"data sortable overview\"><thead><tr><th>Document</th><th>Title</th>"
        output += "<th class=\"num\" data-numeric>Score</th><th class=\"num\" data-numeric>Operations</th>"
        output += "<th class=\"num\" data-numeric>Errors</th><th class=\"num\" data-numeric>Warnings</th>"
        output += "<th class=\"num\" data-numeric>Notes</th></tr></thead><tbody>"
        for (index, inventory) in inventories.enumerated() {
            let counts = SeverityCounts(inventory.findings.filter(\.isActive))
            output += "<tr><td><a href=\"#doc-\(index + 1)\">\(HTML.escape(path(inventory.path)))</a></td>"
            output += "<td>\(HTML.escape(inventory.outline.title ?? ""))</td>"
            output += "<td class=\"num\">\(SecurityScore.format(inventory.score.score))</td>"
            output += "<td class=\"num\">\(inventory.rows.count)</td><td class=\"num\">\(counts.error)</td>"
            output += "<td class=\"num\">\(counts.warning)</td><td class=\"num\">\(counts.note)</td></tr>"
        }
        return output + "</tbody></table></div></section>\n"
    }

    // MARK: - One document

    func document(_ inventory: Inventory, anchor: String, frames: HTMLCodeFrames) -> String {
        let outline = inventory.outline
        let active = inventory.findings.filter(\.isActive)
        var output = "<section class=\"card\" id=\"\(anchor)\">\n"
        output += "<div class=\"posture\">" + Self.ring(inventory.score.score) + "<div>"
        output += "<h2>\(HTML.escape(displayTitle(inventory)))</h2><p class=\"meta\">"
        var facts: [String] = []
        if let version = outline.apiVersion, !version.isEmpty {
            facts.append("version " + HTML.escape(version))
        }
        facts.append((outline.specVersion == .swagger2 ? "Swagger " : "OpenAPI ") + HTML.escape(outline.versionText))
        facts.append("<code>\(HTML.escape(path(inventory.path)))</code>")
        facts.append(plural(inventory.rows.count, "operation"))
        output += facts.joined(separator: " · ") + "</p>"
        output += Self.countPills(SeverityCounts(active), suppressed: inventory.findings.count - active.count)
        output += "</div>" + Self.categoryBars(inventory.score) + "</div>\n"
        var jumps: [String] = []
        if !active.isEmpty { jumps.append("<a href=\"#\(anchor)-risks\">Top risks</a>") }
        if !inventory.rows.isEmpty { jumps.append("<a href=\"#\(anchor)-inventory\">Inventory</a>") }
        if jumps.count > 1 { output += "<nav class=\"jump\">Jump to " + jumps.joined(separator: " · ") + "</nav>\n" }
        output += risks(active, anchor: anchor, frames: frames)
        output += inventoryTable(inventory, anchor: anchor)
        return output + "</section>\n"
    }

    /// The score in a ring, coloured by grade.
    static func ring(_ score: Double) -> String {
        let shown = SecurityScore.format(score)
        return """
            <svg class="ring \(grade(score))" viewBox="0 0 36 36" role="img" aria-label="security score \(shown) of 100">\
            <circle class="track" cx="18" cy="18" r="15.9155"/>\
            <circle class="value" cx="18" cy="18" r="15.9155" stroke-dasharray="\(shown) 100" \
            transform="rotate(-90 18 18)"/>\
            <text x="18" y="20.5">\(shown)</text><text class="of" x="18" y="25.5">of 100</text></svg>
            """
    }

    /// The CSS class of a score's colour: good from 90, fair from 70, poor from 50, else bad.
    static func grade(_ score: Double) -> String {
        score >= 90 ? "grade-good" : score >= 70 ? "grade-fair" : score >= 50 ? "grade-poor" : "grade-bad"
    }

    /// One bar per category of the score; a category no rule of the run covers shows a dash.
    static func categoryBars(_ score: SecurityScore) -> String {
        var output = "<table class=\"bars\"><tbody>"
        for category in score.categories {
            let name = ScoreReport.name(category.category).capitalizedFirst
            guard category.isScored else {
                output +=
                    "<tr><td>\(name)</td><td></td><td class=\"unscored\" title=\"no rule of this category ran\">–</td></tr>"
                continue
            }
            let value = SecurityScore.format(category.score)
            output += "<tr class=\"\(grade(category.score))\"><td>\(name)</td><td>"
            output += "<svg class=\"bar\" viewBox=\"0 0 100 6\" preserveAspectRatio=\"none\" aria-hidden=\"true\">"
            output += "<rect class=\"track\" width=\"100\" height=\"6\" rx=\"3\"/>"
            output += "<rect class=\"fill\" width=\"\(value)\" height=\"6\" rx=\"3\"/></svg></td>"
            output += "<td title=\"\(plural(category.findings, "finding"))\">\(value)</td></tr>"
        }
        return output + "</tbody></table>"
    }

    // MARK: - Risks

    /// The findings grouped by rule: errors first, then by security-severity; notes folded away.
    func risks(_ findings: [Finding], anchor: String, frames: HTMLCodeFrames) -> String {
        guard !findings.isEmpty else { return "" }
        let groups = RiskGroup.groups(findings) { rules[$0] }
        var output = "<h3 id=\"\(anchor)-risks\">Top risks</h3>\n"
        let serious = groups.filter { $0.severity > .note }
        let notes = groups.filter { $0.severity == .note }
        for group in serious { output += ruleGroup(group, anchor: anchor, frames: frames) }
        if !notes.isEmpty {
            let count = notes.map(\.findings.count).reduce(0, +)
            output += "<details class=\"notes\"\(serious.isEmpty ? " open" : "")><summary>"
            output += "\(plural(count, "note")) from \(plural(notes.count, "rule"))</summary>\n"
            for group in notes { output += ruleGroup(group, anchor: anchor, frames: frames) }
            output += "</details>\n"
        }
        return output
    }

    func ruleGroup(_ group: RiskGroup, anchor: String, frames: HTMLCodeFrames) -> String {
        let severity = group.severity.rawValue
        var output =
            "<article class=\"rule \(severity)\" id=\"\(anchor)-\(HTML.escape(group.ruleID.rawValue))\"><header>"
        output += "<span class=\"pill \(severity)\">\(severity)</span>"
        output += "<h4>\(HTML.escape(group.description?.title ?? group.ruleID.rawValue))</h4>"
        output += "<code class=\"id\">\(HTML.escape(group.ruleID.rawValue))</code><span class=\"right\">"
        if let description = group.description {
            output += "security-severity \(SecurityScore.format(description.securitySeverity)) · "
        }
        output += plural(group.findings.count, "finding") + "</span></header>\n"
        if let description = group.description { output += Self.ruleDocumentation(description) }
        let listed = Array(group.findings.prefix(Self.findingsPerRule).enumerated())
        output += "<ol class=\"findings\">"
        for (index, finding) in listed.prefix(Self.openPerRule) {
            output += item(finding, index: index, frames: frames)
        }
        output += "</ol>"
        if listed.count > Self.openPerRule {
            output += "<details class=\"more\"><summary>Show \(listed.count - Self.openPerRule) more</summary>"
            output += "<ol class=\"findings\">"
            for (index, finding) in listed.dropFirst(Self.openPerRule) {
                output += item(finding, index: index, frames: frames)
            }
            output += "</ol></details>"
        }
        if group.findings.count > Self.findingsPerRule {
            output +=
                "<p class=\"truncated\">…and \(group.findings.count - Self.findingsPerRule) more of this rule, "
                + "not listed here to keep the page usable: the text, JSON and SARIF formats have them all.</p>"
        }
        return output + "</article>\n"
    }

    /// One finding: its message, location, code frame (for the first few of a rule) and further places.
    func item(_ finding: Finding, index: Int, frames: HTMLCodeFrames) -> String {
        var output = "<li><p class=\"msg\">\(HTML.escape(finding.message))</p>"
        output += "<p class=\"loc\">\(location(finding.location))</p>"
        if index < Self.framesPerRule { output += frames.frame(finding.location) }
        if !finding.occurrences.isEmpty { output += places(finding.occurrences) }
        return output + "</li>"
    }

    /// `file:line:column`.
    func location(_ node: NodeRef) -> String {
        let position = node.position
        return HTML.escape("\(path(node.file.path)):\(position.line):\(position.column)")
    }

    /// “and N more places”, folded.
    func places(_ occurrences: [NodeRef]) -> String {
        var output = "<details><summary>and \(plural(occurrences.count, "more place"))</summary><ul class=\"places\">"
        for node in occurrences.prefix(Self.placesPerFinding) { output += "<li>\(location(node))</li>" }
        if occurrences.count > Self.placesPerFinding {
            output += "<li>…and \(occurrences.count - Self.placesPerFinding) more</li>"
        }
        return output + "</ul></details>"
    }

    /// The rule's rationale, remediation and references, one click away.
    static func ruleDocumentation(_ description: RuleDescription) -> String {
        var output = "<details class=\"why\"><summary>Why it matters and how to fix it</summary><div>"
        output += "<p>\(HTML.inline(description.summary))</p>"
        output += HTML.markdown(description.rationale)
        output += "<h5>How to fix it</h5>" + HTML.markdown(description.remediation)
        let classifications = description.owasp + description.cwe
        if !classifications.isEmpty || !description.references.isEmpty {
            output += "<h5>References</h5><ul>"
            if !classifications.isEmpty {
                output += "<li>" + HTML.escape(classifications.joined(separator: ", ")) + "</li>"
            }
            for reference in description.references {
                output += "<li>" + HTML.link(reference, text: reference) + "</li>"
            }
            output += "</ul>"
        }
        return output + "</div></details>\n"
    }

    // MARK: - Inventory

    func inventoryTable(_ inventory: Inventory, anchor: String) -> String {
        guard !inventory.rows.isEmpty else { return "" }
        let table = "\(anchor)-inventory"
        var output = "<h3>Inventory</h3>\n"
        output += "<div class=\"filter\" data-filter=\"\(table)\" hidden><input type=\"search\" "
        output +=
            "placeholder=\"Filter by path, method, scheme, scope, data…\" aria-label=\"Filter operations\">"
        output +=
            "<output></output></div>\n<div class=\"scroll\"><table class=\"data sortable\" id=\"\(table)\"><thead><tr>"
        output += "<th>Method</th><th>Path</th><th>Authentication</th><th>Scopes</th><th>Receives</th><th>Returns</th>"
        output +=
            "<th>Rate limit</th><th data-numeric title=\"errors · warnings · notes\">Findings</th></tr></thead><tbody>\n"
        for row in inventory.rows.prefix(Self.rowsPerDocument) { output += Self.inventoryRow(row) }
        output += "</tbody></table></div>\n"
        if inventory.rows.count > Self.rowsPerDocument {
            output +=
                "<p class=\"truncated\">…and \(inventory.rows.count - Self.rowsPerDocument) more operations: "
                + "<code>oasguard inventory --format csv</code> lists them all.</p>\n"
        }
        return output
    }

    static func inventoryRow(_ row: InventoryRow) -> String {
        let counts = row.findings
        var output = "<tr class=\"heat-\(heat(counts))\">"
        output += "<td><span class=\"method \(row.method.rawValue)\">\(row.method.display)</span></td>"
        output += "<td class=\"path\"><code>\(HTML.escape(row.path))</code>"
        var notes: [String] = []
        if let id = row.operationID { notes.append(HTML.escape(id)) }
        if row.isWebhook { notes.append("webhook") }
        if row.deprecated { notes.append("deprecated") }
        if !notes.isEmpty { output += "<small>\(notes.joined(separator: " · "))</small>" }
        output += "</td><td>" + authentication(row) + "</td><td>"
        output +=
            row.scopes.isEmpty
            ? "<span class=\"none\">–</span>"
            : row.scopes.map { "<code>\(HTML.escape($0))</code>" }.joined(separator: " ")
        output +=
            "</td><td>" + dataTags(row.receives, row.receivedClasses) + "</td><td>"
            + dataTags(row.returns, row.returnedClasses) + "</td><td>"
        output +=
            row.rateLimit.isDeclared
            ? HTML.escape(row.rateLimit.kinds.joined(separator: ", ")) : "<span class=\"none\">none</span>"
        output +=
            "</td><td class=\"heat\" data-sort=\"\(counts.error * 1_000_000 + counts.warning * 1_000 + counts.note)\">"
        if counts.total == 0 {
            output += "<span class=\"none\">–</span>"
        } else {
            output += "<span class=\"e\">\(counts.error)</span> · <span class=\"w\">\(counts.warning)</span> · "
            output += "<span class=\"n\">\(counts.note)</span>"
        }
        return output + "</td></tr>\n"
    }

    /// 0 no finding, 1 notes only, 2 one or two warnings, 3 more warnings or one error, 4 several errors.
    static func heat(_ counts: InventoryRow.FindingCounts) -> Int {
        if counts.error >= 2 { return 4 }
        if counts.error == 1 || counts.warning >= 3 { return 3 }
        if counts.warning > 0 { return 2 }
        return counts.note > 0 ? 1 : 0
    }

    /// The alternatives, `or` between them; anonymous access stands out.
    static func authentication(_ row: InventoryRow) -> String {
        if row.authentication.isEmpty { return "<span class=\"anon\">none</span>" }
        return row.authentication.map { alternative in
            alternative.isEmpty
                ? "<span class=\"anon\">anonymous</span>"
                : alternative.map { "\(HTML.escape($0.scheme)) <span class=\"none\">(\(HTML.escape($0.kind)))</span>" }
                    .joined(separator: " + ")
        }.joined(separator: "<br>or ")
    }

    /// One tag per class of data, its field names in the tooltip, each with the number of places when several.
    static func dataTags(_ fields: [SensitiveField], _ classes: [DataClass]) -> String {
        guard !fields.isEmpty else { return "<span class=\"none\">–</span>" }
        return classes.map { dataClass in
            let names = fields.filter { $0.dataClass == dataClass }.map {
                $0.places > 1 ? "\($0.name) ×\($0.places)" : $0.name
            }
            return "<span class=\"tag \(dataClass.rawValue)\" title=\"\(HTML.escape(names.joined(separator: ", ")))\">"
                + dataClass.shortLabel + "</span>"
        }.joined(separator: " ")
    }
}

/// The active findings of one rule in one document, with the rule's documentation.
struct RiskGroup {
    let ruleID: RuleID
    let description: RuleDescription?
    let findings: [Finding]
    /// The highest severity among the findings (overrides may differ from the catalog's).
    var severity: Severity { findings.map(\.severity).max() ?? .note }

    /// Groups by rule: highest severity first, then highest security-severity, then most findings, then rule id.
    static func groups(_ findings: [Finding], description: (RuleID) -> RuleDescription?) -> [RiskGroup] {
        var byRule: [RuleID: [Finding]] = [:]
        for finding in findings { byRule[finding.ruleID, default: []].append(finding) }
        let groups = byRule.map { id, findings in
            RiskGroup(ruleID: id, description: description(id), findings: findings)
        }
        return groups.sorted { lhs, rhs in
            if lhs.severity != rhs.severity { return lhs.severity > rhs.severity }
            let (left, right) = (lhs.description?.securitySeverity ?? 0, rhs.description?.securitySeverity ?? 0)
            if left != right { return left > right }
            if lhs.findings.count != rhs.findings.count { return lhs.findings.count > rhs.findings.count }
            return lhs.ruleID < rhs.ruleID
        }
    }
}
