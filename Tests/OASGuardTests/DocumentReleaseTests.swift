import Foundation
import Posture
import Testing

@testable import Linter
@testable import SourceTree

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

    @Test func findingsOnCompactedFilesReportWhatTheyReportOnWholeTrees() throws {
        var options = LintOptions()
        options.keepsModels = false
        let whole = Linter(options: options).lint(paths: [samples])
        options.keepsSourceTrees = false
        let compact = Linter(options: options).lint(paths: [samples])
        #expect(compact.documents.map(\.path) == whole.documents.map(\.path))
        #expect(compact.findings.count == whole.findings.count)
        #expect(compact.findings.contains { !$0.occurrences.isEmpty })
        #expect(compact.documents.contains { ($0.summary?.files.count ?? 0) > 1 })
        for (finding, reference) in zip(compact.findings, whole.findings) {
            #expect(finding.ruleID == reference.ruleID && finding.message == reference.message)
            #expect(finding.suppression?.justification == reference.suppression?.justification)
            for (place, original) in zip(finding.places, reference.places) {
                expectSamePlace(place, original)
            }
        }
        for (document, reference) in zip(compact.documents, whole.documents) {
            let files = try #require(document.summary?.files)
            let originals = try #require(reference.summary?.files)
            #expect(files.map(\.path) == originals.map(\.path))
            for (file, original) in zip(files, originals) {
                #expect(file !== original)
                #expect(file.nodeCount < original.nodeCount)
                #expect(file.bytes.count < original.bytes.count)
                #expect(SourceLines(file).count == SourceLines(original).count)
            }
        }
    }

    @Test func onlyALargeDocumentLintedAloneKeepsItsTrees() {
        #expect(Linter.keepsTrees(ofDocumentOf: YAMLLoader.splitBytes, among: 1))
        #expect(Linter.keepsTrees(ofDocumentOf: 9_000_000, among: 1))
        #expect(!Linter.keepsTrees(ofDocumentOf: YAMLLoader.splitBytes - 1, among: 1))
        #expect(!Linter.keepsTrees(ofDocumentOf: YAMLLoader.splitBytes, among: 2))
        #expect(!Linter.keepsTrees(ofDocumentOf: 0, among: 1))
    }

    @Test func aSmallDocumentLintedAloneMovesOntoCompactedCopiesAsInADirectory() throws {
        var options = LintOptions()
        options.keepsModels = false
        options.keepsSourceTrees = false
        let name = "insecure-payments-api.yaml"
        let alone = Linter(options: options).lint(paths: [samples + "/" + name])
        let together = Linter(options: options).lint(paths: [samples])
        let lone = try #require(alone.documents.first)
        let member = try #require(together.documents.first { $0.path.hasSuffix("/" + name) })
        let loneFile = try #require(lone.summary?.files.first)
        let memberFile = try #require(member.summary?.files.first)
        let whole = try YAMLLoader.parse(FileReader.read(path: samples + "/" + name, maxBytes: 1 << 20), path: name)
        #expect(alone.documents.count == 1)
        #expect(loneFile.nodeCount == memberFile.nodeCount && loneFile.nodeCount < whole.nodeCount)
        #expect(lone.rootLines == nil)
        #expect(lone.findings.count == member.findings.count && !lone.findings.isEmpty)
        for (finding, reference) in zip(lone.findings, member.findings) {
            #expect(finding.ruleID == reference.ruleID && finding.message == reference.message)
            for (place, original) in zip(finding.places, reference.places) { expectSamePlace(place, original) }
        }
    }

    @Test(arguments: [
        "\u{FEFF}a:\r\n  - x\r\n  - [y, {z: é}]\r\n? [k]\n: v\nlast: [1, 2, 3, 'w/~']",
        "a:\n  - x\n  - [y, {z: é}]\n? [k]\n: v\n\nlast: [1, 2, 3, 'w/~', 'a longer line than eight bytes']\n",
        "a:\n  - x\n  - [y, {z: w}]\n? [k]\n: v\n\nlast: [1, 2, 3, 'w/~']",
        "\u{FEFF}a:\n  - x\n  - [y, {z: w}]\n? [k]\n: v\n\nlast: [1, 2, 3, 'w/~', 'a longer line than eight bytes']\n",
    ])
    func aCompactedFileKeepsPlacesInSequencesUnderCollectionKeysAndOnLastLines(text: String) throws {
        let file = try YAMLLoader.parse(Array(text.utf8), path: "compact.yaml")
        var all: [NodeID] = []
        func walk(_ node: NodeID) {
            all.append(node)
            for entry in file.entries(node) {
                walk(entry.key)
                walk(entry.value)
            }
            for item in file.items(node) { walk(item) }
        }
        walk(try #require(file.root))
        #expect(all.count > 15)
        for kept in [all, all.filter { $0.index % 3 == 0 }, [all.last!], []] {
            let (copy, ids) = file.compacted(keeping: kept)
            #expect(ids.count == Set(kept).count)
            let lines = SourceLines(copy)
            let originalLines = SourceLines(file)
            #expect(lines.count == originalLines.count)
            for node in kept {
                let moved = try #require(ids[node])
                expectSamePlace(NodeRef(copy, moved), NodeRef(file, node))
                let line = file.position(node).line
                #expect(lines.text(line) == originalLines.text(line))
                #expect(lines.length(line) == originalLines.length(line))
            }
        }
    }

    /// Line feeds that share an eight-byte word, or end one, start lines where a byte-by-byte scan says they do.
    @Test(arguments: [
        "a\n\nb\n\n\nc", "\n\n\n\n\n\n\n\n", "abcdefg\n", "abcdefg\nabcdefg\n\n", "12345678\n\n1234567\n",
    ])
    func lineStartsAreThoseOfAByteByByteScan(text: String) {
        let bytes = Array(text.utf8)
        let index = bytes.withUnsafeBufferPointer(LineIndex.init)
        let expected = [UInt32(0)] + bytes.indices.filter { bytes[$0] == UInt8(ascii: "\n") }.map { UInt32($0 + 1) }
        #expect(index.starts == expected)
        #expect(index.breaksAreLineFeeds)
    }

    /// A carriage return anywhere, in a word of ASCII or after it, is seen by the index that compaction asks.
    @Test(arguments: ["a\r\nb", "abcdefgh\rij", "abcdefghijklmnop\r\n", "é\r"])
    func aCarriageReturnIsNoLineFeedOnlyText(text: String) {
        let index = Array(text.utf8).withUnsafeBufferPointer(LineIndex.init)
        #expect(!index.breaksAreLineFeeds)
    }

    @Test(arguments: [
        "", "a", "a\n", "\n\nab\ncd", "\u{FEFF}x: 1\n\ny: [2, 3]\nz: a longer line than eight bytes\n",
        "x\n  - [a longer line than eight bytes]\n\nlast\n\n",
        "é\nà: ü\n\u{FEFF}\nplain ascii line\n😀😀 two emoji\nend", "\u{FEFF}ß\n\nlong line with ü in it: ✓\nx",
        "a\u{2028}b\nc\u{85}d\n",
    ])
    func theLinesOfLineFeedTextAreKeptAsWhenEveryLineIsRead(text: String) {
        let bytes = Array(text.utf8)
        let index = bytes.withUnsafeBufferPointer(LineIndex.init)
        let lineCount = index.starts.count
        #expect(lineCount == text.utf8.filter { $0 == UInt8(ascii: "\n") }.count + 1)
        for shown in [
            [], Array(1...lineCount), [1], [lineCount], [lineCount, lineCount + 1],
            Array(stride(from: 1, through: lineCount, by: 2)),
        ] {
            let kept = SourceFile.lines(shown, ofLineFeedText: bytes, index: index)
            #expect(kept == SourceFile.lines(shown, of: bytes), "\(shown)")
        }
    }

    /// A line's byte offset is where the byte after its line feed is, whatever characters come before it.
    @Test(arguments: [
        "a: 1\nb: 2\n", "key: value\n" + String(repeating: "é ü 😀 line\n", count: 9) + "tail",
        "\u{FEFF}ß\n\nlong line with ü in it: ✓\nx", "a\u{2028}b\nc\u{85}d\n\n∑", "no line feed: ü",
    ])
    func aLineStartsAtTheByteAfterTheLineFeedBeforeIt(text: String) {
        let bytes = Array(text.utf8)
        let index = bytes.withUnsafeBufferPointer(LineIndex.init)
        let first = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        let expected = [first] + bytes.indices.filter { bytes[$0] == UInt8(ascii: "\n") }.map { $0 + 1 }
        #expect(index.starts.indices.map(index.byteOffset(ofLine:)) == expected)
    }

    /// What reports read of a place: file, position, extent, kind, pointer.
    func expectSamePlace(_ place: NodeRef, _ original: NodeRef) {
        #expect(place.file.path == original.file.path)
        #expect(place.position == original.position)
        #expect(place.file.span(place.node) == original.file.span(original.node))
        #expect(place.pointer == original.pointer)
        #expect(place.kind == original.kind)
        #expect(place.file.isKey(place.node) == original.file.isKey(original.node))
    }

    @Test func inventoryRowsMoveWithTheFindingsOntoCompactedFiles() throws {
        var options = LintOptions()
        options.keepsModels = false
        let (whole, wholeOutlines) = Linter(options: options).lint(
            paths: [samples], extracting: InventoryOutline.init(document:))
        options.keepsSourceTrees = false
        let (compact, compactOutlines) = Linter(options: options).lint(
            paths: [samples], extracting: InventoryOutline.init(document:))
        let inventories = zip(compact.documents, compactOutlines).compactMap { document, outline in
            outline.map { Inventory(outline: $0, document: document, rules: compact.rules) }
        }
        let expected = zip(whole.documents, wholeOutlines).compactMap { document, outline in
            outline.map { Inventory(outline: $0, document: document, rules: whole.rules) }
        }
        #expect(inventories.count == expected.count)
        #expect(inventories.contains { $0.rows.contains { !$0.receives.isEmpty || !$0.returns.isEmpty } })
        for (inventory, reference) in zip(inventories, expected) {
            #expect(inventory.rows.map(\.findings) == reference.rows.map(\.findings))
            for (row, original) in zip(inventory.rows, reference.rows) {
                #expect(row.node.file !== original.node.file)
                expectSamePlace(row.node, original.node)
                for (field, originalField) in zip(row.receives + row.returns, original.receives + original.returns) {
                    expectSamePlace(field.node, originalField.node)
                }
            }
        }
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
