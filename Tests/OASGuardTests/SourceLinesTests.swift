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
}
