import Testing

@testable import SourceTree

/// The line index, its byte offsets and the line search of `TextSplit` agree with a byte-by-byte reading of the text.
struct LineIndexTests {
    /// What a byte-by-byte reading finds: each line's start as a byte offset and as a character index (libyaml's
    /// count, after a byte-order mark), each character's byte offset, and whether the text is ASCII without CR.
    struct Reference {
        var lineBytes: [Int] = []
        var lineCharacters: [UInt32] = []
        var characterBytes: [Int] = []
        var isASCII = true
        var breaksAreLineFeeds = true

        init(_ bytes: [UInt8]) {
            let first = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
            lineBytes = [first]
            lineCharacters = [0]
            for index in first..<bytes.count {
                let byte = bytes[index]
                if byte >= 0x80 { isASCII = false }
                if byte & 0xC0 != 0x80 { characterBytes.append(index) }
                if byte == 0x0D { breaksAreLineFeeds = false }
                let endsLine = byte == 0x0A || byte == 0x0D && (index + 1 == bytes.count || bytes[index + 1] != 0x0A)
                if endsLine {
                    lineBytes.append(index + 1)
                    lineCharacters.append(UInt32(characterBytes.count))
                }
            }
        }
    }

    /// Texts whose rare bytes (beyond ASCII, CR) fall on every side of the index's 4,096-byte blocks and 8-byte words.
    static let texts: [String] = {
        var texts = [
            "", "a", "\n", "\r", "\r\n", "a\nb", "a\rb", "a\r\nb\n", "é", "é\n", "\u{FEFF}", "\u{FEFF}x: 1\ny: é\n",
            "no final line break", "a\u{2028}b\nc\u{85}d\n", "😀\n\n€\r\n", "\n\n\n\n\n\n\n\n\n",
        ]
        let line = "key: value with some words\n"
        let body = String(repeating: line, count: 400)
        for rare in ["é", "\r", "\r\n", "😀", "\n"] {
            for offset in [4_090, 4_095, 4_096, 4_097, 8_191, 8_192] {
                let cut = body.utf8.index(body.utf8.startIndex, offsetBy: offset)
                texts.append(String(body[..<cut]) + rare + String(body[cut...]))
            }
        }
        texts.append(body + "tail without a line break")
        texts.append("\u{FEFF}" + body + "ü")
        return texts
    }()

    @Test(arguments: texts.indices)
    func linesAreThoseOfAByteByByteReading(text: Int) {
        let bytes = Array(Self.texts[text].utf8)
        let reference = Reference(bytes)
        let index = bytes.withUnsafeBufferPointer(LineIndex.init)
        #expect(index.starts == reference.lineCharacters)
        #expect(index.starts.indices.map(index.byteOffset(ofLine:)) == reference.lineBytes)
        #expect(index.characterCount == reference.characterBytes.count)
        #expect(index.isASCII == reference.isASCII)
        #expect(index.breaksAreLineFeeds == reference.breaksAreLineFeeds)
    }

    @Test(arguments: texts.indices)
    func characterOffsetsAreThoseOfAByteByByteReading(text: Int) {
        let bytes = Array(Self.texts[text].utf8)
        let reference = Reference(bytes)
        let index = bytes.withUnsafeBufferPointer(LineIndex.init)
        bytes.withUnsafeBufferPointer { buffer in
            var inOrder = LineIndex.CharacterBytes()
            let found = reference.characterBytes.indices.map {
                inOrder.byteOffset(ofCharacter: $0, lines: index, in: buffer)
            }
            #expect(found == reference.characterBytes)
            // Asked backwards, as a second alias's scalar may be.
            var backwards = LineIndex.CharacterBytes()
            let foundBackwards = reference.characterBytes.indices.reversed().map {
                backwards.byteOffset(ofCharacter: $0, lines: index, in: buffer)
            }
            #expect(foundBackwards == reference.characterBytes.reversed())
            for (character, byte) in reference.characterBytes.enumerated() {
                #expect(index.characters(before: byte, in: buffer) == character)
            }
        }
    }

    /// `TextSplit`'s line search finds the lines a byte-by-byte reading does: after a line feed, indented less than
    /// asked, not blank or a comment.
    @Test(arguments: [
        "a:\n  b: 1\n\n  # c\n  d:\n    e: 2\nf: 3\n", "\u{FEFF}a:\n  b: 1\n   \nc: é\n  ü: 2\nd: 3",
        "a:\r\n  b: 1\r\nc: 2\rd: 3\r\n  e: 4\n", "# only\n  # comments\n\n",
    ])
    func theSplitsLineSearchReadsTheLinesAByteReadingDoes(text: String) {
        let bytes = Array(text.utf8)
        let reference = Reference(bytes)
        let index = bytes.withUnsafeBufferPointer(LineIndex.init)
        func sought(_ line: Int, _ indent: Int) -> Bool {
            guard line > 0, bytes[line - 1] == 0x0A, line < bytes.count else { return false }
            let spaces = bytes[line...].prefix { $0 == UInt8(ascii: " ") }.count
            let first = line + spaces
            return spaces < indent && first < bytes.count && bytes[first] != 0x0A && bytes[first] != UInt8(ascii: "#")
        }
        bytes.withUnsafeBufferPointer { buffer in
            for indent in 1...4 {
                for start in 1...max(bytes.count, 1) {
                    let next = reference.lineBytes.first { $0 >= start && sought($0, indent) }
                    #expect(TextSplit.nextLine(buffer, from: start, indentedLessThan: indent, lines: index) == next)
                    guard start > reference.lineBytes[0] else { continue }
                    let previous =
                        reference.lineBytes.last { $0 < start && sought($0, indent) } ?? reference.lineBytes[0]
                    #expect(
                        TextSplit.previousLine(buffer, before: start, indentedLessThan: indent, lines: index)
                            == previous)
                }
            }
        }
    }
}
