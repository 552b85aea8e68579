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
    }

    @Test func personalDataIsRecognisedInEveryConvention() {
        #expect(SensitiveNames.personalData("homeAddress")?.term == "address")
        #expect(SensitiveNames.personalData("e-mail")?.term == "email")
        #expect(SensitiveNames.personalData("PHONE_NUMBER")?.term == "phone")
    }
}
