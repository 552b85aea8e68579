import Foundation
import Testing

/// Baselines keyed by rule, file, pointer and content: they survive reformatting and catch what is new.
@Suite(.serialized) struct BaselineTests {
    static let api = """
        openapi: 3.0.3
        info: {title: Baseline, version: '1'}
        servers: [{url: 'http://api.example.com'}]
        components:
          securitySchemes:
            basic: {type: http, scheme: basic}
        security: [{basic: []}]
        paths:
          /a:
            get:
              security: []
              responses: {'200': {description: ok}}
          /b:
            get:
              responses: {'200': {description: ok}, '401': {description: no}}
        """

    /// A directory with `api.yaml` and a baseline of its findings.
    func baselined() throws -> String {
        let directory = try TestSupport.temporaryDirectory()
        try TestSupport.write(Self.api, to: "api.yaml", in: directory)
        let written = try TestSupport.run(["lint", "--write-baseline", "baseline.json", "api.yaml"], in: directory)
        #expect(written.status == 0)
        return directory
    }

    /// How many findings the baseline records; at least the four this document was written to have.
    func recorded(_ directory: String) throws -> Int {
        let data = try Data(contentsOf: URL(fileURLWithPath: directory + "/baseline.json"))
        let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let entries = try #require(json["findings"] as? [[String: Any]])
        let rules = Set(entries.compactMap { $0["rule"] as? String })
        #expect(rules.isSuperset(of: ["server-url-plain-http", "http-basic-auth", "operation-without-security"]))
        return entries.count
    }

    func summary(_ directory: String) throws -> (status: Int32, text: String) {
        let outcome = try TestSupport.run(["lint", "--baseline", "baseline.json", "api.yaml"], in: directory)
        return (outcome.status, outcome.stdout)
    }

    @Test func aBaselinedRunPassesAndSaysSo() throws {
        let directory = try baselined()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let (status, text) = try summary(directory)
        #expect(status == 0, "\(text)")
        #expect(text.contains("baseline: 0 new, \(try recorded(directory)) unchanged, 0 fixed"), "\(text)")
    }

    @Test func reformattingAsJSONReorderingAndInsertingLinesResurrectNothing() throws {
        let directory = try baselined()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let json = """
            {
              "paths": {
                "/b": {"get": {"responses": {"401": {"description": "no"}, "200": {"description": "ok"}}}},
                "/a": {"get": {"responses": {"200": {"description": "ok"}}, "security": []}}
              },
              "security": [{"basic": []}],
              "components": {"securitySchemes": {"basic": {"scheme": "basic", "type": "http"}}},
              "servers": [{"url": "http://api.example.com"}],
              "info": {"version": "1", "title": "Baseline"},
              "openapi": "3.0.3"
            }
            """
        try TestSupport.write("\n\n\n" + json, to: "api.yaml", in: directory)
        let (status, text) = try summary(directory)
        #expect(status == 0, "\(text)")
        #expect(text.contains("0 new, \(try recorded(directory)) unchanged, 0 fixed"), "\(text)")
    }

    @Test func aNewProblemFailsAndAFixIsCounted() throws {
        let directory = try baselined()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let changed = Self.api
            .replacingOccurrences(of: "url: 'http://api.example.com'", with: "url: 'https://api.example.com'")
            .replacingOccurrences(of: "  /b:\n    get:\n", with: "  /b:\n    get:\n      security: []\n")
        try TestSupport.write(changed, to: "api.yaml", in: directory)
        let (status, text) = try summary(directory)
        #expect(status == 1)
        #expect(text.contains("[operation-without-security]"))
        #expect(!text.contains("[server-url-plain-http]"))
        // Now no operation has security: one document-wide finding, new because one of its two places is.
        #expect(text.contains("none of the 2 operations requires authentication"))
        #expect(text.contains("2 new, \(try recorded(directory) - 2) unchanged, 1 fixed"), "\(text)")
    }

    @Test func changingTheOffendingNodeResurrectsIt() throws {
        let directory = try baselined()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try TestSupport.write(
            Self.api.replacingOccurrences(of: "http://api.example.com", with: "http://api.example.org"), to: "api.yaml",
            in: directory)
        let (status, text) = try summary(directory)
        #expect(status == 1)
        #expect(text.contains("[server-url-plain-http]"))
        #expect(text.contains("1 new, \(try recorded(directory) - 1) unchanged, 1 fixed"), "\(text)")
    }

    @Test func sarifCarriesBaselineStates() throws {
        let directory = try baselined()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try TestSupport.write(
            Self.api.replacingOccurrences(of: "url: 'http://api.example.com'", with: "url: 'https://api.example.com'"),
            to: "api.yaml", in: directory)
        let outcome = try TestSupport.run(
            ["lint", "--format", "sarif", "--baseline", "baseline.json", "api.yaml"], in: directory)
        let log = try #require(try JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)) as? [String: Any])
        let results = try #require(((log["runs"] as? [[String: Any]])?.first)?["results"] as? [[String: Any]])
        let states = results.compactMap { $0["baselineState"] as? String }.sorted()
        // One result per root cause: the rate-limit findings of both operations are one, document-wide.
        #expect(states.filter { $0 == "absent" }.count == 1)
        #expect(states.filter { $0 == "unchanged" }.count == results.count - 1)
        let recordedPlaces = try recorded(directory)
        #expect(results.count > 2 && results.count < recordedPlaces)
        let unchanged = try #require(results.first { $0["baselineState"] as? String == "unchanged" })
        #expect((unchanged["suppressions"] as? [[String: Any]])?.first?["kind"] as? String == "external")
    }

    @Test func theBaselineCanComeFromTheConfiguration() throws {
        let directory = try baselined()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try TestSupport.write("baseline: baseline.json\n", to: ".oasguard.yml", in: directory)
        #expect(try TestSupport.run(["lint", "api.yaml"], in: directory).status == 0)
        #expect(try TestSupport.run(["lint", "--no-config", "api.yaml"], in: directory).status == 1)
    }
}
