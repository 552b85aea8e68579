import Platform
import Testing

/// The core-library searches answer as `_StringProcessing`'s `firstRange(of:)` and `replacing(_:with:)` do,
/// character by character.
@Suite struct CharacterSearchTests {
    /// Texts and needles where characters and bytes part: combining marks after a match or inside one, a CR LF that
    /// is one character, characters beyond ASCII, overlaps, and matches at either end.
    static let cases: [(text: String, needle: String)] = [
        ("https://api.example.com", "://"),
        ("no scheme here", "://"),
        ("://at the start", "://"),
        ("at the end://", "://"),
        ("https:/\u{301}/host", "://"),
        ("a:\u{301}//b", "://"),
        ("e\u{301}x", "e"),
        ("e\u{301}x", "e\u{301}"),
        ("caf\u{E9}", "cafe\u{301}"),
        ("line\r\nnext", "\n"),
        ("line\r\nnext", "\r\n"),
        ("aaaa", "aa"),
        ("{region}.{region}.example.com", "{region}"),
        ("ünïcødé {név} text", "{név}"),
        ("", "x"),
        ("short", "longer needle"),
    ]

    @Test(arguments: cases) func firstRangeIsStringProcessings(text: String, needle: String) {
        #expect(text.firstRange(ofCharacters: needle) == text.firstRange(of: needle))
        #expect(text[...].firstRange(ofCharacters: needle) == text[...].firstRange(of: needle))
    }

    @Test(arguments: cases) func containsIsWhetherFirstRangeFindsIt(text: String, needle: String) {
        #expect(text.containsCharacters(needle) == (text.firstRange(of: needle) != nil))
    }

    @Test func aLineFeedInsideACRLFIsNotACharacterOfTheText() {
        #expect(!"line\r\nnext".containsCharacters("\n"))
        #expect("line\r\nnext".containsCharacters("\r\n"))
    }

    @Test(arguments: cases) func replacingIsStringProcessings(text: String, needle: String) {
        #expect(text.replacingCharacters(needle, with: "<\u{301}>") == text.replacing(needle, with: "<\u{301}>"))
    }

    @Test func anEmptyNeedleIsFoundAtTheStartAndReplacesNothing() {
        #expect(("abc".firstRange(ofCharacters: "")) == "abc".startIndex..<"abc".startIndex)
        #expect("".containsCharacters(""))
        #expect("abc".replacingCharacters("", with: "-") == "abc")
    }
}
