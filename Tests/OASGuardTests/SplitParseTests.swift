import Foundation
import Platform
import Testing

@testable import SourceTree

/// A large block-style file parsed in two parts at once (`TextSplit`, `YAMLLoader.parsedInHalves`) gives the tree,
/// node for node, and the error that the parse of the whole gives.
struct SplitParseTests {
    /// The outcome of parsing `text` in two parts (forced at any size) and whole, the whole on one thread or two.
    static func outcomes(_ text: String, pipelined: Bool = false) -> (
        split: Result<SourceFile, LoadError>, whole: Result<SourceFile, LoadError>
    ) {
        let bytes = Array(text.utf8)
        let threshold = pipelined ? 0 : Int.max
        return (
            Result { () throws(LoadError) in
                try YAMLLoader.parse(bytes, path: "big.yaml", limits: .default, pipelinedFrom: threshold, splitFrom: 0)
            },
            Result { () throws(LoadError) in
                try YAMLLoader.parse(
                    bytes, path: "big.yaml", limits: .default, pipelinedFrom: threshold, splitFrom: .max)
            }
        )
    }

    /// What differs between two trees, or nil when they are the same in every stored part.
    static func difference(_ left: SourceFile, _ right: SourceFile) -> String? {
        if left.root != right.root { return "root" }
        if left.nodes.count != right.nodes.count { return "node count \(left.nodes.count) vs \(right.nodes.count)" }
        if let node = left.nodes.indices.first(where: { left.nodes[$0] != right.nodes[$0] }) {
            return "node \(node): \(left.nodes[node]) vs \(right.nodes[node])"
        }
        if left.children != right.children { return "children" }
        if left.scalarText.copies != right.scalarText.copies { return "copied scalar text" }
        if left.longEnds != right.longEnds { return "long ends" }
        if left.collectionKeys != right.collectionKeys { return "collection keys" }
        if left.farParents != right.farParents { return "far parents" }
        if left.duplicateKeys.map(\.first) != right.duplicateKeys.map(\.first)
            || left.duplicateKeys.map(\.duplicate) != right.duplicateKeys.map(\.duplicate)
        {
            return "duplicate keys"
        }
        if left.referenceNodes != right.referenceNodes { return "reference nodes" }
        if left.suppressionNodes != right.suppressionNodes { return "suppression nodes" }
        return nil
    }

    /// Documents whose root keys divide them, each with something that crosses or ends at the split.
    static let documents: [String: String] = [
        "plain": "a:\n  x: 1\n  y: [1, 2]\nb:\n  z: {k: v}\nc: 3\n",
        "anchors in the second part": "a: 1\nb: 2\nc: &x {k: v}\nd: *x\n",
        "an alias of an anchor in the first part": "a: &x {k: v}\nb: 1\nc: 2\nd: *x\n",
        "a root key repeated across the parts": "a: 1\nb: 2\nc: 3\na: 4\n",
        "a merge key at the root": "a: 1\nb: 2\nc: 3\nbase: &b {x: 1}\n<<: *b\n",
        "a $ref and a suppression at the root": "a: 1\nb: 2\nc: 3\n$ref: '#/a'\nx-oasguard-ignore: [r]\n",
        "characters beyond ASCII before the split": "a: é€😀\nb: ü\nc: 1\nd: [ß]\n",
        "carriage returns": "a: 1\r\nb:\r\n  k: v\r\nc: 3\r\nd: 4\r\n",
        "a byte-order mark": "\u{FEFF}a: 1\nb: 2\nc: 3\nd: 4\n",
        "block scalars ending at the split": "a: |\n  text\n\nb: |+\n  kept\n\n\nc: >-\n  folded\n  lines\nd: 1\n",
        "a quoted scalar across the split": "a: 1\nb: \"x\nc: y\"\nd: 2\n",
        "comments and blank lines": "# head\n\na: 1 # note\n\n# between\nb: 2\n\nc: 3\n# tail\n",
        "a collection key in the second part": "a: 1\nb: 2\nc: 3\nd: 4\ne:\n  ? [k1, k2]\n  : v\n",
        "long scalars in both parts": "a: '" + String(repeating: "x", count: 70_000) + "'\nb: '"
            + String(repeating: "y", count: 70_000) + "'\n",
        "sequences at column 0": "a:\n- 1\n- 2\nb:\n- k: v\n  w: 2\nc: 3\n",
        "a document end": "a: 1\nb: 2\nc: 3\n...\n",
        "JSON split in the root": "{\"a\": 1,\n \"b\": [1, 2],\n \"c\": {\"d\": \"e\"},\n \"f\": 3}\n",
        "JSON split in a root member's object":
            "{\"info\": {\"t\": 1},\n \"paths\": {\"/a\": {\"get\": {}}, \"/b\": {\"x\": \"y\"}, \"/c\": {},"
            + " \"/d\": [1]}, \"z\": []}\n",
        "JSON escapes before the split":
            "{\"k\\u00e9\": \"a \\\" b \\\\\", \"q\": \"\\\\\", \"r\": \"é\\n\", \"s\": {\"t\": 1}, \"u\": 2}",
        "JSON sample data reopened":
            "{\"a\": 1, \"example\": {\"x\": {\"$ref\": \"#/a\"}, \"y\": {\"$ref\": \"#/b\"}, \"z\": {\"w\": 3}}}",
        "JSON properties reopened":
            "{\"x\": 1, \"properties\": {\"example\": {\"a\": 1}, \"b\": {\"c\": 2}, \"d\": {\"e\": 3}}}",
        "JSON key beyond ASCII reopened":
            "{\"i\": \"é\", \"пути\": {\"/a\": \"ü\", \"/b\": 2, \"/c\": 3, \"/d\": 4, \"/e\": 5}}",
        "JSON key repeated across the parts": "{\"i\": 0, \"p\": {\"/a\": 1, \"/b\": 2, \"/c\": 3, \"/a\": 4}}",
        "JSON $ref in the reopened object": "{\"i\": 0, \"p\": {\"/a\": 1, \"/b\": 2, \"$ref\": \"#/i\", \"/c\": 3}}",
        "a document start marker": "---\na: 1\nb: 2\nc: 3\nd: 4\n",
    ].merging(nestedDocuments) { first, _ in first }

    /// Block-style documents whose middle lies one or two mappings below the root, split there.
    static let nestedDocuments: [String: String] = [
        "YAML split one down": "a: 1\nb:\n  c: 1\n  d: [1, 2]\n  e: {k: v}\n  f: 4\n  g: 5\nh: 2\n",
        "YAML split two down":
            "info:\n  t: 1\ncomponents:\n  schemas:\n    A:\n      type: object\n    B:\n      type: string\n"
            + "    C:\n      type: integer\n    D: {}\n  other: {k: v}\nz: [0]\n",
        "YAML split in the last root value": "a: 1\nr:\n  b: 1\n  c: 2\n  d: 3\n  e: 4\n  f: 5",
        "YAML block scalars ending at a nested split":
            "x:\n  a: |\n    text\n\n  b: |+\n    kept\n\n\n  c: >-\n    folded\n  d: 1\n  e: 2\n",
        "YAML empty values before a nested split": "r:\n  a:\n  b:\n  ? c\n  d:\n  e:\n  f:\n",
        "YAML comments and blank lines at a nested split":
            "r:\n  a: 1\n\n  # note\n  b: 2 # c\n#   d: 9\n  c: 3\n\n  d: 4\n  e: 5\n",
        "YAML a mapping indented further than its parent's": "r:\n  a:\n      x: 1\n      y: 2\n      z: 3\n  b: 1\n",
        "YAML characters beyond ASCII before a nested split": "r:\n  a: é€😀\n  b: ü\n  c: 1\n  d: [ß]\n  e: 2\n",
        "YAML sample data reopened": "a: 1\nexample:\n  x: {$ref: '#/a'}\n  y:\n    $ref: '#/b'\n  z: {w: 3}\n  v: 1\n",
        "YAML key beyond ASCII reopened": "i: 1\npé:\n  /a: ü\n  b: 2\n  c: 3\n  d: 4\n  e: 5\n",
        "YAML a quoted scalar across a nested split": "r:\n  a: 1\n  b: \"x\n  c: y\"\n  d: 2\n  e: 3\n",
        "YAML a flow collection across a nested split": "r:\n  a: 1\n  b: {x: 1,\n  c: 2}\n  d: 2\n  e: 3\n",
        "YAML a parent line inside a quoted scalar":
            "r:\n  a: \"text\nx:\n  more\"\n  b:\n    c: 1\n    d: 2\n    e: 3\n    f: 4\n    g: 5\n",
        "YAML an alias in the second part": "r:\n  a: 1\n  b: 2\n  c: &x {k: v}\n  d: *x\n  e: 1\n",
        "YAML one mapping under the root": "a:\n  b: 1\n  c: 2\n  d: 3\n",
        "YAML two mappings under the root": "a:\n  b:\n    c: 1\n    d: 2\n    e: 3\n",
        "YAML a key repeated across the parts": "r:\n  a: 1\n  b: 2\n  c: 3\n  a: 4\n  e: 5\n",
        "YAML a merge key in the reopened mapping": "r:\n  a: 1\n  b: 2\n  c: 3\n  d: 4\n  <<: {m: 1}\n",
        "YAML a $ref in the reopened mapping": "i: 0\np:\n  a: 1\n  b: 2\n  c: 3\n  $ref: '#/i'\n",
    ]

    /// The documents whose parts cannot join, so the whole is parsed.
    static let joinless: Set = [
        "an alias of an anchor in the first part", "a quoted scalar across the split",
        "JSON key repeated across the parts", "JSON $ref in the reopened object",
        "YAML a quoted scalar across a nested split", "YAML a flow collection across a nested split",
        "YAML a parent line inside a quoted scalar", "YAML an alias in the second part",
        "YAML a key repeated across the parts",
        "YAML a merge key in the reopened mapping", "YAML a $ref in the reopened mapping",
    ]

    /// The tree of `text` parsed in two parts, or nil when it was not.
    static func halves(_ text: [UInt8]) -> SourceFile? {
        YAMLLoader.parsedInHalves(
            text, path: "big.yaml", limits: .default, lines: text.withUnsafeBufferPointer(LineIndex.init))
    }

    @Test(arguments: documents.keys.sorted(), [false, true])
    func givesTheTreeOfTheWhole(name: String, pipelined: Bool) throws {
        let text = Self.documents[name]!
        #expect((Self.halves(Array(text.utf8)) == nil) == Self.joinless.contains(name))
        let (split, whole) = Self.outcomes(text, pipelined: pipelined)
        let (left, right) = (try split.get(), try whole.get())
        #expect(Self.difference(left, right) == nil, "\(name): \(Self.difference(left, right) ?? "")")
        #expect(CanonicalJSON.serialize(left) == CanonicalJSON.serialize(right))
    }

    /// The first part must end where the second starts, so a split is found in these.
    @Test func aSplitIsFoundAtARootKeyNearTheMiddle() throws {
        let text = Array("a: 1\nb: 2\nc:\n  d: 3\ne: 4\n".utf8)
        let split = try #require(
            text.withUnsafeBufferPointer { bytes in
                TextSplit.find(in: bytes, lines: LineIndex(bytes))
            })
        #expect(split.secondStart == 10)
        #expect(split.secondStartCharacter == 10)
        #expect(split.depth == 1)
        let unicode = Array("a: é\nb: 2\nc: 3\n".utf8)
        let unicodeSplit = try #require(
            unicode.withUnsafeBufferPointer { TextSplit.find(in: $0, lines: LineIndex($0)) })
        #expect(unicodeSplit.secondStart == 6)
        #expect(unicodeSplit.secondStartCharacter == 5)
        let json = Array("{\"info\": {\"t\": 1},\n \"paths\": {\"/a\": 1, \"/b\": 2, \"/c\": 3, \"/d\": 4}}\n".utf8)
        let jsonSplit = try #require(json.withUnsafeBufferPointer { TextSplit.find(in: $0, lines: LineIndex($0)) })
        #expect(jsonSplit.depth == 2)
        #expect(json[jsonSplit.firstEnd] == UInt8(ascii: ","))
        #expect(jsonSplit.secondPrefix == Array("{\"paths\":{".utf8))
        #expect(jsonSplit.firstSuffix == Array("}}".utf8))
    }

    /// Each nested document is split below its root, where its middle lies.
    @Test(arguments: nestedDocuments.keys.sorted())
    func aNestedDocumentSplitsBelowTheRoot(name: String) throws {
        let text = Array(Self.nestedDocuments[name]!.utf8)
        let split = try #require(text.withUnsafeBufferPointer { TextSplit.find(in: $0, lines: LineIndex($0)) })
        #expect(split.depth > 1)
        #expect(split.columns.count == split.depth)
    }

    /// A reopened mapping of 65,535 members or more once joined (Datadog repeated eight times: 69,960 schemas) keeps
    /// its count before its members, as the whole parse does, instead of making the whole text parse again; so does
    /// one that follows it. Each part alone stays under the long count.
    @Test func aReopenedMappingJoinsPastTheLongCount() throws {
        func entries(_ count: Int, prefix: String) -> String {
            (0..<count).map { "    \(prefix)\($0): 1\n" }.joined()
        }
        for count in [65_534, 65_535, 70_000] {
            let text = "i: 1\nc:\n  s:\n" + entries(count, prefix: "k") + "  t:\n" + entries(3, prefix: "m") + "z: 2\n"
            let bytes = Array(text.utf8)
            let parts = Self.halves(bytes)
            let split = try #require(parts, "\(count) members: the parts did not join")
            let whole = try YAMLLoader.parse(
                bytes, path: "big.yaml", limits: .default, pipelinedFrom: .max, splitFrom: .max)
            #expect(Self.difference(split, whole) == nil, "\(count) members: \(Self.difference(split, whole) ?? "")")
            let schemas = try #require(split.root.flatMap { NodeRef(split, $0)["c"]?["s"] })
            #expect(schemas.entries.count == count)
        }
    }

    /// A key two mappings down: the first part ends after the line's indentation, the second reopens both parents.
    @Test func aNestedSplitReopensItsParentKeyLines() throws {
        let text = Array(Self.nestedDocuments["YAML split two down"]!.utf8)
        let split = try #require(text.withUnsafeBufferPointer { TextSplit.find(in: $0, lines: LineIndex($0)) })
        #expect(split.depth == 3)
        #expect(split.columns == [0, 2, 4])
        #expect(split.secondPrefix == Array("components:\n  schemas:\n".utf8))
        #expect(split.firstEnd == split.secondStart + 4)
        #expect(text[split.firstEnd] == UInt8(ascii: "B"))
    }

    @Test(arguments: [
        "[1, 2, 3, 4, 5, 6, 7, 8, 9, 10]\n", "{a: 1, b: 'x', c: 2, d: 3, e: 4}\n", "- a\n- b\n- c\n- d\n",
        "{\"a\": [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]}\n", "{\"a\": 1, # note\n \"b\": 2, \"c\": 3}\n",
        "%YAML 1.1\n---\na: 1\nb: 2\nc: 3\n", "a:\n  b: 1\n", "a:\n  b:\n    c: 1\n",
        "a: 1\nb: # note\n  c: 1\n  d: 2\n  e: 3\n  f: 4\n  g: 5\nh: 2\n",
        "a: 1\r\nb:\r\n  c: 1\r\n  d: 2\r\n  e: 3\r\n  f: 4\r\n  g: 5\r\nh: 2\r\n",
    ])
    func noSplitWhereTheRootIsNotABlockMappingOrNoKeyLineDividesIt(text: String) {
        let bytes = Array(text.utf8)
        let found = bytes.withUnsafeBufferPointer { TextSplit.find(in: $0, lines: LineIndex($0)) }
        #expect(found == nil)
    }

    /// Documents the whole fails to parse: the split parse gives the same error.
    static let failures: [String: String] = [
        "a second document": "a: 1\nb: 2\n---\nc: 3\n",
        "an alias of no anchor": "a: 1\nb: 2\nc: *none\nd: 4\n",
        "a parse error in the first part": "a: [1\nb: 2\nc: 3\nd: 4\n",
        "a parse error in the second part": "a: 1\nb: 2\nc: 3\nd: @x\n",
    ]

    @Test(arguments: failures.keys.sorted())
    func givesTheErrorOfTheWhole(name: String) {
        let (split, whole) = Self.outcomes(Self.failures[name]!)
        guard case .failure(let left) = split, case .failure(let right) = whole else {
            Issue.record("\(name): both parses should fail")
            return
        }
        #expect(left.description == right.description)
    }

    /// Damaged copies of a YAML and a JSON document (bytes cut, repeated or replaced by quotes, brackets, anchors,
    /// aliases, merge keys and characters beyond ASCII): the split parse gives the tree or the error of the whole.
    @Test(arguments: ["samples/insecure-payments-api.yaml", "json", "nested"])
    func damagedDocumentsGiveWhatTheWholeGives(source: String) throws {
        let original: [UInt8]
        if source == "nested" {
            let schemas = (0..<60).map {
                "    S\($0):\n      type: object\n      description: \"é \\\" \($0)\"\n      properties:\n"
                    + "        p:\n          type: string\n"
            }
            original = Array(
                "info:\n  title: t\ncomponents:\n  schemas:\n\(schemas.joined())  other: {k: 1}\nz: [0]\n".utf8)
        } else if source == "json" {
            let members = (0..<60).map {
                "  \"/p\($0)\": {\"get\": {\"summary\": \"é \\\" \($0)\", \"tags\": [1, 2]}}"
            }
            let paths = members.joined(separator: ",\n")
            original = Array("{\"info\": {\"title\": \"t\"},\n \"paths\": {\n\(paths)\n}}\n".utf8)
        } else {
            original = try #require(FileManager.default.contents(atPath: TestSupport.packageRoot + "/" + source))
                .map { $0 }
        }
        let pieces = [
            "\"", "'", "{", "}", "[", "]", ",", ":", "\n", "\n  ", "&a ", "*a", "<<: *a\n", "é", "#", "---\n", "\t",
        ].map { Array($0.utf8) }
        var generator = SplitMix(seed: 17)
        var split = 0
        for _ in 0..<300 {
            var bytes = original
            for _ in 0..<Int(generator.next() % 3) + 1 {
                let at = Int(generator.next() % UInt64(bytes.count))
                let length = min(Int(generator.next() % 40), bytes.count - at)
                switch generator.next() % 3 {
                case 0: bytes.removeSubrange(at..<at + length)
                case 1: bytes.insert(contentsOf: bytes[at..<at + length], at: at)
                default: bytes.replaceSubrange(at..<at + min(length, 2), with: pieces[Int(generator.next() % 17)])
                }
            }
            let whole = Result { () throws(LoadError) in
                try YAMLLoader.parse(bytes, path: "d.yaml", limits: .default, pipelinedFrom: .max, splitFrom: .max)
            }
            let parts = Result { () throws(LoadError) in
                try YAMLLoader.parse(bytes, path: "d.yaml", limits: .default, pipelinedFrom: .max, splitFrom: 0)
            }
            if Self.halves(bytes) != nil,
                bytes.withUnsafeBufferPointer({ TextSplit.find(in: $0, lines: LineIndex($0)) })?.depth ?? 0
                    > (source == "nested" ? 1 : 0)
            {
                split += 1
            }
            switch (whole, parts) {
            case (.success(let left), .success(let right)):
                #expect(Self.difference(left, right) == nil, "\(Self.difference(left, right) ?? "")")
            case (.failure(let left), .failure(let right)):
                #expect(left.description == right.description)
            default:
                Issue.record("one parse failed and the other did not")
            }
        }
        // Much of the damage leaves a document that still divides and joins (71, 24 and, below the root, 61 of 300
        // when written).
        #expect(split > 20)
    }

    /// Every document of the corpus, split wherever it divides, gives the tree of the whole.
    @Test(.requiresCorpus) func everyCorpusDocumentGivesTheTreeOfTheWhole() throws {
        let root = TestSupport.corpus
        let paths = try #require(FileManager.default.enumerator(atPath: root)).compactMap { $0 as? String }
            .filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") || $0.hasSuffix(".json") }
        var split = 0
        var unjoined: [String] = []
        for relative in paths {
            guard let bytes = FileManager.default.contents(atPath: root + "/" + relative).map(Array.init),
                let whole = try? YAMLLoader.parse(bytes, path: relative, limits: .default, pipelinedFrom: .max),
                SurrogateEscapes.rewrite(bytes) == nil,
                bytes.withUnsafeBufferPointer({ TextSplit.find(in: $0, lines: LineIndex($0)) }) != nil
            else { continue }
            guard let parts = Self.halves(bytes) else {
                unjoined.append(relative)
                continue
            }
            split += 1
            #expect(Self.difference(parts, whole) == nil, "\(relative): \(Self.difference(parts, whole) ?? "")")
        }
        // Most of the corpus divides, and nearly every split joins (a few cross an alias or a repeated key).
        #expect(split > 1_000)
        #expect(unjoined.count * 50 < split, "\(unjoined.count) of \(split + unjoined.count): \(unjoined.prefix(20))")
    }
}
