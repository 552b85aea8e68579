import Testing

@testable import SourceTree

/// Lines, lengths and column slices of `SourceLines` against the text split the plain way, on text long enough
/// to cross many of its checkpoints and to take its word-at-a-time scan.
struct SourceLinesTests {
    /// Lines of mixed ASCII and multibyte scalars, ended by `\n`, `\r\n` or `\r`.
    static func text(seed: UInt64) -> String {
        var state = seed
        func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
        let pieces = ["a", "key: value", "é", "日本", "🙂", " ", "\t", "x\u{301}", "\"q\""]
        let breaks = ["\n", "\r\n", "\r"]
        var text = ""
        for _ in 0..<400 {
            for _ in 0..<next(40) { text += pieces[next(pieces.count)] }
            text += breaks[next(breaks.count)]
        }
        return text + "last line without a break"
    }

    /// The lines of `text` split at `\n`, `\r\n` and `\r`.
    static func referenceLines(_ text: String) -> [[Unicode.Scalar]] {
        var lines: [[Unicode.Scalar]] = [[]]
        var previousWasCR = false
        for scalar in text.unicodeScalars {
            if scalar == "\n" && previousWasCR {
                previousWasCR = false
                continue
            }
            previousWasCR = scalar == "\r"
            if scalar == "\n" || scalar == "\r" {
                lines.append([])
            } else {
                lines[lines.count - 1].append(scalar)
            }
        }
        return lines
    }

    @Test(arguments: [1, 2, 3] as [UInt64])
    func linesMatchThePlainSplit(seed: UInt64) {
        let text = Self.text(seed: seed)
        let lines = SourceLines(bytes: Array(text.utf8))
        let reference = Self.referenceLines(text)
        #expect(lines.count == reference.count)
        for (index, expected) in reference.enumerated() {
            let line = index + 1
            var expectedText = String.UnicodeScalarView()
            expectedText.append(contentsOf: expected)
            #expect(lines.text(line) == String(expectedText))
            #expect(lines.length(line) == expected.count)
            if expected.count > 2 {
                var middle = String.UnicodeScalarView()
                middle.append(contentsOf: expected[1..<(expected.count - 1)])
                #expect(lines.text(line, columns: 2..<expected.count) == String(middle))
            }
        }
    }

    /// A YAML mapping of `pieces` (ASCII only, or with multibyte scalars) under keys, with every kind of line break;
    /// long enough to cross many checkpoints.
    static func document(ascii: Bool, byteOrderMark: Bool) -> [UInt8] {
        let pieces = ascii ? ["a", "value", " ", "\t", "x-y"] : ["a", "é", "日本", "🙂", " ", "x\u{301}"]
        let breaks = ["\n", "\r\n", "\r"]
        var text = byteOrderMark ? "\u{FEFF}" : ""
        for index in 0..<3000 {
            text += "k\(index): '" + (0..<(index % 7)).map { pieces[($0 + index) % pieces.count] }.joined() + "x'"
            text += breaks[index % breaks.count]
        }
        return Array(text.utf8)
    }

    /// The lines of a parsed file, which take the line starts of its line index, are the lines of its bytes.
    @Test(arguments: [(true, false), (false, false), (true, true), (false, true)])
    func aFilesLinesAreTheLinesOfItsBytes(ascii: Bool, byteOrderMark: Bool) throws {
        let bytes = Self.document(ascii: ascii, byteOrderMark: byteOrderMark)
        let file = try YAMLLoader.parse(bytes, path: "lines.yaml")
        let shared = SourceLines(file)
        let counted = SourceLines(bytes: bytes)
        #expect(shared.count == counted.count)
        for line in 1...(counted.count + 1) {
            #expect(shared.text(line) == counted.text(line))
            #expect(shared.length(line) == counted.length(line))
            let length = counted.length(line)
            for columns in [1..<(length + 1), 2..<max(2, length), (length / 2)..<(length + 3)] {
                #expect(shared.text(line, columns: columns) == counted.text(line, columns: columns))
            }
        }
    }
}
