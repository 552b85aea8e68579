import Testing

@testable import SourceTree

/// The parse on a second thread (`YAMLLoader.pipelinedBytes` and above) gives the tree and the error that the
/// parse on one thread gives, whichever of libyaml and the tree builder fails first, however far apart.
struct PipelinedLoaderTests {
    /// Enough mapping entries for many batches of events, so the parser fills the ring and waits for the builder.
    static func entries(_ count: Int) -> String {
        (0..<count).map { "  key\($0): {a: [1, 'two', \"three\"], b: &anchor\($0) x}\n" }.joined()
    }

    static let bulk = entries(20_000)

    /// The outcome of parsing `text` with and without the second thread.
    static func outcomes(_ text: String) -> (
        pipelined: Result<SourceFile, LoadError>, serial: Result<SourceFile, LoadError>
    ) {
        let bytes = Array(text.utf8)
        return (
            Result { () throws(LoadError) in
                try YAMLLoader.parse(bytes, path: "big.yaml", limits: .default, pipelinedFrom: 0)
            },
            Result { () throws(LoadError) in
                try YAMLLoader.parse(bytes, path: "big.yaml", limits: .default, pipelinedFrom: .max)
            }
        )
    }

    @Test func aLargeDocumentGivesTheSameTree() throws {
        let (pipelined, serial) = Self.outcomes("top:\n" + Self.bulk + "end: *anchor7\n")
        let (left, right) = (try pipelined.get(), try serial.get())
        #expect(left.nodeCount == right.nodeCount)
        #expect(CanonicalJSON.serialize(left) == CanonicalJSON.serialize(right))
        let last = try #require(left.resolve(tokens: ["top", "key19999", "a", "2"]))
        #expect(left.position(last) == Position(line: 20_001, column: 28))
    }

    /// Documents that fail, and where.
    enum Failure: CaseIterable {
        /// libyaml fails after many batches.
        case parserLate
        /// The builder fails in the first batch, libyaml many batches later: the builder's error counts.
        case builderFirst
        /// The builder fails late, libyaml later still.
        case builderLate
        /// libyaml fails before the event the builder would fail on.
        case parserBeforeBuilder
        /// A second document, then text libyaml cannot parse.
        case secondDocument
        /// Too deep for the builder, then a parse error.
        case tooDeep
        /// libyaml fails on the first event.
        case parserFirst

        var text: String {
            switch self {
            case .parserLate: "top:\n" + bulk + "bad: [\n"
            case .builderFirst: "top:\n  early: *missing\n" + bulk + "bad: [\n"
            case .builderLate: "top:\n" + bulk + "  late: *missing\n" + entries(3) + "bad: [\n"
            case .parserBeforeBuilder: "top:\n" + bulk + "bad: @x\n" + "late: *missing\n"
            case .secondDocument: "a: 1\n---\nb: 2\n" + bulk + "bad: [\n"
            case .tooDeep: String(repeating: "[", count: 600) + "\n" + bulk + "bad: [\n"
            case .parserFirst: "\u{7}" + bulk
            }
        }

        /// What the builder's error says, for the cases where it counts.
        var builderMessage: String? {
            switch self {
            case .builderFirst, .builderLate: "names no anchor"
            case .secondDocument: "more than one YAML document"
            case .tooDeep: "nesting is deeper"
            case .parserLate, .parserBeforeBuilder, .parserFirst: nil
            }
        }
    }

    @Test(arguments: Failure.allCases)
    func errorsAreTheOnesOfTheSerialParse(failure: Failure) {
        let (pipelined, serial) = Self.outcomes(failure.text)
        guard case .failure(let left) = pipelined, case .failure(let right) = serial else {
            Issue.record("both parses should fail")
            return
        }
        #expect(left.description == right.description)
        if let message = failure.builderMessage {
            #expect(left.description.contains(message))
        } else {
            #expect(!left.description.contains("anchor") && !left.description.contains("document"))
        }
    }
}
