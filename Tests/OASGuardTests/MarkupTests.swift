import Testing

@testable import Reporters

/// One escape for the markup formats, and one list of the characters a reader's tool must not receive, with the
/// differences each format's reader calls for.
@Suite struct MarkupTests {
    @Test func bothDialectsEscapeTheMarkupCharacters() {
        #expect(Markup.escape("<\"'&>", as: .html) == "&lt;&quot;&#39;&amp;&gt;")
        #expect(Markup.escape("<\"'&>", as: .xml) == "&lt;&quot;&apos;&amp;&gt;")
    }

    @Test func aPageShowsWhatXMLDropsOrKeeps() {
        let text = "a\u{202E}b\u{0}c\rd\u{FFFE}e\tf\ng"
        #expect(Markup.escape(text, as: .html) == "a⟨U+202E⟩b⟨U+0⟩c⟨U+D⟩d\u{FFFE}e\tf\ng")
        #expect(Markup.escape(text, as: .xml) == "a\u{202E}bc\rde\tf\ng")
    }

    /// The Arabic letter mark is a bidirectional control: a page shows it, as a terminal line escapes it.
    @Test func theArabicLetterMarkIsShownOnAPage() {
        #expect(HTML.escape("a\u{061C}b") == "a⟨U+61C⟩b")
        #expect(SafeText.escaped("a\u{061C}b") == #"a\u061Cb"#)
    }

    /// Zero-width characters move nothing on a line and join emoji: terminal output keeps them, a page shows them.
    @Test func zeroWidthCharactersAreShownOnAPageOnly() {
        let family = "👨\u{200D}👩\u{200D}👧 a\u{200B}b"
        #expect(SafeText.escaped(family) == family)
        #expect(HTML.escape(family) == "👨⟨U+200D⟩👩⟨U+200D⟩👧 a⟨U+200B⟩b")
        #expect(!SafeText.isControl("\u{200B}") && SafeText.isHidden("\u{200B}"))
    }
}
