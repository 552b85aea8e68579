import Foundation
import Testing

/// `x-oasguard-ignore` in every form, unused and unknown ones, and how each format shows suppressions.
@Suite(.serialized) struct SuppressionTests {
    static let shared = """
        type: object
        properties:
          password: {type: string}
        """

    static let api = """
        openapi: 3.0.3
        info: {title: Ignores, version: '1'}
        servers:
          - url: http://legacy.example.com
            x-oasguard-ignore: server-url-plain-http
        components:
          securitySchemes:
            partnerBasic:
              type: http
              scheme: basic
              x-oasguard-ignore:
                http-basic-auth: partner VPN only, retired in 2027
            digest:
              type: http
              scheme: digest
        security: [{partnerBasic: []}, {digest: []}]
        paths:
          /reports:
            get:
              x-oasguard-ignore: [operation-without-security, unauthorized-response-missing]
              security: []
              responses: {'200': {description: ok}}
          /internal:
            x-oasguard-ignore: operation-without-security
            get:
              responses: {'200': {description: ok}}
          /jobs:
            x-oasguard-ignore: [weak-http-auth-scheme, no-such-rule]
            get:
              security: []
              responses: {'200': {description: ok}}
          /shared:
            get:
              x-oasguard-ignore: server-url-plain-http
              responses:
                '200':
                  description: ok
                  content:
                    application/json:
                      schema: {$ref: './shared.yaml'}
                '401': {description: no}
        """

    func lint(_ arguments: [String]) throws -> (TestSupport.Outcome, String) {
        let directory = try TestSupport.temporaryDirectory()
        try TestSupport.write(Self.api, to: "api.yaml", in: directory)
        try TestSupport.write(Self.shared, to: "shared.yaml", in: directory)
        return (try TestSupport.run(["lint"] + arguments + ["api.yaml"], in: directory), directory)
    }

    func findings(_ outcome: TestSupport.Outcome) throws -> [[String: Any]] {
        let json = try #require(try JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)) as? [String: Any])
        return try #require(json["findings"] as? [[String: Any]])
    }

    func find(_ findings: [[String: Any]], _ rule: String, line: Int) -> [String: Any]? {
        findings.first { $0["rule"] as? String == rule && $0["line"] as? Int == line }
    }

    @Test func everyFormSuppressesItsNodeAndEverythingBeneath() throws {
        let (outcome, directory) = try lint(["--format", "json"])
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let all = try findings(outcome)
        // A single id on a server; a map with a reason on a scheme (covering the scheme's `scheme` key).
        #expect(find(all, "server-url-plain-http", line: 4)?["suppressed"] as? Bool == true)
        let basic = try #require(find(all, "http-basic-auth", line: 10))
        #expect(basic["suppressed"] as? Bool == true)
        #expect(
            (basic["suppression"] as? [String: Any])?["justification"] as? String == "partner VPN only, retired in 2027"
        )
        #expect((basic["suppression"] as? [String: Any])?["kind"] as? String == "inSource")
        // A list on an operation covers its method key; an id on a path item covers its operations.
        #expect(find(all, "operation-without-security", line: 21)?["suppressed"] as? Bool == true)
        #expect(find(all, "operation-without-security", line: 25) == nil, "inherits security")
        #expect(find(all, "operation-without-security", line: 30)?["suppressed"] as? Bool == false)
        // An ignore elsewhere does not reach the digest scheme.
        #expect(find(all, "weak-http-auth-scheme", line: 15)?["suppressed"] as? Bool == false)
    }

    @Test func unusedAndUnknownSuppressionsAreReported() throws {
        // Every rule runs, so that the ignore of the opt-in unauthorized-response-missing is judged too.
        let (outcome, directory) = try lint(["--format", "json", "--preset", "all"])
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let audit = try findings(outcome).filter { $0["rule"] as? String == "unused-suppression" }
        let summary = audit.map { "\($0["line"]!) \($0["severity"]!) \($0["message"]!)" }.sorted()
        #expect(summary.count == 5, "\(summary)")
        // /reports has `security: []` and no 401 is expected there: the second id is unused.
        #expect(summary.contains { $0.hasPrefix("20 note") && $0.contains("'unauthorized-response-missing'") })
        // /internal inherits the document's security: nothing to excuse.
        #expect(summary.contains { $0.hasPrefix("24 note") && $0.contains("'operation-without-security'") })
        #expect(summary.contains { $0.hasPrefix("28 note") && $0.contains("'weak-http-auth-scheme'") })
        #expect(summary.contains { $0.hasPrefix("28 warning") && $0.contains("'no-such-rule', which is not a rule") })
        // The schema in shared.yaml is reached through $ref; the ignore on the operation does not reach it.
        #expect(summary.contains { $0.hasPrefix("34 note") && $0.contains("'server-url-plain-http'") })
    }

    @Test func aDisabledRulesIgnoreIsNotCalledUnused() throws {
        let (outcome, directory) = try lint(["--format", "json", "--disable", "operation-without-security"])
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let audit = try findings(outcome).filter { $0["rule"] as? String == "unused-suppression" }
        #expect(!audit.contains { ($0["message"] as? String)?.contains("'operation-without-security'") == true })
    }

    @Test func textHidesSuppressedFindingsButCountsThem() throws {
        let (hidden, directory) = try lint([])
        defer { try? FileManager.default.removeItem(atPath: directory) }
        #expect(!hidden.stdout.contains("[http-basic-auth]"))
        #expect(hidden.stdout.contains("suppressed (--show-suppressed lists them)"))
        let shown = try TestSupport.run(["lint", "--show-suppressed", "api.yaml"], in: directory)
        #expect(shown.stdout.contains("[http-basic-auth] (suppressed: partner VPN only, retired in 2027)"))
    }

    @Test func sarifKeepsSuppressedResultsWithTheirKind() throws {
        let (outcome, directory) = try lint(["--format", "sarif"])
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let log = try #require(try JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)) as? [String: Any])
        let results = try #require(((log["runs"] as? [[String: Any]])?.first)?["results"] as? [[String: Any]])
        let basic = try #require(results.first { $0["ruleId"] as? String == "http-basic-auth" })
        let suppressions = try #require(basic["suppressions"] as? [[String: Any]])
        #expect(suppressions.first?["kind"] as? String == "inSource")
        #expect(suppressions.first?["justification"] as? String == "partner VPN only, retired in 2027")
        #expect(results.contains { $0["ruleId"] as? String == "weak-http-auth-scheme" && $0["suppressions"] == nil })
    }
}
