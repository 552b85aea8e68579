import RuleEngine
import SourceTree
import Testing

/// A finding's size (a document's findings are held by the ten thousand) and its out-of-line suppression.
struct FindingTests {
    @Test func aFindingTakesEightyBytes() {
        #expect(MemoryLayout<Finding>.stride <= 80)
    }

    @Test func aSuppressionIsKeptByCopiesAndCanBeTakenOff() throws {
        let file = try TestSupport.parse("a: 1\n")
        var finding = Finding(
            ruleID: "unbounded-string", severity: .warning, message: "m", location: NodeRef(file, file.root!))
        #expect(finding.isActive && finding.suppression == nil)
        finding.suppression = Suppression(kind: .inSource, justification: "reviewed")
        let copy = finding
        finding.suppression = nil
        #expect(copy.suppression == Suppression(kind: .inSource, justification: "reviewed") && !copy.isActive)
        #expect(finding.isActive && finding.suppression == nil)
    }
}
