import Linter
import OpenAPIModel
import RuleEngine
import SourceTree

/// Every operation of one document with its exposure, protection and data, the document's totals and its score.
public struct Inventory: Sendable {
    /// The document's path as shown to the user.
    public let path: String
    /// What the inventory took from the document's model.
    public let outline: InventoryOutline
    /// One row per operation (webhooks included), in document order.
    public let rows: [InventoryRow]
    public let totals: InventoryTotals
    public let score: SecurityScore
    /// The document's findings, suppressed ones included, in output order.
    public let findings: [Finding]

    /// The inventory of a linted document whose model is kept; nil when it did not load. `rules` are the rules of
    /// the run.
    public init?(document: DocumentResult, rules: [RuleCatalog.Entry]) {
        guard let outline = InventoryOutline(document: document) else { return nil }
        self.init(outline: outline, document: document, rules: rules)
    }

    /// The inventory of each document of `run` that loaded, from the outline taken of it (`outlines`, in the order of
    /// `run.documents`; nil for a document that did not load).
    public static func all(of run: LintRun, outlines: [InventoryOutline?]) -> [Inventory] {
        zip(run.documents, outlines).compactMap { document, outline in
            outline.map { Inventory(outline: $0, document: document, rules: run.rules) }
        }
    }

    /// The inventory of a linted document from what was taken of its model while it was alive (`outline`): its
    /// findings are counted now, after a baseline has had its say.
    public init(outline: InventoryOutline, document: DocumentResult, rules: [RuleCatalog.Entry]) {
        path = document.path
        self.outline = outline
        var rows = outline.rows
        for (finding, operations) in zip(document.findings, outline.operationsOfFindings) where finding.isActive {
            for index in operations { rows[index].findings.add(finding.severity) }
        }
        self.rows = rows
        findings = document.findings
        totals = InventoryTotals(rows: rows)
        score = SecurityScore(findings: document.findings, operations: rows.count, rules: rules.map(\.description))
    }
}

/// What an inventory needs of a document's model, taken while the model is alive.
///
/// A run over many documents then keeps no model once its document is linted.
public struct InventoryOutline: Sendable {
    /// `info.title`.
    public let title: String?
    /// `info.version`, the API's own version.
    public let apiVersion: String?
    public let specVersion: SpecVersion
    /// The `openapi` or `swagger` version as written.
    public let versionText: String
    /// One row per operation, no finding counted yet.
    private(set) var rows: [InventoryRow]
    /// For each finding of the document, in order: the operations it is about (none for a finding already
    /// suppressed, which a baseline matched later cannot make count again).
    let operationsOfFindings: [[Int]]

    /// The outline of a linted document; nil when it did not load.
    public init?(document: DocumentResult) {
        guard let model = document.model else { return nil }
        title = model.info?.title
        apiVersion = model.info?.node["version"]?.scalar
        specVersion = model.version
        versionText = model.versionText
        // Attributed first, so that the attribution's tables are gone before the rows and their data flow are made.
        operationsOfFindings = Self.operations(of: document.findings, in: model)
        let flow = DataFlow(api: model)
        rows = model.operations.enumerated().map { index, operation in
            InventoryRow(operation: operation, index: index, api: model, flow: flow)
        }
    }

    /// For each finding, the operations it is about; none for one already suppressed.
    private static func operations(of findings: [Finding], in model: APIModel) -> [[Int]] {
        let attribution = FindingAttribution(api: model)
        return findings.map { $0.isActive ? attribution.operations(of: $0) : [] }
    }
}

extension InventoryOutline: NodeHolder {
    /// Each row's method key and the first place of each sensitive field it receives and returns.
    public var heldNodes: [NodeRef] {
        rows.flatMap { row in [row.node] + row.receives.map(\.node) + row.returns.map(\.node) }
    }

    public func moved(_ move: (NodeRef) -> NodeRef) -> InventoryOutline {
        var moved = self
        for index in moved.rows.indices {
            moved.rows[index].node = move(rows[index].node)
            for field in moved.rows[index].receives.indices {
                moved.rows[index].receives[field].node = move(rows[index].receives[field].node)
            }
            for field in moved.rows[index].returns.indices {
                moved.rows[index].returns[field].node = move(rows[index].returns[field].node)
            }
        }
        return moved
    }
}
