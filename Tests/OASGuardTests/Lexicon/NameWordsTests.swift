import Testing

@testable import Lexicon

/// Splitting identifiers into words, in any case convention, on the fast ASCII path and the Unicode one alike.
@Suite struct NameWordsTests {
    static let names = [
        "userPassword", "user_password", "user-password", "USER.PASSWORD", "HTTPServer", "oauth2Token",
        "X-RateLimit-Limit", "getHTTPResponseCode", "version2B", "ID", "id", "a", "", "__proto__", "pageToken",
        "next_page_token", "SSN", "dateOfBirth", "IPv6Address", "URLs", "ABCDef", "x1y2Z3", "snake__double",
        "trailing_", "Mixed-Case_and.dots", "isAdmin", "tenantID", "cvv2",
    ]

    @Test(arguments: names)
    func theASCIIPathAgreesWithTheUnicodePath(name: String) {
        #expect(NameWords.splitASCII(name) == NameWords.splitCharacters(name))
    }

    @Test func wordsInEveryConvention() {
        #expect(NameWords.split("userPassword") == ["user", "password"])
        #expect(NameWords.split("user-password") == ["user", "password"])
        #expect(NameWords.split("USER.PASSWORD") == ["user", "password"])
        #expect(NameWords.split("HTTPServer") == ["http", "server"])
        #expect(NameWords.split("ÜberPasswort") == ["über", "passwort"])
        #expect(NameWords.split("spinner") == ["spinner"])
        #expect(NameWords.contains(NameWords.split("x_user_password_hash"), phrase: ["password", "hash"]))
        #expect(!NameWords.contains(NameWords.split("passage"), phrase: ["pass"]))
    }

    @Test(arguments: names + ["Bulk export all rules", "ÜberGet list", "batch_multi_getItems"])
    func theFirstWordIsTheFirstOfTheSplitThatMatches(name: String) {
        for predicate in [{ (_: String) in true }, { $0.count > 3 }, { !["bulk", "batch", "multi"].contains($0) }] {
            #expect(NameWords.firstWord(of: name, where: predicate) == NameWords.split(name).first(where: predicate))
        }
        #expect(NameWords.firstWord(of: name) { _ in false } == nil)
    }
}
