import SourceTree
import Testing

@testable import References

/// Pointers looked up by their bytes (`ByteKeyTable`, plain local `$ref`s) find what looking them up as text finds.
@Suite struct PointerLookupTests {
    @Test func aByteKeyTableFindsEachKeyOfEachOwnerAndKeepsTheFirstValue() {
        var table = ByteKeyTable<Int>()
        let keys = (0..<1_000).map { "/components/schemas/Schema\($0)" }
        for (position, key) in keys.enumerated() {
            var key = key
            key.withUTF8 { table.insert(position, for: $0, owner: 1) }
            key.withUTF8 { table.insert(-1, for: $0, owner: 1) }
        }
        #expect(table.count == 1_000)
        for (position, key) in keys.enumerated() {
            var key = key
            #expect(key.withUTF8 { table.index(of: $0, owner: 1).map { table[$0] } } == position)
            #expect(key.withUTF8 { table.index(of: $0, owner: 2) } == nil)
        }
        var key = keys[7]
        key.withUTF8 { table.set(70, for: $0, owner: 1) }
        #expect(key.withUTF8 { table.index(of: $0, owner: 1).map { table[$0] } } == 70)
        var prefix = "/components/schemas/Schema"
        #expect(prefix.withUTF8 { table.index(of: $0, owner: 1) } == nil)
        var empty = ""
        empty.withUTF8 { table.insert(5, for: $0) }
        #expect(empty.withUTF8 { table.index(of: $0).map { table[$0] } } == 5)
    }

    @Test func textReadsAsASCIIExactlyWhenAnASCIIStringEqualsIt() {
        for text in ["\u{212A}elvin", "a\u{037E}", "\u{1FEF}x", "plain"] {
            let bytes = ByteKeyTable<Int>.asciiEquivalent(text)
            #expect(bytes.map { String(decoding: $0, as: UTF8.self) == text } == true)
            #expect(bytes?.allSatisfy { $0 < 0x80 } == true)
        }
        for text in ["caf\u{E9}", "cafe\u{301}", "\u{2126}", "\u{FF21}"] {
            #expect(ByteKeyTable<Int>.asciiEquivalent(text) == nil)
        }
    }

    @Test func plainAndEscapedPointersLeadToTheSameNodes() throws {
        // A mapping of more than 16 keys is indexed; one key is written with a Kelvin sign, which `K` equals as
        // text; one repeats: the first is found.
        var names = (0..<20).map { "S\($0)" }
        names += ["\u{212A}elvin", "S3", "a/b"]
        let schemas = names.enumerated().map { "    \"\($1)\": {title: t\($0)}" }.joined(separator: "\n")
        let file = try TestSupport.parse(
            """
            refs:
              plain: {$ref: '#/components/schemas/S3'}
              escaped: {$ref: '#/components/schemas/S%33'}
              kelvin: {$ref: '#/components/schemas/Kelvin'}
              slash: {$ref: '#/components/schemas/a~1b'}
              small: {$ref: '#/components/other/x'}
              item: {$ref: '#/components/list/1'}
              through: {$ref: '#/refs/small/y'}
              missing: {$ref: '#/components/schemas/S99'}
              root: {$ref: '#'}
            components:
              other: {x: {y: {title: y}}}
              list: [{title: zero}, {title: one}]
              schemas:
            \(schemas)
            """)
        let resolver = ReferenceResolver(store: SourceStore(root: .inMemory), rootFile: file)
        resolver.resolveAll()
        func target(_ name: String) throws -> NodeRef? {
            resolver.follow(NodeRef(file, try #require(file.resolve(tokens: ["refs", name]))))
        }
        #expect(try target("plain")?["title"]?.scalar == "t3")
        #expect(try target("escaped")?["title"]?.scalar == "t3")
        #expect(try target("kelvin")?["title"]?.scalar == "t20")
        #expect(try target("slash")?["title"]?.scalar == "t22")
        #expect(try target("small")?.pointer == "/components/other/x")
        #expect(try target("item")?["title"]?.scalar == "one")
        #expect(try target("through")?["title"]?.scalar == "y")
        #expect(try target("missing") == nil)
        #expect(try target("root")?.pointer == "")
        #expect(resolver.problems.map(\.target) == ["#/components/schemas/S99"])
        #expect(resolver.problems.first?.reason.contains("nothing at '#/components/schemas/S99' in this file") == true)
    }
}
