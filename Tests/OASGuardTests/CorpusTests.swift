import Foundation
import Testing

/// The shared corpus: the documents that must fail to load are exactly those listed, for the reason given.
@Suite(.serialized) struct CorpusTests {
    static let expected: [(file: String, message: String)] = {
        let path = TestSupport.packageRoot + "/scripts/corpus-expected-errors.tsv"
        let text = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
        return text.split(separator: "\n").map { line in
            let fields = line.split(separator: "\t", maxSplits: 1).map(String.init)
            return (fields[0], fields.count > 1 ? fields[1] : "")
        }
    }()

    @Test func theListIsNotEmptyAndEachEntryHasAReason() {
        #expect(!Self.expected.isEmpty)
        for entry in Self.expected { #expect(!entry.message.isEmpty, "\(entry.file)") }
    }

    @Test(.requiresCorpus, arguments: expected.map(\.file))
    func eachListedFileFailsForItsReason(file: String) throws {
        let path = TestSupport.corpus + "/" + file
        try #require(FileManager.default.fileExists(atPath: path), "the shared corpus is not next to the repository")
        let outcome = try TestSupport.run(["lint", path])
        #expect(outcome.status == 2)
        let reason = try #require(Self.expected.first { $0.file == file }?.message)
        #expect(outcome.stderr.contains(":1:1: error: \(reason)"), "\(outcome.stderr)")
    }
}
