import Testing

@testable import SourceTree

/// The node records' short fields: parents far before their nodes, counts that do not fit, and storage cut to size.
@Suite struct NodeStorageTests {
    /// A root mapping whose `list` holds `items` numbers (its later items, and the keys after it, lie more than
    /// 65,535 nodes after their parents), a scalar of `longText` x's, and a small mapping last.
    static func document(items: Int, longText: Int) -> String {
        "list: [" + (0..<items).map(String.init).joined(separator: ", ") + "]\nlong: "
            + String(repeating: "x", count: longText) + "\nlast: {c: here}\n"
    }

    /// `CompactNodeID` holds an optional node in four bytes and gives back what it was given.
    @Test func compactNodeIDsKeepNodesAndNone() throws {
        struct Holder {
            @CompactNodeID var node: NodeID?
        }
        #expect(MemoryLayout<Holder>.stride == 4)
        let file = try YAMLLoader.parse(Array("a: [1, 2]\n".utf8), path: "compact.yaml")
        var holder = Holder()
        #expect(holder.node == nil)
        for node in [file.root, file.entry(file.root!, "a")?.value] {
            holder.node = node
            #expect(holder.node == node && node != nil)
        }
        holder.node = nil
        #expect(holder.node == nil)
    }

    @Test func farParentsAndLongCountsAnswerAsShortOnes() throws {
        let items = 70_000
        let file = try TestSupport.parse(Self.document(items: items, longText: 70_000))
        let list = try #require(file.resolve(tokens: ["list"]))
        #expect(file.count(list) == items)
        let lastItem = try #require(file.items(list).last)
        #expect(file.string(lastItem) == String(items - 1))
        #expect(file.parent(lastItem) == list)
        #expect(file.pointer(lastItem) == "/list/\(items - 1)")
        let long = try #require(file.resolve(tokens: ["long"]))
        #expect(file.string(long) == String(repeating: "x", count: 70_000))
        #expect(file.scalarEquals(long, String(repeating: "x", count: 70_000)))
        #expect(!file.scalarEquals(long, String(repeating: "x", count: 69_999)))
        #expect(!file.scalarEquals(long, String(repeating: "x", count: 70_001)))
        let here = try #require(file.resolve(tokens: ["last", "c"]))
        let last = try #require(file.parent(here))
        #expect(file.keyText(of: last) == "last")
        #expect(file.pointer(here) == "/last/c")
        #expect(file.parent(last) == file.root)

        let (copy, ids) = file.compacted(keeping: [lastItem, long, here])
        for node in [lastItem, long, here] {
            let moved = try #require(ids[node])
            #expect(copy.pointer(moved) == file.pointer(node))
            #expect(copy.span(moved) == file.span(node))
            #expect(copy.keyPosition(moved) == file.keyPosition(node))
        }
    }

    @Test func aMappingOfMoreEntriesThanARecordCountsKeepsThemAll() throws {
        let entries = 66_000
        let text = "{" + (0..<entries).map { "k\($0): \($0)" }.joined(separator: ", ") + "}\n"
        let file = try TestSupport.parse(text)
        let root = try #require(file.root)
        #expect(file.count(root) == entries)
        #expect(file.entries(root).count == entries)
        let lastValue = try #require(file.value(root, "k\(entries - 1)"))
        #expect(file.string(lastValue) == String(entries - 1))
        #expect(file.pointer(lastValue) == "/k\(entries - 1)")
    }

    @Test func aSmallFileKeepsNoStorageReservedFromItsSize() throws {
        // 5,000 bytes reserve room for over 600 nodes; the tree holds 3.
        let file = try TestSupport.parse("a: " + String(repeating: "x", count: 5_000) + "\n")
        #expect(file.nodeCount == 3)
        #expect(file.nodes.capacity < 16)
        #expect(file.children.capacity < 16)
    }
}
