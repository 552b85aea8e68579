import Foundation
import Linter
import RuleEngine
import Testing

/// Globs and pointer patterns.
@Suite struct GlobTests {
    @Test(arguments: [
        ("specs/*.yaml", "specs/api.yaml", true),
        ("specs/*.yaml", "specs/v1/api.yaml", false),
        ("specs/**/*.yaml", "specs/api.yaml", true),
        ("specs/**/*.yaml", "specs/v1/v2/api.yaml", true),
        ("/paths/~1internal~1**", "/paths/~1internal~1users/get", true),
        ("/paths/*/get", "/paths/~1users/get", true),
        ("/paths/*/get", "/paths/~1users/post", false),
        ("a?c", "abc", true),
        ("a?c", "a/c", false),
    ])
    func matches(pattern: String, text: String, expected: Bool) {
        #expect(Glob(pattern).matches(text) == expected)
    }

    @Test func aPointerPatternCoversTheSubtree() {
        #expect(Glob("/components/schemas/Legacy").matchesPrefix(of: "/components/schemas/Legacy/properties/x"))
        #expect(!Glob("/components/schemas/Legacy").matchesPrefix(of: "/components/schemas/LegacyTwo"))
    }

    @Test func manyStarsDoNotBacktrackExponentially() {
        let pattern = Glob(String(repeating: "*a", count: 30) + "b")
        #expect(!pattern.matches(String(repeating: "a", count: 200)))
    }
}

/// `.oasguard.yml`: discovery, precedence, and strict errors with positions.
@Suite(.serialized) struct ConfigurationTests {
    static let api = """
        openapi: 3.0.3
        info: {title: Config, version: '1'}
        servers: [{url: 'http://api.example.com'}]
        components:
          securitySchemes:
            basic: {type: http, scheme: basic}
        security: [{basic: []}]
        paths:
          /internal/jobs:
            get:
              security: []
              responses: {'200': {description: ok}}
          /users:
            get:
              responses: {'200': {description: ok}, '401': {description: no}}
        """

    func project(config: String?, configName: String = ".oasguard.yml") throws -> String {
        let directory = try TestSupport.temporaryDirectory()
        try FileManager.default.createDirectory(atPath: directory + "/.git", withIntermediateDirectories: true)
        try TestSupport.write(Self.api, to: "specs/api.yaml", in: directory)
        if let config { try TestSupport.write(config, to: configName, in: directory) }
        return directory
    }

    func rules(_ outcome: TestSupport.Outcome) throws -> [String] {
        let json = try #require(try JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)) as? [String: Any])
        let findings = try #require(json["findings"] as? [[String: Any]])
        return findings.filter { $0["suppressed"] as? Bool == false }.compactMap { $0["rule"] as? String }
    }

    @Test func theConfigurationIsFoundInAParentAndSwitchesRulesAndSeverities() throws {
        let directory = try project(
            config: """
                rules:
                  transport: off
                  http-basic-auth: error
                fail-on: warning
                """)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let outcome = try TestSupport.run(["lint", "--format", "json", "api.yaml"], in: directory + "/specs")
        let found = try rules(outcome)
        #expect(!found.contains("server-url-plain-http"))
        #expect(found.contains("operation-without-security"))
        #expect(
            outcome.stdout.contains(
                #""rule": "http-basic-auth",\n      "severity": "error""#.replacingOccurrences(of: "\\n", with: "\n")))
        // fail-on: warning from the file; the flag overrides it.
        // Only the inventory rules (notes) stay on, plus transport (errors) once the file no longer turns it off.
        let notesOnly = ["authentication", "authorization", "data", "rate-limits", "document"].flatMap {
            ["--disable", $0]
        }
        let notes = try TestSupport.run(["lint"] + notesOnly + ["api.yaml"], in: directory + "/specs")
        #expect(notes.status == 0, "\(notes.stdout)")
        #expect(
            try TestSupport.run(["lint", "--fail-on", "note"] + notesOnly + ["api.yaml"], in: directory + "/specs")
                .status == 1)
        #expect(
            try TestSupport.run(["lint", "--no-config"] + notesOnly + ["api.yaml"], in: directory + "/specs").status
                == 1)
    }

    @Test func flagsOverrideTheFile() throws {
        let directory = try project(config: "rules:\n  server-url-plain-http: off\n")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let enabled = try rules(
            try TestSupport.run(
                ["lint", "--format", "json", "--enable", "server-url-plain-http", "specs/api.yaml"], in: directory))
        #expect(enabled.contains("server-url-plain-http"))
        let disabled = try rules(
            try TestSupport.run(
                ["lint", "--format", "json", "--disable", "operation-without-security", "specs/api.yaml"], in: directory
            ))
        #expect(!disabled.contains("operation-without-security") && !disabled.contains("server-url-plain-http"))
        let severity = try TestSupport.run(
            [
                "lint", "--format", "json", "--severity", "operation-without-security=note", "--fail-on", "error",
                "--disable", "http-basic-auth", "specs/api.yaml",
            ], in: directory)
        #expect(severity.stdout.contains(#""severity": "note""#))
        #expect(!severity.stdout.contains(#""severity": "error""#))
        #expect(severity.status == 0)
    }

    static let presetAPI = """
        openapi: 3.0.3
        info: {title: Presets, version: '1', contact: {email: api@example.com}}
        paths:
          /users/{userId}:
            get:
              operationId: getUser
              parameters: [{name: userId, in: path, required: true, schema: {type: integer, maximum: 99999}}]
              responses:
                '200':
                  description: ok
                  content: {application/json: {schema: {type: object, properties: {name: {type: string}}}}}
        """

    /// The opt-in rules this document triggers (`recommended: false` in their catalog entries).
    static let optIn: Set<String> = ["numeric-resource-id", "open-response-object", "unbounded-integer"]

    @Test(
        arguments: [
            (nil, [String](), Set<String>()),
            (nil, ["--preset", "all"], optIn),
            ("preset: all\n", [], optIn),
            ("preset: all\n", ["--preset", "recommended"], []),
            ("rules:\n  numeric-resource-id: note\n", [], ["numeric-resource-id"]),
            ("rules:\n  authorization: warning\n", [], []),
            (nil, ["--enable", "open-response-object"], ["open-response-object"]),
            ("preset: all\nrules:\n  open-response-object: off\n", [], ["numeric-resource-id", "unbounded-integer"]),
        ] as [(String?, [String], Set<String>)])
    func presetsChooseTheRulesAndNamingARuleTurnsItOn(config: String?, flags: [String], expected: Set<String>) throws {
        let directory = try project(config: config)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try TestSupport.write(Self.presetAPI, to: "specs/presets.yaml", in: directory)
        let outcome = try TestSupport.run(["lint", "--format", "json"] + flags + ["specs/presets.yaml"], in: directory)
        #expect(outcome.status != 2, "\(outcome.stderr)")
        #expect(Set(try rules(outcome)).intersection(Self.optIn) == expected)
    }

    @Test(arguments: [
        (
            "rules:\n  http-basic-auth: loud\n",
            ".oasguard.yml:2:20: error: 'http-basic-auth' must be off, error, warning or note"
        ),
        ("rules:\n  http-basic-ath: off\n", ".oasguard.yml:2:3: error: unknown rule or category 'http-basic-ath'"),
        ("fail-on: sometimes\n", ".oasguard.yml:1:10: error: `fail-on` must be error, warning, note or never"),
        ("colour: true\n", ".oasguard.yml:1:1: error: unknown key 'colour'"),
        ("preset: everything\n", ".oasguard.yml:1:9: error: `preset` must be recommended or all"),
        (
            "ignore:\n  http-basic-auth: /paths\n",
            ".oasguard.yml:2:20: error: the patterns of 'http-basic-auth' must be a list"
        ),
        ("exclude: vendor\n", ".oasguard.yml:1:10: error: `exclude` must be a list of file globs"),
        ("ignore:\n  http-basic-auth: ['paths']\n", ".oasguard.yml:2:21: error: 'paths' is not a JSON-pointer pattern"),
    ])
    func mistakesAreErrorsWithTheirPosition(config: String, message: String) throws {
        let directory = try project(config: config)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let outcome = try TestSupport.run(["lint", "specs/api.yaml"], in: directory)
        #expect(outcome.status == 2)
        #expect(outcome.stderr.contains(message), "\(outcome.stderr)")
    }

    @Test func anExplicitConfigFileAndTheYamlSpelling() throws {
        let directory = try project(config: "rules:\n  document: off\n  transport: off\n", configName: ".oasguard.yaml")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try TestSupport.write("rules:\n  authentication: off\n", to: "strict.yml", in: directory)
        let found = try rules(try TestSupport.run(["lint", "--format", "json", "specs/api.yaml"], in: directory))
        #expect(!found.contains("server-url-plain-http") && found.contains("http-basic-auth"))
        let other = try rules(
            try TestSupport.run(
                ["lint", "--format", "json", "--config", "strict.yml", "specs/api.yaml"], in: directory))
        #expect(other.contains("server-url-plain-http") && !other.contains("http-basic-auth"))
    }

    @Test func ignorePatternsWithFileGlobsAndExcludes() throws {
        let directory = try project(
            config: """
                ignore:
                  operation-without-security:
                    - "specs/*.yaml#/paths/~1internal~1**"
                  server-url-plain-http:
                    - "other/*.yaml#/servers"
                exclude:
                  - "vendor/**"
                """)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try TestSupport.write(Self.api, to: "vendor/third-party.yaml", in: directory)
        let outcome = try TestSupport.run(["lint", "--format", "json", "."], in: directory)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)) as? [String: Any])
        let files = try #require(json["files"] as? [[String: Any]])
        #expect(files.compactMap { $0["path"] as? String } == ["specs/api.yaml"])
        let findings = try #require(json["findings"] as? [[String: Any]])
        let ignored = try #require(findings.first { $0["rule"] as? String == "operation-without-security" })
        #expect(ignored["suppressed"] as? Bool == true)
        let suppression = try #require(ignored["suppression"] as? [String: Any])
        #expect(suppression["kind"] as? String == "external")
        #expect((suppression["justification"] as? String)?.contains(".oasguard.yml:3") == true)
        let server = try #require(findings.first { $0["rule"] as? String == "server-url-plain-http" })
        #expect(server["suppressed"] as? Bool == false, "the file glob does not match specs/api.yaml")
    }

    @Test func initWritesEveryRuleAndNeverOverwrites() throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        #expect(try TestSupport.run(["init"], in: directory).status == 0)
        let text = try String(contentsOfFile: directory + "/.oasguard.yml", encoding: .utf8)
        for id in ["http-basic-auth", "unused-suppression", "server-url-plain-http"] {
            #expect(text.contains("# \(id):"))
        }
        try TestSupport.write(Self.api, to: "api.yaml", in: directory)
        #expect(try TestSupport.run(["lint", "api.yaml"], in: directory).status == 1, "the starter file loads")
        let again = try TestSupport.run(["init"], in: directory)
        #expect(again.status == 2)
        #expect(again.stderr.contains("already exists"))
    }
}
