import RuleEngine
import SourceTree
import Testing

@testable import Linter
@testable import Reporters

/// What follows the rules of a document: the order of a grouped finding's places, and the pieces a report's items are
/// written in.
@Suite struct LintTailTests {
    /// Places sort as a stable sort by file path, then position, would sort them.
    @Test func placesSortByPathThenPositionKeepingEqualOnesInOrder() throws {
        let text = "a: {b: 1, c: [2, 3]}\nd: 4\n"
        let files = [try TestSupport.parse(text, path: "z.yaml"), try TestSupport.parse(text, path: "m.yaml")]
        let nodes = files.flatMap { file in
            ["a", "a/b", "a/c", "a/c/0", "a/c/1", "d"].map { path in
                NodeRef(file, file.resolve(tokens: path.split(separator: "/").map(String.init))!)
            }
        }
        // Each place twice, scrambled, so that equal places must keep their order.
        let places = (nodes + nodes).indices.map { (nodes + nodes)[$0 * 5 % (2 * nodes.count)] }
        let expected = places.indices.sorted { left, right in
            let lhs = places[left]
            let rhs = places[right]
            if lhs.file.path != rhs.file.path { return lhs.file.path < rhs.file.path }
            return lhs.position != rhs.position ? lhs.position < rhs.position : left < right
        }
        var sorted = places
        sorted.sortByPlace()
        #expect(sorted == expected.map { places[$0] })
        #expect(sorted.first?.file.path == "m.yaml")
    }

    /// A run's findings are read in place: a suppressed finding counts for no check, and one document's findings are
    /// its own list.
    @Test func onlyActiveFindingsCountAndOneDocumentsFindingsAreItsOwn() {
        let document = Linter().lint(
            text: """
                openapi: 3.0.3
                info: {title: T, version: '1'}
                servers:
                  - url: http://one.example.com
                    x-oasguard-ignore: server-url-plain-http
                paths: {}
                """, path: "t.yaml")
        let run = LintRun(documents: [document], inputErrors: [], rules: [])
        let plainHTTP = { (finding: Finding) in finding.ruleID.rawValue == "server-url-plain-http" }
        #expect(run.findings.contains(where: plainHTTP))
        #expect(!run.containsActiveFinding(where: plainHTTP))
        #expect(run.containsActiveFinding { _ in true } == !run.activeFindings.isEmpty)
        #expect(run.activeFindings.map(\.message) == run.findings.filter(\.isActive).map(\.message))
        let shared = run.findings.withUnsafeBufferPointer { $0.baseAddress }
        #expect(shared == document.findings.withUnsafeBufferPointer { $0.baseAddress })
    }

    /// A block's causes are the same found on both cores (from `FindingGrouping.twoCoreBlock` findings) as on one:
    /// parameters written alike share a cause, and the two cores' unit caches give what one cache gives.
    @Test(arguments: [FindingGrouping.twoCoreBlock - 1, FindingGrouping.twoCoreBlock, 1_500])
    func causesOnBothCoresAreThoseOnOne(count: Int) throws {
        let parameters = (0..<count).map { index in
            "      - {name: p\(index % 7), in: query, schema: {type: \(index % 3 == 0 ? "integer" : "string")}}\n"
        }
        let text = "openapi: 3.0.3\npaths:\n  /a:\n    get:\n      parameters:\n" + parameters.joined()
        let file = try TestSupport.parse(text, path: "t.yaml")
        let list = try #require(file.resolve(tokens: ["paths", "/a", "get", "parameters"]))
        let findings = (0..<count).map { index in
            let name = file.resolve(tokens: ["paths", "/a", "get", "parameters", String(index), "name"])!
            return Finding(
                ruleID: "r", severity: .warning, message: "m", location: NodeRef(file, name),
                cause: index % 11 == 0 ? "given" : nil)
        }
        #expect(NodeRef(file, list).items.count == count)
        var halves = [FindingCauses(), FindingCauses()]
        let found = FindingCauses.causes(of: findings, last: count, &halves)
        var one = FindingCauses()
        let expected = findings.indices.reversed().map {
            one.cause(given: findings[$0].cause, at: findings[$0].location)
        }
        #expect(found == expected)
        #expect(Set(expected).count < count / 2)
    }

    /// The items of a report are split into as few runs of at most two pieces' worth as can hold them, of sizes
    /// that differ by one at most, in order and without a gap.
    @Test(arguments: [1, itemsPerPiece, itemsPerPiece + 1, 2 * itemsPerPiece, 2 * itemsPerPiece + 1, 5305])
    func pairedPiecesAreEvenAndCoverEveryItem(count: Int) {
        let runs = pairedPieces(count: count)
        #expect(runs.count == (count + 2 * itemsPerPiece - 1) / (2 * itemsPerPiece))
        #expect(runs.first?.lowerBound == 0 && runs.last?.upperBound == count)
        #expect(zip(runs, runs.dropFirst()).allSatisfy { $0.upperBound == $1.lowerBound })
        #expect(runs.allSatisfy { $0.count <= 2 * itemsPerPiece })
        let sizes = runs.map(\.count)
        #expect(sizes.max()! - sizes.min()! <= 1)
    }
}
