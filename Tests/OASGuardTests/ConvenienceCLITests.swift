import Foundation
import Testing

/// What users of other linters expect of the command line: standard input, globs, quiet and colour, rule lists,
/// the catalog as JSON, several diff formats, JUnit that fails like the exit code, helpful errors, CJK carets.
@Suite(.serialized) struct ConvenienceCLITests {
    let insecure = "samples/insecure-payments-api.yaml"

    /// A document with one HTTP Basic scheme (a warning) and nothing else worth a warning or an error.
    static let basic = """
        openapi: 3.0.3
        info: {title: Basic, version: '1', contact: {email: a@example.com}}
        servers: [{url: 'https://api.example.com'}]
        security: [{basic: []}]
        components:
          securitySchemes:
            basic: {type: http, scheme: basic}
        paths: {}
        """

    // MARK: - Standard input

    @Test func aDashReadsTheDocumentFromStandardInput() throws {
        let text = try String(contentsOfFile: TestSupport.packageRoot + "/" + insecure, encoding: .utf8)
        let fromFile = try TestSupport.run(["lint", "--format", "json", insecure])
        let fromInput = try TestSupport.run(["lint", "--format", "json", "-"], input: text)
        #expect(fromInput.status == 1, "\(fromInput.stderr)")
        let shown = fromInput.stdout.replacingOccurrences(of: "\"<stdin>\"", with: "\"\(insecure)\"")
        #expect(shown == fromFile.stdout)
        #expect(fromInput.stdout.contains("\"<stdin>\""))
    }

    @Test func stdinFilepathNamesTheInputAndAnchorsReferencesAndConfiguration() throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try TestSupport.write(
            "schemes:\n  basic: {type: http, scheme: basic}\n", to: "specs/schemes.yaml", in: directory)
        try TestSupport.write("rules:\n  http-basic-auth: error\n", to: "specs/.oasguard.yml", in: directory)
        let document = Self.basic.replacingOccurrences(
            of: "    basic: {type: http, scheme: basic}", with: "    basic: {$ref: 'schemes.yaml#/schemes/basic'}")
        let outcome = try TestSupport.run(
            ["lint", "--stdin-filepath", "specs/api.yaml", "-"], in: directory, input: document)
        #expect(outcome.status == 1, "\(outcome.stderr)")
        // The finding lies in the referenced file, found beside the named path; the configuration there made it an error.
        #expect(outcome.stdout.contains("specs/schemes.yaml:2:23: error:"), "\(outcome.stdout)")
        #expect(!outcome.stdout.contains("unresolved-ref"))
        let unanchored = try TestSupport.run(["lint", "-"], in: directory, input: document)
        #expect(unanchored.stdout.contains("<stdin>:") && unanchored.stdout.contains("[unresolved-ref]"))
    }

    @Test func standardInputMisuseIsAUsageError() throws {
        let mixed = try TestSupport.run(["lint", "-", insecure])
        #expect(mixed.status == 2 && mixed.stderr.contains("cannot be combined"))
        let named = try TestSupport.run(["lint", "--stdin-filepath", "api.yaml", insecure])
        #expect(named.status == 2 && named.stderr.contains("give - as the path"))
        let broken = try TestSupport.run(["lint", "-"], input: "openapi: [\n")
        #expect(broken.status == 2 && broken.stderr.contains("<stdin>:"), "\(broken.stderr)")
    }

    // MARK: - Globs

    @Test func globArgumentsAreExpandedByOASGuard() throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try TestSupport.write(Self.basic, to: "specs/a/one.yaml", in: directory)
        try TestSupport.write(Self.basic, to: "specs/two.yaml", in: directory)
        try TestSupport.write(Self.basic, to: "specs/three.json.yml", in: directory)
        try TestSupport.write("type: object\n", to: "specs/a/fragment.yaml", in: directory)
        try TestSupport.write(Self.basic, to: "specs/node_modules/dep.yaml", in: directory)
        try TestSupport.write(Self.basic, to: "other/four.yaml", in: directory)
        let outcome = try TestSupport.run(["lint", "--format", "json", "specs/**/*.yaml"], in: directory)
        let files = try Self.files(outcome.stdout)
        #expect(
            files == ["specs/a/one.yaml", "specs/two.yaml"], "fragments, other extensions and node_modules left out")
        let one = try TestSupport.run(["lint", "--format", "json", "specs/*.yaml"], in: directory)
        #expect(try Self.files(one.stdout) == ["specs/two.yaml"])
        let none = try TestSupport.run(["lint", "nowhere/*.yaml"], in: directory)
        #expect(none.status == 2 && none.stderr.contains("nowhere/*.yaml: error: no file matches"))
    }

    static func files(_ json: String) throws -> [String] {
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        return (object["files"] as? [[String: Any]] ?? []).compactMap { $0["path"] as? String }
    }

    // MARK: - Quiet, colour, rule lists

    @Test func quietPrintsOnlyTheFindings() throws {
        let loud = try TestSupport.run(["lint", insecure])
        let quiet = try TestSupport.run(["lint", "--quiet", insecure])
        #expect(quiet.status == loud.status)
        #expect(loud.stdout.contains(" in 1 document"))
        #expect(!quiet.stdout.contains(" in 1 document"))
        #expect(loud.stdout.hasPrefix(quiet.stdout))
        #expect(quiet.stdout.contains("[server-url-plain-http]"))
    }

    @Test func colourFollowsTheFlagThenNoColorThenForceColor() throws {
        let escape = "\u{1B}["
        func colored(_ flags: [String], _ environment: [String: String]) throws -> Bool {
            try TestSupport.run(["lint"] + flags + [insecure], environment: environment).stdout.contains(escape)
        }
        let neither = ["NO_COLOR": "", "FORCE_COLOR": ""]
        #expect(try !colored([], neither), "auto: not a terminal")
        #expect(try colored(["--color", "always"], ["NO_COLOR": "1", "FORCE_COLOR": ""]))
        #expect(try !colored(["--color", "never"], ["NO_COLOR": "", "FORCE_COLOR": "1"]))
        #expect(try colored([], ["NO_COLOR": "", "FORCE_COLOR": "1"]))
        #expect(try !colored([], ["NO_COLOR": "", "FORCE_COLOR": "0"]))
        #expect(try !colored([], ["NO_COLOR": "1", "FORCE_COLOR": "1"]))
        #expect(try TestSupport.run(["lint", "--color", "sometimes", insecure]).status == 2)
    }

    @Test func enableDisableAndSeverityTakeCommaListsAndOff() throws {
        let all = try TestSupport.run(["lint", "--format", "json", insecure])
        let lists = try TestSupport.run([
            "lint", "--format", "json", "--disable", "data, rate-limits", "--severity",
            "server-url-plain-http=off,http-basic-auth=error", insecure,
        ])
        let repeated = try TestSupport.run([
            "lint", "--format", "json", "--disable", "data", "--disable", "rate-limits", "--severity",
            "server-url-plain-http=off", "--severity", "http-basic-auth=error", insecure,
        ])
        #expect(lists.stdout == repeated.stdout)
        #expect(all.stdout.contains("server-url-plain-http"))
        #expect(!lists.stdout.contains("server-url-plain-http"))
        #expect(!lists.stdout.contains("unbounded-string") && !lists.stdout.contains("rate-limit-response-missing"))
        #expect(all.stdout.contains("unbounded-string"))
        let enabled = try TestSupport.run([
            "lint", "--format", "json", "--disable", "authentication", "--enable", "http-basic-auth,api-key-in-query",
            insecure,
        ])
        #expect(enabled.stdout.contains("http-basic-auth") && !enabled.stdout.contains("operation-without-security"))
    }

    // MARK: - Errors

    @Test func errorsNameTheSubcommandAndSuggestTheNearestRule() throws {
        let typo = try TestSupport.run(["lint", "--enable", "htp-basic-auth", insecure])
        #expect(typo.status == 2)
        #expect(typo.stderr.contains("did you mean 'http-basic-auth'?"), "\(typo.stderr)")
        #expect(typo.stderr.contains("oasguard lint --help"))
        let far = try TestSupport.run(["lint", "--disable", "NOSUCH", insecure])
        #expect(far.status == 2 && far.stderr.contains("unknown rule or category 'NOSUCH'"))
        #expect(far.stderr.contains("oasguard lint --help") && !far.stderr.contains("'oasguard --help'"))
        let rule = try TestSupport.run(["rules", "http-basic"])
        #expect(rule.status == 2 && rule.stderr.contains("did you mean 'http-basic-auth'?"))
        #expect(rule.stderr.contains("oasguard rules --help"))
        let missing = try TestSupport.run(["lint", "missing.yaml"])
        #expect(missing.stderr.contains("missing.yaml: error: no such file or directory"))
        #expect(!missing.stderr.contains("missing.yaml:1:1"))
    }

    // MARK: - Rules

    @Test func rulesAsJSONListEveryRuleAndRegressionKind() throws {
        let outcome = try TestSupport.run(["rules", "--format", "json"])
        #expect(outcome.status == 0)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)) as? [String: Any])
        let rules = try #require(object["rules"] as? [[String: Any]])
        let kinds = try #require(object["regressionKinds"] as? [[String: Any]])
        let text = try TestSupport.run(["rules"]).stdout
        let table = try #require(text.components(separatedBy: "\n\nRegressions").first)
        #expect(rules.count == table.split(separator: "\n").count)
        #expect(kinds.count == text.split(separator: "\n").count - table.split(separator: "\n").count - 1)
        let basic = try #require(rules.first { $0["id"] as? String == "http-basic-auth" })
        #expect(basic["severity"] as? String == "warning" && (basic["cwe"] as? [String])?.isEmpty == false)
        #expect(
            kinds.contains { $0["id"] as? String == "authentication-removed" && $0["severity"] as? String == "error" })
        let one = try TestSupport.run(["rules", "--format", "json", "authentication-removed"])
        let single = try #require(try JSONSerialization.jsonObject(with: Data(one.stdout.utf8)) as? [String: Any])
        #expect((single["rules"] as? [Any])?.isEmpty == true && (single["regressionKinds"] as? [Any])?.count == 1)
    }

    @Test func rulesListAndExplainTheRegressionKinds() throws {
        let list = try TestSupport.run(["rules"])
        #expect(
            list.stdout.contains("authentication-removed") && list.stdout.contains("Operation no longer authenticated"))
        let kind = try TestSupport.run(["rules", "rate-limit-removed"])
        #expect(kind.status == 0)
        #expect(kind.stdout.contains("Severity: warning") && kind.stdout.contains("no longer declares a `429`"))
    }

    // MARK: - Diff

    @Test func diffWritesSeveralFormatsIncludingGitHubAndReadsFailOnFromTheConfiguration() throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let old = Self.basic.replacingOccurrences(
            of: "paths: {}", with: "paths:\n  /a:\n    get:\n      responses: {'200': {description: ok}}\n")
        let new = old.replacingOccurrences(of: "    get:\n", with: "    get:\n      security: [{basic: []}, {}]\n")
        try TestSupport.write(old, to: "old.yaml", in: directory)
        try TestSupport.write(new, to: "new.yaml", in: directory)
        let outcome = try TestSupport.run(
            [
                "diff", "--format", "text", "--format", "github", "--format", "sarif", "--output",
                "sarif=diff.sarif", "--output", "github=annotations.txt", "--no-config", "old.yaml", "new.yaml",
            ], in: directory)
        // Anonymous access is a warning: below the default fail-on.
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.stdout.contains("[anonymous-access-added]"))
        let annotations = try String(contentsOfFile: directory + "/annotations.txt", encoding: .utf8)
        #expect(annotations.hasPrefix("::warning file=new.yaml,line=11,col=7,"), "\(annotations)")
        #expect(annotations.contains("title=oasguard diff anonymous-access-added::"))
        #expect(FileManager.default.fileExists(atPath: directory + "/diff.sarif"))
        try TestSupport.write("fail-on: warning\n", to: ".oasguard.yml", in: directory)
        #expect(try TestSupport.run(["diff", "old.yaml", "new.yaml"], in: directory).status == 1)
        #expect(try TestSupport.run(["diff", "--fail-on", "error", "old.yaml", "new.yaml"], in: directory).status == 0)
        let twoToStdout = try TestSupport.run(
            ["diff", "--format", "text", "--format", "json", "old.yaml", "new.yaml"], in: directory)
        #expect(twoToStdout.status == 2 && twoToStdout.stderr.contains("oasguard diff --help"))
    }

    // MARK: - JUnit

    @Test func junitFailsACaseOnlyAtTheFailOnLevelAndNeverForNotes() throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try TestSupport.write(Self.basic, to: "api.yaml", in: directory)
        try TestSupport.write("openapi: 3.0.3\ninfo: [\n", to: "broken.yaml", in: directory)
        func junit(_ flags: [String], _ files: [String] = ["api.yaml"]) throws -> String {
            try TestSupport.run(["lint", "--format", "junit"] + flags + files, in: directory).stdout
        }
        let byDefault = try junit([])
        #expect(!byDefault.contains("<failure"), "a warning stays below the default fail-on error")
        #expect(byDefault.contains("<system-out>") && byDefault.contains("HTTP Basic"), "\(byDefault)")
        let warning = try junit(["--fail-on", "warning"])
        #expect(warning.components(separatedBy: "<failure").count - 1 == 1, "\(warning)")
        #expect(warning.contains("<failure type=\"warning\""))
        let note = try junit(["--fail-on", "note"])
        #expect(note.components(separatedBy: "<failure").count - 1 == 1, "notes never fail a case: \(note)")
        let broken = try junit([], ["broken.yaml", "missing.yaml"])
        #expect(broken.contains("<testsuites name=\"oasguard\" tests=\"2\" failures=\"0\" errors=\"2\">"), "\(broken)")
        #expect(broken.components(separatedBy: "<testcase").count - 1 == 2)
    }

    // MARK: - Code frames

    @Test func caretsLineUpUnderWideCharacters() throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try TestSupport.write(
            Self.basic.replacingOccurrences(
                of: "    basic: {type: http, scheme: basic}",
                with: "    basic: {description: 認証方式, type: http, scheme: basic}"),
            to: "api.yaml", in: directory)
        let outcome = try TestSupport.run(["lint", "--fail-on", "never", "--quiet", "api.yaml"], in: directory)
        let lines = outcome.stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let source = try #require(lines.firstIndex { $0.contains("認証方式") && $0.contains("scheme: basic") })
        let frame = lines[source]
        let caret = lines[source + 1]
        // The finding is on the `scheme` key; before it, in terminal cells, each of the four CJK characters takes two.
        let key = try #require(frame.range(of: "scheme: basic")).lowerBound
        let expectedColumn = frame[..<key].reduce(0) { $0 + ($1 >= "\u{3000}" ? 2 : 1) }
        let caretColumn = caret.prefix { $0 != "^" }.count
        #expect(caretColumn == expectedColumn, "\(frame)\n\(caret)")
        #expect(caret.hasSuffix(" ^~~~~~"))
    }
}
