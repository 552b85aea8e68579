import Testing

@testable import Lexicon

/// The quick rejection of `SensitiveNames`: every term contains one of its fragments, so a name the fragments
/// reject could never have matched a term.
@Suite struct SensitiveNamesTests {
    /// Whether some word of `phrase` contains one of `fragments`: then every name whose words hold the phrase
    /// mentions that fragment, since a word is a run of the name's letters, lowercased.
    static func isCaught(_ phrase: [String], by fragments: NameFragments) -> Bool {
        phrase.contains { NameText($0).mentions(fragments) }
    }

    @Test(arguments: SensitiveNames.secretTerms.map(\.phrase))
    func everySecretTermHasAFragment(phrase: [String]) {
        #expect(Self.isCaught(phrase, by: SensitiveNames.secretFragments))
        #expect(SensitiveNames.secret(phrase.joined(separator: "_")) != nil)
    }

    @Test(arguments: SensitiveNames.personalTerms.map(\.phrase) + [["address"]])
    func everyPersonalTermHasAFragment(phrase: [String]) {
        #expect(Self.isCaught(phrase, by: SensitiveNames.personalFragments))
    }

    @Test(arguments: SensitiveNames.privilegeTerms.flatMap { $0.exact + $0.endings })
    func everyPrivilegeTermHasAFragment(phrase: [String]) {
        #expect(Self.isCaught(phrase, by: SensitiveNames.privilegeFragments))
        #expect(SensitiveNames.privilege(phrase.joined(separator: "_")) != nil)
    }

    @Test(arguments: SensitiveNames.urlWords.map { [$0] } + SensitiveNames.urlPhrases)
    func everyURLWordHasAFragment(phrase: [String]) {
        #expect(Self.isCaught(phrase, by: SensitiveNames.urlFragments))
    }

    @Test(
        arguments: SensitiveNames.credentialIssuingWords.union(SensitiveNames.tokenEndpointWords)
            .union(SensitiveNames.signInWords).union(SensitiveNames.credentialSuffixes).sorted())
    func everyCredentialPathWordHasAFragment(word: String) {
        #expect(SensitiveNames.mayNameCredentialOperation("/x/\(word)/{id}"))
        #expect(SensitiveNames.mayNameCredentialOperation("/x/my\(word.uppercased())"))
    }

    @Test func pathsWithoutCredentialWordsAreRuledOutUnsplit() {
        #expect(!SensitiveNames.mayNameCredentialOperation("/api/v2/dashboard/{dashboard_id}"))
        #expect(SensitiveNames.credentialOperation(path: "/api/v2/dashboard", isPostOrPut: true) == nil)
        #expect(SensitiveNames.credentialOperation(path: "/api/v2/api_keys", isPostOrPut: true) == .issuesCredentials)
        // Outside ASCII, the words decide: the Kelvin sign lowercases to `k`.
        #expect(SensitiveNames.mayNameCredentialOperation("/\u{212A}eys"))
    }

    @Test func aTermWithoutAFragmentIsCaughtByTheCheck() {
        #expect(!Self.isCaught(["bank", "account"], by: SensitiveNames.secretFragments))
        #expect(Self.isCaught(["user", "password"], by: SensitiveNames.secretFragments))
    }

    @Test func fragmentsContainedInOthersAreDropped() {
        #expect(NameText.fragments(["urls", "url", "uri", "url"]) == [Array("uri".utf8), Array("url".utf8)])
    }

    @Test func namesAreMatchedInAnyASCIICaseAndNotAcrossOtherText() {
        let fragments = NameFragments(["token", "key"])
        for name in ["TOKEN", "accessToken", "x-api-KEY", "ÜberToken", "keY"] {
            #expect(NameText(name).mentions(fragments), "\(name)")
        }
        for name in ["", "toke", "k-e-y", "tökén", "ke"] {
            #expect(!NameText(name).mentions(fragments), "\(name)")
        }
        // Fragments that start alike are all tried at each byte.
        let alike = NameFragments(["pass", "pin", "pwd"])
        for name in ["PIN_code", "xpwd", "passe", "ppin"] { #expect(NameText(name).mentions(alike), "\(name)") }
        for name in ["pi", "pas", "p-w-d", "pwpa"] { #expect(!NameText(name).mentions(alike), "\(name)") }
    }

    @Test(arguments: [
        "/users/{id}/access_tokens", "/{Bucket}#acl", "#acl", "/a#", "/a#b#c", "##a#b", "", "/", "//x//{y}/", "{a}",
        "/a/{b}c/d{#",
    ])
    func pathBytesSplitAsItsCharactersDo(path: String) {
        let characters = Array(path).split(separator: "#", maxSplits: 1)
        var expected = (characters.first ?? []).split(separator: "/").filter { $0.first != "{" }.map {
            NameWords.split(String($0))
        }
        if characters.count == 2 { expected.append(NameWords.split(String(characters[1]))) }
        #expect(SensitiveNames.fixedSegmentWords(path) == expected)
    }

    @Test func personalDataIsRecognisedInEveryConvention() {
        #expect(SensitiveNames.personalData("homeAddress")?.term == "address")
        #expect(SensitiveNames.personalData("e-mail")?.term == "email")
        #expect(SensitiveNames.personalData("PHONE_NUMBER")?.term == "phone")
    }
}
