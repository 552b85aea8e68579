import RuleEngine
import SourceTree
import Testing

@testable import Linter

/// The index sort of findings (`sortByPlace`) against the one definition of their order, `Finding.precedes`.
@Suite struct FindingOrderTests {
    /// Findings at every node of two files, under three rules with two messages each, in a scrambled order.
    static func findings() throws -> [Finding] {
        let text = "a: {b: 1, c: [2, 3]}\nd: 4\n"
        // The file read second has the path that sorts first.
        let files = [try TestSupport.parse(text, path: "z.yaml"), try TestSupport.parse(text, path: "m.yaml")]
        let nodes = files.flatMap { file in
            ["a", "a/b", "a/c", "a/c/0", "a/c/1", "d"].map { path in
                NodeRef(file, file.resolve(tokens: path.split(separator: "/").map(String.init))!)
            }
        }
        var findings: [Finding] = []
        for rule in ["unbounded-string", "api-key-in-query", "server-url-plain-http"] {
            for message in ["second", "first", "second"] {
                for node in nodes {
                    findings.append(
                        Finding(ruleID: RuleID(rule), severity: .warning, message: message, location: node))
                }
            }
        }
        // A fixed shuffle, so that neither file nor rule comes in order.
        return findings.indices.map { findings[$0 * 7 % findings.count] }
    }

    @Test func theIndexSortOrdersAsPrecedesDoesAndKeepsEqualFindingsInTheirOrder() throws {
        let findings = try Self.findings()
        let expected = findings.indices.sorted { left, right in
            if Finding.precedes(findings[left], findings[right]) { return true }
            if Finding.precedes(findings[right], findings[left]) { return false }
            return left < right
        }
        var sorted = findings
        sorted.sortByPlace()
        #expect(sorted.count == expected.count)
        for (finding, index) in zip(sorted, expected) {
            let wanted = findings[index]
            #expect(finding.file === wanted.file && finding.location == wanted.location)
            #expect(finding.ruleID == wanted.ruleID && finding.message == wanted.message)
        }
    }
}
