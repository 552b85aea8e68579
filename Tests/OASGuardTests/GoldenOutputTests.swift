import Foundation
import Testing

/// Reports compared byte for byte with what the reference build wrote (`scripts/golden-output`), so a change
/// meant to keep output the same (a faster reporter, a refactor) cannot alter it unnoticed.
struct GoldenOutputTests {
    /// One report: its golden file's name and the arguments that produce it, run in the package root.
    struct Case: CustomTestStringConvertible, Sendable {
        let name: String
        let arguments: [String]
        var testDescription: String { name }
    }

    static let golden = TestSupport.fixtures + "/golden"

    /// The cases of `Fixtures/golden/cases.tsv`.
    static let cases: [Case] = {
        let text = (try? String(contentsOfFile: golden + "/cases.tsv", encoding: .utf8)) ?? ""
        return text.split(separator: "\n").filter { !$0.hasPrefix("#") }.map { line in
            let fields = line.split(separator: "\t", maxSplits: 1)
            return Case(
                name: String(fields[0]),
                arguments: fields.count > 1 ? fields[1].split(separator: " ").map(String.init) : [])
        }
    }()

    @Test func casesAreListed() {
        #expect(Self.cases.count >= 60)
    }

    @Test(arguments: cases)
    func reportIsUnchanged(_ report: Case) throws {
        let expected = try Data(contentsOf: URL(fileURLWithPath: Self.golden + "/" + report.name))
        let outcome = try TestSupport.run(report.arguments, environment: ["NO_COLOR": "1"])
        let actual = outcome.stdout.replacingOccurrences(of: TestSupport.packageRoot, with: "$ROOT")
        guard Array(actual.utf8) != Array(expected) else { return }
        let expectedLines = String(decoding: expected, as: UTF8.self).split(
            separator: "\n", omittingEmptySubsequences: false)
        let actualLines = actual.split(separator: "\n", omittingEmptySubsequences: false)
        let first =
            zip(expectedLines, actualLines).enumerated().first { $0.element.0 != $0.element.1 }?.offset
            ?? min(expectedLines.count, actualLines.count)
        Issue.record(
            """
            \(report.name) differs from its golden file at line \(first + 1):
            expected: \(first < expectedLines.count ? String(expectedLines[first]) : "(end)")
            actual:   \(first < actualLines.count ? String(actualLines[first]) : "(end)")
            """)
    }
}
