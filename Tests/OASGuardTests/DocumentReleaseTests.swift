import Foundation
import Linter
import Posture
import SourceTree
import Testing

/// Documents linted without keeping their models (`lint` unless it writes HTML, `inventory`); `diff`'s versions.
@Suite struct DocumentReleaseTests {
    let samples = FileManager.default.currentDirectoryPath + "/samples"

    @Test func withoutModelsEachDocumentKeepsTheSummaryAndFindingsOfAKeptModel() throws {
        var options = LintOptions()
        let kept = Linter(options: options).lint(paths: [samples])
        options.keepsModels = false
        let released = Linter(options: options).lint(paths: [samples])
        #expect(kept.documents.count >= 3)
        #expect(released.documents.map(\.path) == kept.documents.map(\.path))
        for (document, reference) in zip(released.documents, kept.documents) {
            #expect(document.model == nil)
            let model = try #require(reference.model, "\(reference.path) loads")
            let summary = try #require(document.summary)
            #expect(summary.versionText == model.versionText)
            #expect(summary.operationCount == model.operations.count)
            #expect(summary.files.map(\.path) == model.files.map(\.path))
            #expect(document.findings.map(\.ruleID) == reference.findings.map(\.ruleID))
            #expect(document.findings.map(\.pointer) == reference.findings.map(\.pointer))
        }
        #expect(released.securityScores.map(\.score.score) == kept.securityScores.map(\.score.score))
    }

    @Test func anInventoryTakenAsEachDocumentFinishesEqualsOneTakenFromKeptModels() throws {
        var options = LintOptions()
        let kept = Linter(options: options).lint(paths: [samples])
        options.keepsModels = false
        let (released, outlines) = Linter(options: options).lint(
            paths: [samples], extracting: InventoryOutline.init(document:))
        #expect(outlines.count == released.documents.count)
        let expected = kept.documents.compactMap { Inventory(document: $0, rules: kept.rules) }
        let inventories = zip(released.documents, outlines).compactMap { document, outline in
            outline.map { Inventory(outline: $0, document: document, rules: released.rules) }
        }
        #expect(expected.count >= 3)
        #expect(released.documents.allSatisfy { $0.model == nil })
        #expect(inventories.map(\.path) == expected.map(\.path))
        for (inventory, reference) in zip(inventories, expected) {
            #expect(inventory.outline.title == reference.outline.title)
            #expect(inventory.outline.versionText == reference.outline.versionText)
            #expect(inventory.rows.map(\.displayName) == reference.rows.map(\.displayName))
            #expect(inventory.rows.map(\.findings) == reference.rows.map(\.findings))
            #expect(inventory.totals == reference.totals)
            #expect(inventory.score.exactScore == reference.score.exactScore)
        }
        #expect(inventories.contains { $0.rows.contains { $0.findings.total > 0 } })
    }

    @Test func aVersionLoadsWithItsNameOrThrows() throws {
        #expect(throws: LoadError.self) {
            try LoadedDocument.load(.file(samples + "/no-such-api.yaml"), options: LintOptions())
        }
        let present = samples + "/secure-banking-api.yaml"
        let loaded = try LoadedDocument.load(.file(present), options: LintOptions())
        #expect(loaded.name.source == .file(present))
        #expect(loaded.model?.operations.isEmpty == false)
    }
}
