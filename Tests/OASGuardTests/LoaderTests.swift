import SourceTree
import Testing

/// The node tree: positions, pointers, scalars, anchors and the errors bad input gets.
@Suite struct LoaderTests {
    @Test func blockYAMLPositionsOfKeysAndValues() throws {
        let file = try TestSupport.parse(
            """
            openapi: 3.0.3
            paths:
              /pets:
                get:
                  summary: List pets
            """)
        let root = try #require(file.root)
        let get = try #require(file.resolve(tokens: ["paths", "/pets", "get"]))
        #expect(file.keyPosition(get) == Position(line: 4, column: 5))
        #expect(file.position(get) == Position(line: 5, column: 7))
        let summary = try #require(file.value(get, "summary"))
        #expect(file.position(summary) == Position(line: 5, column: 16))
        #expect(file.keyPosition(summary) == Position(line: 5, column: 7))
        #expect(file.pointer(summary) == "/paths/~1pets/get/summary")
        #expect(file.pointer(root) == "")
    }

    @Test func flowYAMLAndJSONPositions() throws {
        let flow = try TestSupport.parse("a: {b: [1, {c: x}]}\n")
        let c = try #require(flow.resolve(tokens: ["a", "b", "1", "c"]))
        #expect(flow.position(c) == Position(line: 1, column: 16))
        #expect(flow.pointer(c) == "/a/b/1/c")

        let json = try TestSupport.parse("{\n  \"paths\": {\n    \"/a\": {\"get\": {}}\n  }\n}\n", path: "x.json")
        let get = try #require(json.resolve(tokens: ["paths", "/a", "get"]))
        #expect(json.keyPosition(get) == Position(line: 3, column: 12))
        #expect(json.pointer(get) == "/paths/~1a/get")
    }

    @Test func pointersEscapeTheirTokensAndGiveAKeyThePointerOfItsValue() throws {
        let file = try TestSupport.parse(
            "\"a/b~c\": {é/ü: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, {x: 1}]}\n\"\": {~: 2}\n")
        let x = try #require(file.resolve(tokens: ["a/b~c", "é/ü", "11", "x"]))
        #expect(file.pointer(x) == "/a~1b~0c/é~1ü/11/x")
        let root = try #require(file.root)
        let outer = try #require(file.keyNode(root, "a/b~c"))
        #expect(file.isKey(outer) && file.pointer(outer) == "/a~1b~0c")
        let tilde = try #require(file.resolve(tokens: ["", "~"]))
        #expect(file.pointer(tilde) == "//~0")
        var bytes = Array("prefix".utf8)
        file.appendPointer(x, to: &bytes)
        #expect(String(decoding: bytes, as: UTF8.self) == "prefix/a~1b~0c/é~1ü/11/x")
    }

    @Test func columnsCountUnicodeScalarsAfterMultibyteText() throws {
        let file = try TestSupport.parse("title: \"Ünïcødé ✓ 日本\"\nx: {é: 1, target: 2}\n")
        let target = try #require(file.resolve(tokens: ["x", "target"]))
        #expect(file.keyPosition(target) == Position(line: 2, column: 11))
        let emoji = try TestSupport.parse("k: [\"😀😀\", here]\n")
        let here = try #require(emoji.resolve(tokens: ["k", "1"]))
        #expect(emoji.position(here) == Position(line: 1, column: 11))
    }

    @Test func crlfLineBreaksAndByteOrderMark() throws {
        let text = "\u{FEFF}openapi: 3.0.0\r\ninfo:\r\n  title: T\r\n"
        let file = try TestSupport.parse(text)
        let title = try #require(file.resolve(tokens: ["info", "title"]))
        #expect(file.keyPosition(title) == Position(line: 3, column: 3))
        #expect(file.string(title) == "T")
        let openapi = try #require(file.keyNode(file.root!, "openapi"))
        #expect(file.position(openapi) == Position(line: 1, column: 1))
        #expect(SourceLines(file).text(1) == "openapi: 3.0.0")
    }

    @Test func scalarsKeepTheirTypes() throws {
        let file = try TestSupport.parse(
            "a: true\nb: 'true'\nc: 12\nd: 99999999999999999999999999999\ne: ~\nf: 1.0.0\ng: -0.5\n")
        let root = try #require(file.root)
        #expect(file.bool(file.value(root, "a")!) == true)
        #expect(file.bool(file.value(root, "b")!) == nil)
        #expect(file.number(file.value(root, "c")!) == 12)
        #expect(file.number(file.value(root, "d")!) == 1e29)
        #expect(file.isNull(file.value(root, "e")!))
        #expect(file.number(file.value(root, "f")!) == nil)
        #expect(file.number(file.value(root, "g")!) == -0.5)
    }

    @Test func anchorsAliasesAndMergeKeys() throws {
        let file = try TestSupport.parse(
            """
            base: &base {type: string, maxLength: 10}
            copy: *base
            merged:
              <<: *base
              maxLength: 20
            """)
        let copy = try #require(file.resolve(tokens: ["copy", "maxLength"]))
        #expect(file.number(copy) == 10)
        let merged = try #require(file.resolve(tokens: ["merged"]))
        #expect(file.entries(merged).map { file.string($0.key) } == ["maxLength", "type"])
        #expect(file.number(file.value(merged, "maxLength")!) == 20)
    }

    @Test func keysOfValuesAfterCollectionKeysAndAliasesAndItemIndexes() throws {
        let file = try TestSupport.parse(
            """
            ? [a, b]
            : first
            plain: &v {x: 1}
            list: [p, q, *v, r]
            ? {k: 1}
            : {nested: [x, y]}
            *v : aliased
            """)
        let root = try #require(file.root)
        let first = file.entries(root)[0].value
        let sequenceKey = try #require(file.key(of: first))
        #expect(file.isSequence(sequenceKey))
        #expect(file.keyPosition(first) == Position(line: 1, column: 3))
        let r = try #require(file.resolve(tokens: ["list", "3"]))
        #expect(file.pointer(r) == "/list/3")
        let alias = try #require(file.resolve(tokens: ["list", "2"]))
        #expect(file.pointer(alias) == "/list/2")
        #expect(file.keyText(of: alias) == nil)
        let nested = file.entries(root)[3].value
        #expect(file.isMapping(try #require(file.key(of: nested))))
        let y = try #require(file.resolve(tokens: ["nested", "1"], from: nested))
        #expect(file.pointer(y) == "//nested/1")
        let aliased = file.entries(root)[4].value
        #expect(file.keyPosition(aliased) == Position(line: 7, column: 1))
        #expect(file.isMapping(try #require(file.key(of: aliased))))
    }

    @Test func pointersEscapeKeysAndCountItems() throws {
        let file = try TestSupport.parse("{\"~/k\": [a, {\"p/q~\": [x, y, z]}], \"\": 1}\n", path: "x.json")
        let z = try #require(file.resolve(tokens: ["~/k", "1", "p/q~", "2"]))
        #expect(file.pointer(z) == "/~0~1k/1/p~1q~0/2")
        let empty = try #require(file.resolve(tokens: [""]))
        #expect(file.pointer(empty) == "/")
        #expect(file.pointer(try #require(file.key(of: empty))) == "/")
    }

    @Test func billionLaughsFailsFastWithAClearError() throws {
        var text = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n"
        for level in 1...9 {
            let refs = Array(repeating: "*a\(level - 1)", count: 10).joined(separator: ", ")
            text += "a\(level): &a\(level) [\(refs)]\n"
        }
        let clock = ContinuousClock()
        let start = clock.now
        #expect {
            _ = try TestSupport.parse(text)
        } throws: { error in
            (error as? LoadError)?.message.contains("billion laughs") == true
        }
        // Not a benchmark: a loose bound that only an expanding implementation would break.
        #expect(clock.now - start < .seconds(5))
    }

    @Test func duplicateKeysAreRecordedAndTheFirstWins() throws {
        let file = try TestSupport.parse("a: 1\nb: 2\na: 3\n")
        #expect(file.duplicateKeys.count == 1)
        let (first, duplicate) = file.duplicateKeys[0]
        #expect(file.position(first) == Position(line: 1, column: 1))
        #expect(file.position(duplicate) == Position(line: 3, column: 1))
        #expect(file.number(file.value(file.root!, "a")!) == 1)
    }

    @Test(arguments: [
        ("a: [1, 2\n", "did not find expected ',' or ']'", 2, 1),
        ("a:\n\tb: 1\n", "found character that cannot start any token", 2, 1),
        ("a: 1\n---\nb: 2\n", "more than one YAML document", 2, 1),
        ("a: *nowhere\n", "names no anchor", 1, 4),
    ])
    func malformedInputGivesAPositionedError(text: String, message: String, line: Int, column: Int) throws {
        #expect {
            _ = try TestSupport.parse(text)
        } throws: { error in
            guard let error = error as? LoadError else { return false }
            return error.message.contains(message) && error.position == Position(line: line, column: column)
        }
    }

    @Test func invalidUTF8AndBinaryAreReadErrors() throws {
        #expect(throws: LoadError.self) { _ = try YAMLLoader.parse([0x61, 0x3A, 0x20, 0xFF, 0xFE, 0x0A], path: "bad") }
        #expect(throws: LoadError.self) { _ = try YAMLLoader.parse([0x61, 0x3A, 0x00, 0x01], path: "nul") }
        let error = try #require(throws: LoadError.self) {
            _ = try YAMLLoader.parse(Array("ok: 1\nbad: \u{1}\n".utf8), path: "ctl")
        }
        #expect(error.position?.line == 2)
    }

    @Test func deepNestingIsRefusedAtTheLimit() throws {
        let deep = String(repeating: "[", count: 600) + String(repeating: "]", count: 600)
        let error = try #require(throws: LoadError.self) { _ = try TestSupport.parse(deep) }
        #expect(error.message.contains("deeper than 512"))
        let fine = String(repeating: "[", count: 100) + String(repeating: "]", count: 100)
        #expect(throws: Never.self) { _ = try TestSupport.parse(fine) }
    }

    @Test func emptyFileHasNoRoot() throws {
        #expect(try TestSupport.parse("").root == nil)
        #expect(try TestSupport.parse("# only a comment\n").root == nil)
    }

    @Test func canonicalJSONTypesPlainScalarsLikeJSON() throws {
        let file = try TestSupport.parse("a: 1\nb: '1'\nc: [true, null, x, 1.5e3, 007]\n")
        #expect(CanonicalJSON.serialize(file) == #"{"a":1,"b":"1","c":[true,null,"x",1.5e3,"007"]}"#)
    }

    @Test func jsonPointerUnescaping() {
        #expect(JSONPointer.decode("/paths/~1a~0b") == ["paths", "/a~b"])
        #expect(JSONPointer.decode("no-slash") == nil)
    }
}

/// JSON's surrogate-pair escapes, which libyaml alone rejects.
@Suite struct SurrogateEscapeTests {
    @Test func pairsDecodeAndLoneSurrogatesBecomeReplacementCharacters() throws {
        let file = try TestSupport.parse(#"{"a": "x\ud83d\ude00y", "b": "\udc00", "c": "\\ud83d"}"#, path: "s.json")
        let root = try #require(file.root)
        #expect(file.string(file.value(root, "a")!) == "x😀y")
        #expect(file.string(file.value(root, "b")!) == "\u{FFFD}")
        #expect(file.string(file.value(root, "c")!) == #"\ud83d"#)
        #expect(
            file.bytes == Array(#"{"a": "x\ud83d\ude00y", "b": "\udc00", "c": "\\ud83d"}"#.utf8),
            "the original text is kept")
    }
}
