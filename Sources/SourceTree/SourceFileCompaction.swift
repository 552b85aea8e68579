import Platform

extension SourceFile {
    /// A copy that answers for `kept` nodes what reports ask of a finding's places — position, extent, kind,
    /// whether a key, JSON pointer, the text of the line each starts on (code frames) — holding only those nodes,
    /// their ancestors and the keys their pointers name, and of the text only those lines (the others are left
    /// empty, their line breaks kept, so `SourceLines` numbers lines alike): the rest can be released. `ids`
    /// gives each kept node's id in the copy; other questions about the copy's nodes (entries, items, scalars'
    /// values but a pointer's keys, other lines) are not answered.
    public func compacted(keeping kept: [NodeID]) -> (file: SourceFile, ids: [NodeID: NodeID]) {
        var needed = Set<Int32>()
        var shownLines = Set<Int>()
        if let root { needed.insert(root.index) }
        for node in kept {
            shownLines.insert(position(node).line)
            var current: Int32 = node.index
            while current >= 0, needed.insert(current).inserted {
                if let key = key(of: NodeID(current)) { needed.insert(key.index) }
                current = nodes[Int(current)].parent
            }
        }
        // Kept in their order, a mapping value still follows its key (`NodeRecord.key(ofValue:)`).
        let old = needed.sorted()
        var newIndex: [Int32: Int32] = [:]
        newIndex.reserveCapacity(old.count)
        for (position, index) in old.enumerated() { newIndex[index] = Int32(position) }
        // The items each sequence keeps, by their position among all its items.
        var keptItems: [Int32: [(position: Int, item: Int32)]] = [:]
        for index in old {
            let parent = nodes[Int(index)].parent
            guard parent >= 0, nodes[Int(parent)].kind == .sequence else { continue }
            keptItems[parent, default: []].append((itemIndex(NodeID(index), in: NodeID(parent)), newIndex[index]!))
        }
        var records: [NodeRecord] = []
        records.reserveCapacity(old.count)
        var newChildren: [Int32] = []
        var copies: [UInt8] = []
        var newLongEnds: [Int32: UInt32] = [:]
        var newCollectionKeys: [Int32: Int32] = [:]
        for index in old {
            var record = nodes[Int(index)]
            let moved = newIndex[index]!
            record.parent = record.parent < 0 ? -1 : newIndex[record.parent]!
            switch record.kind {
            case .scalar:
                // Every kept scalar's text is copied: the file's bytes are not kept as they are.
                let text = scalarText.slice(record)
                record.first = Int32(copies.count)
                record.flags &= ~NodeRecord.textInFile
                copies += text
            case .mapping:
                record.first = 0
                record.count = 0
            case .sequence:
                // Each kept item at its position, the slots before it holding smaller ids, so that `itemIndex`
                // finds it there; the slots after the last kept item are left out.
                let items = keptItems[index] ?? []
                record.first = Int32(newChildren.count)
                record.count = Int32((items.last?.position ?? -1) + 1)
                var filler: Int32 = -1
                for (position, item) in items {
                    newChildren += repeatElement(filler, count: Int(record.first) + position - newChildren.count)
                    newChildren.append(item)
                    filler = item
                }
            }
            if record.length == NodeRecord.longLength, let end = longEnds[index] { newLongEnds[moved] = end }
            if record.flags & NodeRecord.followsCollectionKey != 0, let key = collectionKeys[index],
                let movedKey = newIndex[key]
            {
                newCollectionKeys[moved] = movedKey
            }
            records.append(record)
        }
        let file = SourceFile(
            path: path, root: root.map { NodeID(newIndex[$0.index]!) }, nodes: records, children: newChildren,
            scalarText: ScalarText(file: Self.lines(shownLines.sorted(), of: scalarText.file), copies: copies),
            lines: lines, linesIndexBytes: false,
            longEnds: newLongEnds,
            collectionKeys: newCollectionKeys, duplicateKeys: [], referenceNodes: [], suppressionNodes: [])
        var ids: [NodeID: NodeID] = [:]
        for node in kept { ids[node] = NodeID(newIndex[node.index]!) }
        return (file, ids)
    }
}

extension SourceFile {
    /// `bytes` with the text of every line but `shown` (1-based, ascending; lines ended as `SourceLines` ends them)
    /// left out, their line breaks kept; a last line without a break keeps one character, so the line count stays.
    static func lines(_ shown: [Int], of bytes: [UInt8]) -> [UInt8] {
        bytes.withUnsafeBufferPointer { text in
            let first = text.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
            var kept = Array(text[..<first])
            guard let base = text.baseAddress else { return kept }
            // Without carriage returns, only line feeds end lines, and `memchr` finds them.
            let onlyLineFeeds = memchr(base, 0x0D, text.count) == nil
            var line = 1
            var nextShown = 0
            var lineStart = first
            var index = first
            while index < text.count {
                if onlyLineFeeds {
                    guard let found = memchr(base + index, 0x0A, text.count - index) else { break }
                    index = UnsafePointer<UInt8>(found.assumingMemoryBound(to: UInt8.self)) - base
                } else if index + 8 <= text.count {
                    // Eight bytes at a time up to the next line break.
                    let word = ByteWord.load(base, at: index)
                    let breaks = ByteWord.bytes(equalTo: 0x0A, in: word) | ByteWord.bytes(equalTo: 0x0D, in: word)
                    guard breaks != 0 else {
                        index += 8
                        continue
                    }
                    index += ByteWord.firstFlagged(breaks)
                }
                let byte = text[index]
                guard byte == 0x0A || byte == 0x0D else {
                    index += 1
                    continue
                }
                let breakEnd = byte == 0x0D && index + 1 < text.count && text[index + 1] == 0x0A ? index + 2 : index + 1
                if nextShown < shown.count && shown[nextShown] == line {
                    nextShown += 1
                    kept.append(contentsOf: UnsafeBufferPointer(rebasing: text[lineStart..<breakEnd]))
                } else {
                    kept.append(byte)
                    if breakEnd - index == 2 { kept.append(0x0A) }
                }
                line += 1
                index = breakEnd
                lineStart = breakEnd
            }
            if lineStart < text.count {
                if nextShown < shown.count && shown[nextShown] == line {
                    kept.append(contentsOf: UnsafeBufferPointer(rebasing: text[lineStart...]))
                } else {
                    kept.append(UInt8(ascii: " "))
                }
            }
            return kept
        }
    }
}
