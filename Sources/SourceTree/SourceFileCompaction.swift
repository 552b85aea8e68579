import Platform

extension SourceFile {
    /// A copy that answers for `kept` nodes what reports ask of a finding's places — position, extent, kind,
    /// whether a key, JSON pointer, the text of the line each starts on (code frames) — holding only those nodes,
    /// their ancestors and the keys their pointers name, and of the text only those lines (the others are left
    /// empty, their line breaks kept, so `SourceLines` numbers lines alike): the rest can be released. `ids`
    /// gives each kept node's id in the copy; other questions about the copy's nodes (entries, items, scalars'
    /// values but a pointer's keys, other lines) are not answered.
    public func compacted(keeping kept: [NodeID]) -> (file: SourceFile, ids: [NodeID: NodeID]) {
        var needed = IndexBits(count: nodes.count)
        var shownLines = IndexBits(count: lines.starts.count + 2)
        if let root { needed.insert(Int(root.index)) }
        for node in kept {
            // A mark moved past the end is on a line after the last (`LineIndex.pastEnd`), which no text holds.
            shownLines.insert(min(position(node).line, lines.starts.count + 1))
            var current: Int32 = node.index
            while current >= 0, needed.insert(Int(current)) {
                if let key = key(of: NodeID(current)) { needed.insert(Int(key.index)) }
                current = parentIndex(current)
            }
        }
        needed.rank()
        // Kept in their order, a mapping value still follows its key (`NodeRecord.key(ofValue:)`); a kept node's new
        // index is its rank among the kept.
        let old = needed.members
        func newIndex(_ index: Int32) -> Int32 { Int32(needed.rank(of: Int(index))) }
        // The items each sequence keeps, by their position among all its items.
        var keptItems: [Int32: [(position: Int, item: Int32)]] = [:]
        for index in old {
            let parent = parentIndex(index)
            guard parent >= 0, nodes[Int(parent)].kind == .sequence else { continue }
            keptItems[parent, default: []].append((itemIndex(NodeID(index), in: NodeID(parent)), newIndex(index)))
        }
        var records: [NodeRecord] = []
        records.reserveCapacity(old.count)
        var newChildren: [Int32] = []
        var copied = ScalarText(file: [])
        var newLongEnds: [Int32: UInt32] = [:]
        var newCollectionKeys: [Int32: Int32] = [:]
        var newFarParents = FarParents()
        for index in old {
            var record = nodes[Int(index)]
            let moved = newIndex(index)
            let parent = parentIndex(index)
            record.setParent(parent < 0 ? -1 : newIndex(parent), of: moved, farParents: &newFarParents)
            switch record.kind {
            case .scalar:
                // Every kept scalar's text is copied: the file's bytes are not kept as they are.
                record.first = copied.appendCopy(scalarText.slice(record))
                record.flags &= ~NodeRecord.textInFile
            case .mapping:
                record.first = 0
                record.shortCount = 0
            case .sequence:
                // Each kept item at its position, the slots before it holding smaller ids, so that `itemIndex`
                // finds it there; the slots after the last kept item are left out.
                let items = keptItems[index] ?? []
                let count = (items.last?.position ?? -1) + 1
                if count >= Int(NodeRecord.longCount) { newChildren.append(Int32(count)) }
                record.first = Int32(newChildren.count)
                record.shortCount = NodeRecord.shortCount(count)
                var filler: Int32 = -1
                for (position, item) in items {
                    newChildren += repeatElement(filler, count: Int(record.first) + position - newChildren.count)
                    newChildren.append(item)
                    filler = item
                }
            }
            if record.length == NodeRecord.longLength, let end = longEnds[index] { newLongEnds[moved] = end }
            if record.flags & NodeRecord.followsCollectionKey != 0, let key = collectionKeys[index],
                needed.contains(Int(key))
            {
                newCollectionKeys[moved] = newIndex(key)
            }
            records.append(record)
        }
        let shown = shownLines.members.map(Int.init)
        // Of text read as it is and broken only by line feeds, the line index gives each line's bytes.
        let text =
            linesIndexBytes && lines.breaksAreLineFeeds
            ? Self.lines(shown, ofLineFeedText: scalarText.file, index: lines)
            : Self.lines(shown, of: scalarText.file)
        let file = SourceFile(
            path: path, root: root.map { NodeID(newIndex($0.index)) }, nodes: records, children: newChildren,
            scalarText: ScalarText(file: text, copies: copied.copies),
            lines: lines, linesIndexBytes: false,
            longEnds: newLongEnds,
            collectionKeys: newCollectionKeys, farParents: newFarParents, duplicateKeys: [], referenceNodes: [],
            suppressionNodes: [])
        var ids: [NodeID: NodeID] = [:]
        for node in kept { ids[node] = NodeID(newIndex(node.index)) }
        return (file, ids)
    }
}

/// A set of small whole numbers (a file's nodes or lines) as one bit each: it lists its members in order and, once
/// ranked, gives each member its position among them.
private struct IndexBits {
    private var words: [UInt64]
    /// How many members the words before each word hold (see `rank()`).
    private var before: [Int32] = []

    /// An empty set for numbers below `count`.
    init(count: Int) { words = Array(repeating: 0, count: (count + 63) / 64) }

    /// Adds `index`; whether it was not a member.
    @discardableResult
    mutating func insert(_ index: Int) -> Bool {
        let bit: UInt64 = 1 << (index & 63)
        guard words[index >> 6] & bit == 0 else { return false }
        words[index >> 6] |= bit
        return true
    }

    func contains(_ index: Int) -> Bool { words[index >> 6] & (1 << (index & 63)) != 0 }

    /// The members in ascending order.
    var members: [Int32] {
        var members: [Int32] = []
        for (position, word) in words.enumerated() {
            var rest = word
            while rest != 0 {
                members.append(Int32(position * 64 + rest.trailingZeroBitCount))
                rest &= rest - 1
            }
        }
        return members
    }

    /// Counts the members before each word, for `rank(of:)`; the set no longer changes.
    mutating func rank() {
        before.reserveCapacity(words.count)
        var count: Int32 = 0
        for word in words {
            before.append(count)
            count += Int32(word.nonzeroBitCount)
        }
    }

    /// How many members are below the member `index`.
    func rank(of index: Int) -> Int {
        Int(before[index >> 6]) + (words[index >> 6] & ((1 << (index & 63)) - 1)).nonzeroBitCount
    }
}

extension SourceFile {
    /// `lines(_:of:)` of `bytes` whose only line breaks are line feeds, indexed by `index`: each line left out is one
    /// line feed, so only the shown lines are read.
    static func lines(_ shown: [Int], ofLineFeedText bytes: [UInt8], index: LineIndex) -> [UInt8] {
        var kept = Array(bytes[..<index.firstByte])
        let last = index.starts.count
        var next = 1
        for line in shown where line <= last {
            kept += repeatElement(UInt8(ascii: "\n"), count: line - next)
            let end = line < last ? index.byteOffset(ofLine: line) : bytes.count
            kept += bytes[index.byteOffset(ofLine: line - 1)..<end]
            next = line + 1
        }
        if next <= last {
            kept += repeatElement(UInt8(ascii: "\n"), count: last - next)
            if index.byteOffset(ofLine: last - 1) < bytes.count { kept.append(UInt8(ascii: " ")) }
        }
        return kept
    }

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
