import Linter
import Testing

@testable import Lexicon

/// The byte scans that rule text out before the exact checks of `secret-in-example` and `script-in-description`.
@Suite struct TextScanTests {
    /// Texts in which removing code joins what it separated, next to plain ones.
    static let activeTexts = [
        "[docs](java`x`script:alert(1))", "<b>[docs](java`x`script:alert(1))", "<`x`script>alert(1)</script>",
        "`code` then <script>run()</script>",
        "```\nfenced\n```\n<iframe src=\"https://example.com\">", "see [x](vb`y`script:msgbox)", "`a` b: c",
        "plain text: nothing here", "[x](javascript:void(0))", "`<b>` is bold",
        // Tags, elements and handlers without code, in other cases, beside other characters and after them.
        "<a href=\"https://example.com\">docs</a>", "<SCRIPT>x</SCRIPT>", "é <Iframe SRC=x>", "<embed src=x>",
        "<object data=x>", "<b OnClick = x>", "<b\u{00A0}onclick=x>", "<b\r\nonmouseover=x>", "<b/onload=x>",
        "<b onclic\u{212A}=x>", "<b onéclick=x>", "<p>only = once</p>", "<b\n~~~\n>\n~~~\nonclick=x>",
        "<b>[x](JAVASCRIPT:y)</b>", "<i>data:text/html,x</i>",
    ]

    @Test(arguments: activeTexts)
    func theActiveContentScanNeverRulesOutWhatTheSearchFinds(text: String) {
        var text = text
        let mayHold = text.withUTF8(ActiveContent.mayHold)
        #expect(ActiveContent.find(in: text) == nil || mayHold)
    }

    /// Markup that holds no active content is ruled out before the search, whatever its tags.
    @Test func tagsWithoutActiveContentAreRuledOut() {
        for text in ["<a href=\"https://example.com\">docs</a> and <code>id</code>", "<p>one only</p>", "<b>on=</b>"] {
            var text = text
            let mayHold = text.withUTF8(ActiveContent.mayHold)
            #expect(!mayHold, "\(text)")
        }
    }

    /// Every trigger of a credential, and every token, is found at every offset in text of every length: the
    /// eight-byte scan reaches back from the word that holds a trigger's anchor to where the trigger starts.
    @Test func credentialTriggersAreFoundAtEveryOffset() {
        let tokens = [
            Self.awsKey, Self.sessionKey, "github_pat_11AZQ3KXBM0Tq8Lm3Vz9Rk2Wp7Jd4Hs6Nf",
            "xoxb-2817364509-Tq8Lm3Vz9Rk2Wp",
        ]
        for offset in 0..<20 {
            let padding = String(repeating: "w", count: offset)
            for trigger in CredentialShapes.triggers.map({ String(decoding: $0, as: UTF8.self) }) {
                var text = padding + trigger
                let mayHold = text.withUTF8(CredentialShapes.mayHoldCredential)
                #expect(mayHold, "\(offset) \(trigger)")
            }
            for token in tokens {
                #expect(CredentialShapes.find(in: padding + " " + token + " " + padding) != nil, "\(offset) \(token)")
            }
            var plain = padding + "github sk_lives ASIx -- :/ xox"
            let mayHold = plain.withUTF8(CredentialShapes.mayHoldCredential)
            #expect(!mayHold, "\(offset)")
        }
    }

    @Test func aBareCallbackIsTheOneWordCallbackInAnyCase() {
        for name in ["callback", "Callback", "_callback", "CALLBACK", "CALLBAC\u{212A}"] {
            #expect(SensitiveNames.isBareCallback(name), "\(name)")
        }
        for name in ["callBack", "callback_url", "cb", "callbacks", "Çallback"] {
            #expect(!SensitiveNames.isBareCallback(name), "\(name)")
        }
    }

    @Test func codeThatJoinsASchemeIsFoundAndCodeWithoutOneIsRuledOut() {
        #expect(ActiveContent.find(in: "<b>[docs](java`x`script:alert(1))") == "a `javascript:` link")
        var quoted = "Send `Authorization: Bearer …` with every call."
        let mayHold = quoted.withUTF8(ActiveContent.mayHold)
        #expect(!mayHold)
    }

    /// Text that is not ASCII (or holds a carriage return) has its code removed as a string, not as bytes: spans,
    /// fences (closed or not) and runs of backticks that close nothing are read as in ASCII text.
    @Test(arguments: ["", "é ", "\r"])
    func codeIsRemovedAlikeFromASCIIAndOtherText(prefix: String) {
        #expect(ActiveContent.find(in: prefix + "see <iframe src=x>") == "a <iframe> element")
        #expect(ActiveContent.find(in: prefix + "see `<script>` here") == nil)
        #expect(ActiveContent.find(in: prefix + "see\n```\n<script>\n```\nend") == nil)
        #expect(ActiveContent.find(in: prefix + "see\n~~~\n<script>\n") == nil)
        #expect(ActiveContent.find(in: prefix + "see ``<script>` here") == "a <script> element")
        #expect(ActiveContent.find(in: prefix + "see `a` <b onclick=x> `c`") == "an `onclick` event-handler attribute")
    }

    /// Prose that is not ASCII is searched as four-byte characters (`ProseCharacter`), which read as `Character`s
    /// do: a character of several scalars equals no ASCII one and keeps whether it is a letter or whitespace.
    @Test func characterClustersAreReadAsCharacters() {
        #expect(MemoryLayout<ProseCharacter>.stride == 4)
        // An ASCII character made from its byte is the one made from the character.
        for byte in UInt8(0)..<0x80 {
            #expect(ProseCharacter.ascii(byte) == ProseCharacter(Character(Unicode.Scalar(byte))), "\(byte)")
        }
        // A combining mark joins the `<` into another character: no tag starts there.
        #expect(ActiveContent.find(in: "é <\u{301}script>x") == nil)
        // A letter of two scalars before the `<` is a letter: the `<` is inside a word.
        #expect(ActiveContent.find(in: "e\u{301}<script>x") == nil)
        #expect(ActiveContent.find(in: "é <script>x") == "a <script> element")
        // CR LF is one character, and whitespace, between a tag's name and its attribute.
        #expect(ActiveContent.find(in: "é <iframe\r\nsrc=x>") == "a <iframe> element")
        #expect(ActiveContent.find(in: "é <b\r\nonclick=x>") == "an `onclick` event-handler attribute")
        // A letter of several scalars in a handler's name keeps the name a handler's; it is shown as U+FFFD.
        #expect(ActiveContent.find(in: "é <b one\u{301}x=y>") == "an `on\u{FFFD}x` event-handler attribute")
        #expect(ActiveContent.find(in: "é <b onçlick=y>") == "an `onçlick` event-handler attribute")
    }

    static let awsKey = "AKIAZ7Q3KXBM2P5RTW4N"
    static let sessionKey = "ASIAZ7Q3KXBM2P5RTW4N"

    @Test func theFirstKindOfTokenWinsWhereverItIs() {
        let slackFirst = CredentialShapes.find(in: "slack xoxb-2817364509-Tq8Lm3Vz9Rk2Wp then aws \(Self.awsKey)")
        #expect(slackFirst?.kind == "an AWS access key id")
        // `AKIA` comes before `ASIA` among the prefixes, so it wins although it is written later.
        #expect(CredentialShapes.find(in: "\(Self.sessionKey) then \(Self.awsKey)")?.prefix == "AKIA")
        // A placeholder with the preferred prefix does not hide a real key with the other one.
        #expect(CredentialShapes.find(in: "AKIAIOSFODNN7EXAMPLE then \(Self.sessionKey)")?.prefix == "ASIA")
        #expect(CredentialShapes.find(in: "AKIAIOSFODNN7EXAMPLE and https://github.com/ghp_") == nil)
    }

    /// Every token prefix passes the quick rejection, `github_pat_` included (its text holds no `gh`).
    @Test func everyKindOfTokenIsFoundAlone() {
        let fineGrained = "github_pat_11AZQ3KXBM0Tq8Lm3Vz9Rk2Wp7Jd4Hs6Nf"
        #expect(CredentialShapes.find(in: "token: \(fineGrained)")?.prefix == "gith")
        #expect(CredentialShapes.find(in: "aws \(Self.awsKey)")?.prefix == "AKIA")
    }

    /// ASCII text is searched byte by byte in any ASCII case, other text by lowercased characters: both find the
    /// same words.
    @Test func placeholderWordsAndLinkSchemesMatchInAnyCaseInASCIIAndOtherText() {
        #expect(CredentialShapes.find(in: "https://user:Zx9Qw7Rt5@api.example.com")?.kind == "a password in a URL")
        #expect(CredentialShapes.find(in: "https://user:Zx9ExAmPlE7@api.example.com") == nil)
        #expect(CredentialShapes.find(in: "https://user:Zx9Qw7Rtö@api.example.com")?.kind == "a password in a URL")
        #expect(CredentialShapes.find(in: "https://user:Zx9ExAmPlEö@api.example.com") == nil)
        #expect(ActiveContent.find(in: "see [x](JavaScript:alert(1))") == "a `javascript:` link")
        #expect(ActiveContent.find(in: "voir [x](JavaScript:alert(1)), é") == "a `javascript:` link")
        #expect(ActiveContent.find(in: "see [x](Java Script:alert(1))") == nil)
    }

    @Test func onlyKeysThatAreExtensionsAsCharactersMakeTheirTextRendered() {
        let document = """
            openapi: 3.0.3
            info: {title: T, version: "1"}
            paths: {}
            x-notes: "<script>alert(1)</script>"
            "x-\u{301}notes": "<script>alert(2)</script>"
            """
        let result = Linter().lint(text: document, path: "text.yaml")
        let lines = result.findings.filter { $0.ruleID == "script-in-description" }.map(\.position.line)
        #expect(lines == [4])
    }
}
