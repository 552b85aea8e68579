import Foundation
import Linter
import Policies
import RuleEngine
import Rules
import SourceTree
import Testing

/// Organisation policies: every requirement kind on 2.0, 3.0 and 3.1, and how their findings behave like rules'.
@Suite struct PolicyTests {
    static let directory = TestSupport.fixtures + "/policies"

    static func policies() throws -> [Policy] { try PolicyParser.load(path: directory + "/policies.yaml") }

    /// Lints a fixture with only the policies enabled.
    static func findings(_ name: String) throws -> [Finding] {
        let policies = try Self.policies()
        let linter = Linter(
            options: LintOptions(enabledRules: Set(policies.map(\.ruleID))), catalog: .builtIn.including(policies))
        let run = linter.lint(paths: [directory + "/" + name])
        #expect(run.errors.isEmpty)
        return run.findings
    }

    /// `LINE policy/ID` for each id a fixture line lists after `# ←`.
    static func expectedPlaces(_ name: String) throws -> Set<String> {
        let text = try String(contentsOfFile: directory + "/" + name, encoding: .utf8)
        var places: Set<String> = []
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            guard let marker = line.range(of: "# ← ") else { continue }
            for id in line[marker.upperBound...].split(separator: " ") { places.insert("\(index + 1) policy/\(id)") }
        }
        return places
    }

    @Test(arguments: ["swagger2.yaml", "openapi30.yaml", "openapi31.yaml"])
    func everyRequirementKindReportsWhereMarked(_ name: String) throws {
        let actual = Set(try Self.findings(name).map { "\($0.position.line) \($0.ruleID)" })
        let expected = try Self.expectedPlaces(name)
        #expect(expected.count >= 13)
        #expect(actual == expected, "extra: \(actual.subtracting(expected)); missing: \(expected.subtracting(actual))")
    }

    @Test func messagesSayWhichRequirementFailedAndWhy() throws {
        let messages = try Self.findings("openapi30.yaml").map(\.message)
        #expect(
            messages.contains("POST /admin/users asks for `accounts:write` only; policy admin-scope requires `admin`"))
        #expect(
            messages.contains(
                "GET /admin/users asks for `accounts:read` only, through the document's `security`; policy admin-scope requires `admin`"
            ))
        #expect(
            messages.contains(
                "DELETE /admin/users sets `security: []`; policy auth requires authentication"))
        #expect(
            messages.contains(
                "POST /admin/users declares no 401, 4XX response; declares no rate limit (no 429 response, rate-limit header or x-ratelimit extension); policy write-responses requires responses 401, 4XX and a declared rate limit"
            ))
        #expect(
            messages.contains(
                "scope 'Reports' of 'oauth' breaks the naming pattern; policy doc requires every scope name to match `^[a-z]+:(read|write)$|^admin$`"
            ))
        let severities = try Self.findings("openapi30.yaml").filter { $0.ruleID == "policy/write-responses" }.map(
            \.severity)
        #expect(!severities.isEmpty && severities.allSatisfy { $0 == .warning }, "the policy's severity")
    }

    @Test func aServerDeclaredTwiceIsOneFinding() throws {
        let messages = try Self.findings("swagger2.yaml").filter { $0.ruleID == "policy/internal-servers" }.map(
            \.message)
        #expect(
            messages.contains(
                "server 'https://api.example.com/v1' (and 1 more declaration of it) matches none of the allowed servers; policy internal-servers requires servers matching `https://*.internal.example.com/**`"
            ))
    }

    @Test func aConfiguredMessageLeadsTheFinding() throws {
        let text = """
            policies:
              - id: admin
                message: Administrative operations must require the admin scope
                require: {scopes: [admin]}
            """
        var policies: [Policy] = []
        try PolicyParser.read(try #require(NodeRef.root(text)["policies"]), path: "p.yaml", into: &policies)
        let document = """
            openapi: 3.0.3
            info: {title: t, version: "1"}
            paths:
              /admin:
                get:
                  security:
                    - oauth: [read]
                  responses: {"200": {description: ok}}
            components:
              securitySchemes:
                oauth: {type: oauth2, flows: {clientCredentials: {tokenUrl: "https://a.example.com/t", scopes: {read: r}}}}
            """
        let result = Linter(options: LintOptions(enabledRules: ["policy/admin"]), catalog: .builtIn.including(policies))
            .lint(text: document, path: "api.yaml")
        #expect(
            result.findings.map(\.message) == [
                "Administrative operations must require the admin scope: GET /admin asks for `read` only; policy admin requires `admin`"
            ])
    }

    @Test func oneServerDeclaredOnManyPathsIsOneFindingAndHostlessServersAreNotJudged() throws {
        var policies: [Policy] = []
        let list = try #require(
            try NodeRef.root("policies:\n  - id: hosts\n    document: {servers: [\"https://api.example.com/**\"]}\n")[
                "policies"])
        try PolicyParser.read(list, path: "p.yaml", into: &policies)
        let document = """
            openapi: 3.0.3
            info: {title: t, version: "1"}
            paths:
              /a:
                servers: [{url: "https://legacy.example.com"}]
                get: {responses: {"200": {description: ok}}}
              /b:
                servers: [{url: "https://legacy.example.com"}]
                get: {responses: {"200": {description: ok}}}
              /c:
                servers: [{url: "https://legacy.example.com"}, {url: /relative}]
                get: {responses: {"200": {description: ok}}}
            """
        let result = Linter(options: LintOptions(enabledRules: ["policy/hosts"]), catalog: .builtIn.including(policies))
            .lint(text: document, path: "api.yaml")
        #expect(
            result.findings.map { "\($0.position.line) \($0.message)" } == [
                "5 server 'https://legacy.example.com' (and 2 more declarations of it) matches none of the allowed servers; policy hosts requires servers matching `https://api.example.com/**`"
            ])
    }

    @Test func pathGlobsCoverTheirRootAndServerGlobsIgnoreCase() {
        let admin = PolicyGlob("/admin/**", ignoresCase: false)
        #expect(admin.matches("/admin") && admin.matches("/admin/users/{id}"))
        #expect(!admin.matches("/administrators") && !admin.matches("/v1/admin"))
        let segment = PolicyGlob("/users/*", ignoresCase: false)
        #expect(segment.matches("/users/{id}") && !segment.matches("/users/{id}/keys"))
        let server = PolicyGlob("https://*.internal.example.com/**", ignoresCase: true)
        #expect(
            server.matches("HTTPS://Jobs.Internal.Example.com") && server.matches("https://a.internal.example.com/v1"))
        #expect(!server.matches("https://a.b.example.com/internal.example.com"))
    }
}

/// Policy findings through the command line: severity overrides, ignores, inline suppressions, baselines, SARIF,
/// score, inventory and `oasguard rules`.
@Suite struct PolicyCommandTests {
    static let policies = PolicyTests.directory + "/policies.yaml"
    static let document = PolicyTests.directory + "/openapi30.yaml"

    static func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    @Test func severityOverridesIgnoresAndInlineSuppressionsApplyToPolicies() throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var spec = try String(contentsOfFile: Self.document, encoding: .utf8)
        spec = spec.replacingOccurrences(
            of: "      tags: [partner]\n",
            with:
                "      tags: [partner]\n      x-oasguard-ignore: {policy/partner-schemes: legacy key until 2027, policy/nope: typo}\n"
        )
        try TestSupport.write(spec, to: "api.yaml", in: directory)
        try TestSupport.write(
            """
            rules:
              policy/auth: note
              policy: error
            ignore:
              policy/admin-scope: ["/x-shared/**"]
            """, to: ".oasguard.yml", in: directory)
        let outcome = try TestSupport.run(
            ["lint", "--policy", Self.policies, "--format", "json", "--disable", "policy/doc", "api.yaml"],
            in: directory)
        #expect(outcome.status == 1, "\(outcome.stderr)")
        let findings = try #require(try Self.json(outcome.stdout)["findings"] as? [[String: Any]])
        func of(_ rule: String) -> [[String: Any]] { findings.filter { $0["rule"] as? String == rule } }
        #expect(of("policy/auth").map { $0["severity"] as? String } == ["note", "note"], "rule id beats category")
        #expect(of("policy/write-responses").allSatisfy { $0["severity"] as? String == "error" }, "category setting")
        #expect(of("policy/doc").isEmpty, "--disable")
        let partner = try #require(of("policy/partner-schemes").first)
        #expect(partner["suppressed"] as? Bool == true)
        let shared = of("policy/admin-scope").filter { ($0["pointer"] as? String)?.hasPrefix("/x-shared") == true }
        #expect(shared.count == 1 && shared.allSatisfy { $0["suppressed"] as? Bool == true })
        let unused = of("unused-suppression").compactMap { $0["message"] as? String }
        #expect(unused.contains { $0.contains("'policy/nope', which is not a rule or a policy in force") })
        #expect(!unused.contains { $0.contains("policy/partner-schemes") })
    }

    @Test func withoutPoliciesAnIgnoreOfAPolicyIsNotJudged() throws {
        let text = """
            openapi: 3.0.3
            info: {title: t, version: "1", contact: {email: a@example.com}}
            paths:
              /a:
                get:
                  x-oasguard-ignore: [policy/org-rule]
                  responses: {"200": {description: ok}}
            """
        let result = Linter(options: LintOptions(enabledRules: ["unused-suppression"])).lint(text: text, path: "a.yaml")
        #expect(result.findings.isEmpty)
    }

    @Test func baselinesSARIFScoreAndInventoryKnowPolicies() throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let common = ["--no-config", "--policy", Self.policies]
        let baseline = directory + "/baseline.json"
        #expect(try TestSupport.run(["lint"] + common + ["--write-baseline", baseline, Self.document]).status == 0)
        let again = try TestSupport.run(["lint"] + common + ["--baseline", baseline, Self.document])
        #expect(again.status == 0, "every policy finding is in the baseline: \(again.stdout)")

        let sarif = try Self.json(
            try TestSupport.run(["lint"] + common + ["--format", "sarif", Self.document]).stdout)
        let run = try #require((sarif["runs"] as? [[String: Any]])?.first)
        let driver = try #require((run["tool"] as? [String: Any])?["driver"] as? [String: Any])
        let rules = try #require(driver["rules"] as? [[String: Any]])
        let policy = try #require(rules.first { $0["id"] as? String == "policy/write-responses" })
        let configuration = try #require(policy["defaultConfiguration"] as? [String: Any])
        #expect(configuration["level"] as? String == "warning")
        let text = try #require((policy["fullDescription"] as? [String: Any])?["text"] as? String)
        #expect(text.contains("Operations (POST, DELETE) must declare responses 401, 4XX; declare a rate limit"))

        let scored = try Self.json(
            try TestSupport.run(["lint"] + common + ["--score", "--format", "json", Self.document]).stdout)
        let categories = try #require((scored["scores"] as? [[String: Any]])?.first?["categories"] as? [[String: Any]])
        let policyCategory = try #require(categories.first { $0["category"] as? String == "policy" })
        #expect(policyCategory["weight"] as? Int == 20)
        #expect((policyCategory["findings"] as? Int ?? 0) > 0)
        let unscored = try Self.json(
            try TestSupport.run(["lint", "--no-config", "--score", "--format", "json", Self.document]).stdout)
        let plain = try #require((unscored["scores"] as? [[String: Any]])?.first?["categories"] as? [[String: Any]])
        #expect(!plain.contains { $0["category"] as? String == "policy" }, "no policy category without policies")

        let inventory = try Self.json(
            try TestSupport.run(["inventory"] + common + ["--format", "json", Self.document]).stdout)
        let operations = try #require(
            (inventory["documents"] as? [[String: Any]])?.first?["operations"] as? [[String: Any]])
        let partners = try #require(operations.first { $0["path"] as? String == "/partners" })
        #expect((partners["findings"] as? [String: Any])?["error"] as? Int == 1, "policy/partner-schemes")
    }

    @Test(.requiresSARIFValidator) func theSARIFLogWithPoliciesIsValid() throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let log = directory + "/policies.sarif"
        let outcome = try TestSupport.run([
            "lint", "--no-config", "--policy", "samples/policies/org-policies.yaml", "--format", "sarif", "--output",
            log,
            "samples/policies/partner-api.yaml",
        ])
        #expect(outcome.status == 1)
        let validation = try #require(try TestSupport.validateSARIF(log, root: TestSupport.packageRoot))
        #expect(validation.status == 0, "\(validation.output)")
    }

    @Test func rulesListsAndExplainsThePoliciesInForce() throws {
        let list = try TestSupport.run(["rules", "--no-config", "--policy", Self.policies])
        #expect(list.status == 0)
        #expect(list.stdout.contains("policy/admin-scope") && list.stdout.contains("policy/doc"))
        let one = try TestSupport.run(["rules", "--no-config", "--policy", Self.policies, "policy/admin-scope"])
        #expect(one.status == 0)
        #expect(one.stdout.contains("Operations under /admin/** must ask for scopes admin."))
        #expect(one.stdout.contains("policies.yaml:6"))
        #expect(try TestSupport.run(["rules", "--no-config", "policy/admin-scope"]).status != 0, "not in force")
    }
}

extension NodeRef {
    /// The root of a YAML text.
    static func root(_ text: String) throws -> NodeRef {
        let file = try TestSupport.parse(text)
        return NodeRef(file, try #require(file.root))
    }
}
