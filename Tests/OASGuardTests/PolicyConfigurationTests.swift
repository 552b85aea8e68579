import Foundation
import Linter
import Policies
import SourceTree
import Testing

/// Policies are read as strictly as the rest of the configuration: every mistake is an error at its position.
@Suite struct PolicyConfigurationTests {
    /// Loads `text` as `.oasguard.yml` (after the policies of `policyFile`, when given).
    static func load(_ text: String, policyFile: String? = nil) throws -> Configuration {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try TestSupport.write(text, to: ".oasguard.yml", in: directory)
        var earlier: [Policy] = []
        if let policyFile {
            try TestSupport.write(policyFile, to: "org.yaml", in: directory)
            earlier = try PolicyParser.load(path: directory + "/org.yaml")
        }
        return try Configuration.load(
            path: directory + "/.oasguard.yml", workingDirectory: directory, policies: earlier)
    }

    static let errors: [(text: String, line: Int, column: Int, message: String)] = [
        ("policies:\n  - id: a\n    requires: {authenticated: true}\n", 3, 5, "unknown key 'requires' in `policies`"),
        (
            "policies:\n  - id: a\n    where: {path: [\"/a\"]}\n    require: {authenticated: true}\n", 3, 13,
            "unknown key 'path' in `where`; expected paths, methods, tags, extensions"
        ),
        (
            "policies:\n  - id: a\n    require: {authenticated: true, ratelimit: true}\n", 3, 36,
            "unknown key 'ratelimit' in `require`"
        ),
        (
            "policies:\n  - id: a\n    document: {scope_pattern: x}\n", 3, 16,
            "unknown key 'scope_pattern' in `document`"
        ),
        ("policies:\n  - id: a\n    require: {scopes: admin}\n", 3, 23, "`require.scopes` must be a non-empty list"),
        ("policies:\n  - id: a\n    require: {authenticated: yes please}\n", 3, 30, "`authenticated` takes only true"),
        ("policies:\n  - id: a\n    require: {rate-limit: false}\n", 3, 27, "`rate-limit` takes only true"),
        (
            "policies:\n  - id: a\n    severity: fatal\n    require: {authenticated: true}\n", 3, 15,
            "`severity` must be error, warning or note"
        ),
        (
            "policies:\n  - id: a\n    document: {scope-pattern: \"(a+\"}\n", 3, 31,
            "`scope-pattern` '(a+' a group is not closed"
        ),
        ("policies:\n  - id: a\n    document: {scope-pattern: \"(?=a)\"}\n", 3, 31, "lookaround"),
        ("policies:\n  - id: a\n    document: {scope-pattern: \"[z-a]\"}\n", 3, 31, "reversed"),
        (
            "policies:\n  - id: a\n    where: {paths: [\"/admin/***\"]}\n    require: {authenticated: true}\n", 3, 21,
            "has `***`"
        ),
        (
            "policies:\n  - id: a\n    where: {paths: [\"/a**b\"]}\n    require: {authenticated: true}\n", 3, 21,
            "`**` must stand alone"
        ),
        (
            "policies:\n  - id: a\n    where: {paths: [\"admin/**\"]}\n    require: {authenticated: true}\n", 3, 21,
            "path templates start with `/`"
        ),
        ("policies:\n  - id: a\n    require: {servers: [\"https://**x\"]}\n", 3, 25, "`**` must stand alone"),
        (
            "policies:\n  - id: a\n    require: {schemes: [oauth2, saml]}\n", 3, 33,
            "unknown scheme kind 'saml'; expected apiKey, http-basic, http-bearer, http, oauth2, openIdConnect, mutualTLS"
        ),
        ("policies:\n  - id: a\n    document: {schemes: [basic]}\n", 3, 26, "unknown scheme kind 'basic'"),
        (
            "policies:\n  - id: a\n    where: {methods: [fetch]}\n    require: {authenticated: true}\n", 3, 23,
            "unknown method 'fetch'"
        ),
        (
            "policies:\n  - id: a\n    where: {extensions: {audience: partner}}\n    require: {authenticated: true}\n",
            3, 26,
            "'audience' is not an extension"
        ),
        ("policies:\n  - id: a\n    require: {responses: [\"401\", \"4XY\"]}\n", 3, 34, "'4XY' is not a status code"),
        (
            "policies:\n  - id: a\n    require: {authenticated: true}\n  - id: a\n    require: {rate-limit: true}\n", 4,
            9,
            "policy 'a' is already defined at"
        ),
        ("policies:\n  - severity: note\n    require: {authenticated: true}\n", 2, 5, "a policy needs an `id`"),
        ("policies:\n  - id: \"a b\"\n    require: {authenticated: true}\n", 2, 9, "a policy id is made of letters"),
        ("policies:\n  - id: a\n    message: hello\n", 2, 5, "has neither `require` nor `document`"),
        (
            "policies:\n  - id: a\n    where: {tags: [x]}\n    document: {schemes: [oauth2]}\n", 3, 5,
            "has `where` but no `require`"
        ),
        ("policies:\n  - id: a\n    require: {}\n", 3, 14, "`require` lists no requirement"),
        ("policies: {id: a}\n", 1, 11, "`policies` must be a list of policies"),
        ("rules:\n  policy/missing: off\n", 2, 3, "unknown rule or category 'policy/missing'"),
    ]

    @Test(arguments: errors)
    func everyMistakeIsAPositionedError(_ text: String, line: Int, column: Int, message: String) throws {
        do {
            _ = try Self.load(text)
            Issue.record("no error for:\n\(text)")
        } catch let error as LoadError {
            #expect(error.message.contains(message), "\(error.message)")
            #expect(error.position?.line == line && error.position?.column == column, "\(error)")
        }
    }

    @Test func rulesAndIgnoresMayNamePoliciesDefinedAnywhere() throws {
        let configuration = try Self.load(
            """
            rules:
              policy/local: warning
              policy/org: off
            ignore:
              policy/local: ["/paths/~1health/**"]
            policies:
              - id: local
                require: {authenticated: true}
            """, policyFile: "policies:\n  - id: org\n    require: {rate-limit: true}\n")
        #expect(configuration.policies.map(\.id) == ["org", "local"])
        let (enabled, severities) = configuration.ruleSelection()
        #expect(enabled.contains("policy/local") && !enabled.contains("policy/org"))
        #expect(severities["policy/local"] == .warning)
        #expect(configuration.ignores.map(\.ruleID) == ["policy/local"])
    }

    @Test func aPolicyFileMayNotRedefineAnIdOrHoldOtherKeys() throws {
        #expect(throws: LoadError.self) {
            _ = try Self.load(
                "policies:\n  - id: org\n    require: {rate-limit: true}\n",
                policyFile: "policies:\n  - id: org\n    require: {authenticated: true}\n")
        }
        do {
            _ = try Self.load("fail-on: error\n", policyFile: "rules: {http-basic-auth: off}\n")
            Issue.record("a policy file with `rules`")
        } catch let error as LoadError {
            #expect(error.message.contains("a policy file has only `policies`"))
            #expect(error.position == Position(line: 1, column: 1))
        }
    }

    @Test func aBrokenPolicyFileStopsTheRunWithExitCode2() throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try TestSupport.write(
            "policies:\n  - id: a\n    require: {schemes: [kerberos]}\n", to: "org.yaml", in: directory)
        let outcome = try TestSupport.run(
            ["lint", "--no-config", "--policy", "org.yaml", TestSupport.packageRoot + "/samples"], in: directory)
        #expect(outcome.status == 2)
        #expect(outcome.stderr.contains("org.yaml:3:25: error: unknown scheme kind 'kerberos'"))
    }
}

/// The linear-time scope patterns.
@Suite struct ScopePatternTests {
    static let cases: [(pattern: String, name: String, matches: Bool)] = [
        ("^[a-z]+:(read|write|admin)$", "accounts:read", true),
        ("^[a-z]+:(read|write|admin)$", "accounts:delete", false),
        ("^[a-z]+:(read|write|admin)$", "Accounts:read", false),
        ("read", "accounts:read-only", true),
        ("^read$", "accounts:read", false),
        ("^[a-z_]+(\\.[a-z_]+)*:(read|write)$", "billing.invoices:write", true),
        ("^\\w{2,4}$", "abcde", false),
        ("^\\w{2,4}$", "abcd", true),
        ("^a{3}$", "aaa", true),
        ("^[^:]+:[^:]+$", "a:b:c", false),
        ("^(?:x|y)?z$", "z", true),
        ("^https://\\S+$", "https://example.com/scope", true),
        ("^\\d+$", "12a", false),
        ("", "anything", true),
    ]

    @Test(arguments: cases)
    func matchesLikeARegularExpression(_ pattern: String, name: String, matches: Bool) throws {
        #expect(try ScopePattern(pattern).matches(name) == matches)
    }

    @Test func catastrophicPatternsRunInLinearTime() throws {
        // A backtracking engine takes 2^n steps here; the automaton takes n × states.
        let name = String(repeating: "a", count: ScopePattern.maxNameLength - 1) + "!"
        #expect(try !ScopePattern("^(a+)+$").matches(name))
        #expect(try !ScopePattern("^(a|aa)*$").matches(name))
        #expect(try !ScopePattern("^(a*)*b$").matches(name))
    }

    @Test func longNamesFailAndLargePatternsAreRefused() throws {
        #expect(try !ScopePattern(".*").matches(String(repeating: "a", count: ScopePattern.maxNameLength + 1)))
        #expect(throws: ScopePattern.SyntaxError.self) { try ScopePattern("(((a{99}){99}){99})") }
        #expect(throws: ScopePattern.SyntaxError.self) { try ScopePattern(String(repeating: "a", count: 257)) }
        for broken in ["(", ")", "*a", "a{2", "a{3,1}", "[a", "\\q", "(?<n>a)", "\\"] {
            #expect(throws: ScopePattern.SyntaxError.self, "\(broken)") { try ScopePattern(broken) }
        }
    }
}
