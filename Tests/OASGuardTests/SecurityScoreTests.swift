import Linter
import Posture
import RuleEngine
import Rules
import Testing

/// The security score: the documented formula, checked against values worked out by hand.
@Suite struct SecurityScoreTests {
    /// Lints `text` with only `rules` and scores it.
    static func score(_ text: String, rules: Set<RuleID>) throws -> SecurityScore {
        let linter = Linter(options: LintOptions(enabledRules: rules))
        let result = linter.lint(text: text, path: "api.yaml")
        let model = try #require(result.model)
        return SecurityScore(
            findings: result.findings, operations: model.operations.count,
            rules: linter.activeRules.map(\.entry.description))
    }

    /// `100 × 5 / (5 + penalty)`, the category score, written out for the hand computations below.
    static func category(_ severitySum: Double, operations: Double) -> Double {
        100 * 5 / (5 + severitySum / operations)
    }

    static let twoOperations = """
        openapi: 3.0.3
        info: {title: Two, version: '1', contact: {email: a@example.com}}
        servers: [{url: 'https://api.example.com'}]
        components:
          securitySchemes:
            bearer: {type: http, scheme: bearer}
        paths:
          /public:
            get:
              responses: {'200': {description: ok}}
          /private:
            get:
              security: [{bearer: []}]
              responses: {'200': {description: ok}}
        """

    @Test func oneUnauthenticatedOperationOfTwo() throws {
        let score = try Self.score(Self.twoOperations, rules: ["operation-without-security"])
        // operation-without-security has security-severity 7.5; 2 operations: penalty 3.75,
        // authentication = 100 × 5 / 8.75 = 57.142…; it is the only category with a rule, so the score too.
        #expect(score.operations == 2)
        let authentication = try #require(score.category(.authentication))
        #expect(authentication.findings == 1)
        #expect(authentication.penalty == 3.75)
        #expect(abs(authentication.score - 57.142857) < 0.0001)
        #expect(score.score == 57.1)
        #expect(score.categories.filter(\.isScored).map(\.category) == [.authentication])
    }

    @Test func categoriesAreWeighted() throws {
        let text = """
            openapi: 3.0.3
            info: {title: Four, version: '1'}
            servers: [{url: 'http://api.example.com'}]
            components:
              securitySchemes:
                bearer: {type: http, scheme: bearer}
            security: [{bearer: []}]
            paths:
              /a: {get: {security: [], responses: {'200': {description: ok}}}}
              /b: {get: {responses: {'200': {description: ok}}}}
              /c: {get: {responses: {'200': {description: ok}}}}
              /d: {get: {responses: {'200': {description: ok}}}}
            """
        let score = try Self.score(
            text, rules: ["operation-without-security", "server-url-plain-http", "info-contact-missing"])
        // Four operations. authentication: one 7.5 → 100 × 5 / (5 + 1.875) = 72.727
        // transport: one plain-HTTP server, 7.4 → 100 × 5 / (5 + 1.85) = 72.993
        // inventory: no contact, 1.0 → 100 × 5 / (5 + 0.25) = 95.238
        // score = (30 × 72.727 + 15 × 72.993 + 10 × 95.238) / (30 + 15 + 10) = 4229.09 / 55 = 76.89
        #expect(abs(try #require(score.category(.authentication)).score - 72.727) < 0.001)
        #expect(abs(try #require(score.category(.transport)).score - 72.993) < 0.001)
        #expect(abs(try #require(score.category(.inventory)).score - 95.238) < 0.001)
        #expect(abs(score.exactScore - 76.893) < 0.001)
        #expect(score.score == 76.9)
        #expect(SecurityScore.format(score.score) == "76.9")
    }

    @Test func suppressedAndDocumentFindingsDoNotCount() throws {
        let suppressed = Self.twoOperations.replacing(
            "  /public:\n    get:\n",
            with: "  /public:\n    get:\n      x-oasguard-ignore: {operation-without-security: a health check}\n")
        let score = try Self.score(suppressed, rules: ["operation-without-security", "unused-suppression"])
        #expect(try #require(score.category(.authentication)).findings == 0)
        #expect(score.score == 100)
        // A broken reference is a `document` finding: not part of any category.
        let broken = Self.twoOperations.replacing(
            "responses: {'200': {description: ok}}\n  /private",
            with: "responses: {'200': {$ref: '#/nowhere'}}\n  /private")
        let documentOnly = try Self.score(broken, rules: ["unresolved-ref"])
        #expect(documentOnly.score == 100)
        #expect(documentOnly.categories.allSatisfy { !$0.isScored })
    }

    @Test func theScoreDoesNotDependOnTheAPISize() throws {
        // The same API twice over (twice the operations, twice the findings) scores the same.
        let doubled =
            Self.twoOperations + """

                  /public2:
                    get:
                      responses: {'200': {description: ok}}
                  /private2:
                    get:
                      security: [{bearer: []}]
                      responses: {'200': {description: ok}}
                """
        let rules: Set<RuleID> = ["operation-without-security"]
        #expect(
            try Self.score(doubled, rules: rules).exactScore
                == (try Self.score(Self.twoOperations, rules: rules)).exactScore)
    }

    @Test func everyFixRaisesTheScore() throws {
        var previous = -1.0
        for fixed in 0...3 {
            var text = TestSupport.document("paths:\n", title: "t")
            for index in 0..<3 {
                let security = index < fixed ? "      security: [{k: []}]\n" : ""
                text += "  /p\(index):\n    get:\n\(security)      responses: {'200': {description: ok}}\n"
            }
            text += "components: {securitySchemes: {k: {type: apiKey, in: header, name: K}}}\n"
            let score = try Self.score(text, rules: ["operation-without-security"]).exactScore
            #expect(score > previous)
            previous = score
        }
        #expect(previous == 100)
    }

    @Test func roundingIsHalfAwayFromZero() {
        #expect(SecurityScore.rounded(76.85) == 76.9)
        #expect(SecurityScore.rounded(57.142857) == 57.1)
        #expect(SecurityScore.format(100) == "100")
        #expect(SecurityScore.format(41.0) == "41")
    }

    /// Every rule of the catalog but those of `excluded` categories.
    static func rules(excluding excluded: Set<RuleCategory>) -> Set<RuleID> {
        Set(RuleCatalog.builtIn.entries.filter { !excluded.contains($0.description.category) }.map(\.id))
    }

    static func lintSample(_ path: String, rules: Set<RuleID>) throws -> (SecurityScore, [Finding]) {
        let linter = Linter(options: LintOptions(enabledRules: rules))
        let run = linter.lint(paths: [TestSupport.packageRoot + "/" + path])
        let document = try #require(run.documents.first)
        let model = try #require(document.model)
        let score = SecurityScore(
            findings: document.findings, operations: model.operations.count, rules: run.rules.map(\.description))
        return (score, document.findings.filter(\.isActive))
    }

    /// The foundation's rules: authentication and transport, whose catalog entries are settled.
    static let foundationRules = Set(
        RuleCatalog.builtIn.entries.filter { [.authentication, .transport].contains($0.description.category) }.map(\.id)
    )

    @Test func theSecureSampleScoresFull() throws {
        let (score, findings) = try Self.lintSample("samples/secure-banking-api.yaml", rules: Self.foundationRules)
        #expect(findings.isEmpty)
        #expect(score.operations == 11)
        #expect(score.score == 100)
    }

    @Test func theInsecureSampleAuthenticationAndTransport() throws {
        let (score, findings) = try Self.lintSample("samples/insecure-payments-api.yaml", rules: Self.foundationRules)
        #expect(score.operations == 11)
        // Authentication, read off the sample: `{}` in the document's security (security-allows-anonymous, 5.3);
        // `security: []` on the transfer (operation-without-security, 7.5; on GET /auth/login, public by its nature,
        // it is a decision and not reported); `password`
        // and `access_token` query parameters (credentials-in-url, 2 × 5.3); 9 secured operations without a 401
        // (unauthorized-response-missing, 9 × 2.0); the undefined 'partnerToken' (7.0); Basic (5.9); Digest (5.3);
        // the API key in the query (5.3); the unused session cookie scheme (2.0); the implicit (6.1) and password
        // (5.9) flows.
        let authenticationSum = 5.3 + 7.5 + 2 * 5.3 + 9 * 2.0 + 7.0 + 5.9 + 5.3 + 5.3 + 2.0 + 6.1 + 5.9  // 78.9
        // Transport: servers http://api… and http://refunds… (server-url-plain-http, 2 × 7.4) and the OAuth token URL
        // over http (auth-url-plain-http, 8.1).
        let transportSum = 7.4 + 7.4 + 8.1  // 22.9
        #expect(findings.count == 20 + 3)
        let authentication = Self.category(authenticationSum, operations: 11)  // 100 × 5 / (5 + 7.173) = 41.08
        let transport = Self.category(transportSum, operations: 11)  // 100 × 5 / (5 + 2.082) = 70.60
        #expect(abs(try #require(score.category(.authentication)).score - authentication) < 1e-9)
        #expect(abs(try #require(score.category(.transport)).score - transport) < 1e-9)
        // (30 × 41.08 + 15 × 70.60) / 45 = 50.92
        #expect(score.score == SecurityScore.rounded((30 * authentication + 15 * transport) / 45))
        #expect(score.score == 50.9)
    }
}
