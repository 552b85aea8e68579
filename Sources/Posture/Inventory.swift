import Linter
import OpenAPIModel
import RuleEngine

/// Every operation of one document with its exposure, protection and data, the document's totals and its score.
public struct Inventory: Sendable {
    /// The document's path as shown to the user.
    public let path: String
    public let model: APIModel
    /// One row per operation (webhooks included), in document order.
    public let rows: [InventoryRow]
    public let totals: InventoryTotals
    public let score: SecurityScore
    /// The document's findings, suppressed ones included, in output order.
    public let findings: [Finding]

    /// The inventory of a linted document; nil when it did not load. `rules` are the rules of the run.
    public init?(document: DocumentResult, rules: [RuleCatalog.Entry]) {
        guard let model = document.model else { return nil }
        path = document.path
        self.model = model
        let flow = DataFlow(api: model)
        var rows = model.operations.enumerated().map { index, operation in
            InventoryRow(operation: operation, index: index, api: model, flow: flow)
        }
        let attribution = FindingAttribution(api: model)
        for finding in document.findings where finding.isActive {
            for index in attribution.operations(of: finding) { rows[index].findings.add(finding.severity) }
        }
        self.rows = rows
        findings = document.findings
        totals = InventoryTotals(rows: rows)
        score = SecurityScore(
            findings: document.findings, operations: model.operations.count, rules: rules.map(\.description))
    }
}
