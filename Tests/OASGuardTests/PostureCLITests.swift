import Foundation
import SourceTree
import Testing

/// `oasguard inventory`, `oasguard diff` and `lint --score`/`--min-score` end to end: formats, exit codes, git inputs.
@Suite(.serialized) struct PostureCLITests {
    let insecure = "samples/insecure-payments-api.yaml"
    let secure = "samples/secure-banking-api.yaml"
    /// Only the foundation's rule categories, whose findings on the samples are settled (see SecurityScoreTests),
    /// all of their rules (the score there is worked out with the opt-in unauthorized-response-missing too).
    let foundationOnly =
        ["--preset", "all"]
        + ["authorization", "data", "rate-limits", "inventory", "document"].flatMap { ["--disable", $0] }

    // MARK: - Inventory

    @Test func inventoryTextFitsTheWidthAndEndsWithTotalsAndScore() throws {
        let outcome = try TestSupport.run(["inventory", "--width", "100", insecure])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let lines = outcome.stdout.split(separator: "\n")
        #expect(lines.allSatisfy { $0.count <= 100 }, "\(lines.filter { $0.count > 100 })")
        #expect(outcome.stdout.contains("…"), "long cells are shortened")
        #expect(lines.first?.hasPrefix("\(insecure) — Northwind Payments API (OpenAPI 3.0.3)") == true)
        #expect(lines[1].hasPrefix("METHOD  PATH"))
        #expect(lines.contains { $0.hasPrefix("totals: 11 operations; ") })
        #expect(lines.contains { $0.hasPrefix("security score: ") && $0.contains("/100 (authentication ") })
        // Without a width (and not on a terminal), nothing is shortened.
        let wide = try TestSupport.run(["inventory", insecure], environment: ["COLUMNS": ""])
        #expect(!wide.stdout.contains("…"))
        #expect(
            wide.stdout.contains("http://api.payments.example.com/v1, https://api.payments.example.com/v1 (production)")
        )
    }

    /// A JSON inventory is written in chunks of 64 KB as its operations are written: one of many chunks, to a file
    /// and to standard output, is whole and the same.
    @Test func aJSONInventoryOfManyChunksIsWrittenWhole() throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let paths = (0..<400).map {
            "  /items/\($0):\n    get:\n      operationId: item\($0)\n      responses: {'200': {description: ok}}\n"
        }
        try TestSupport.write(
            "openapi: 3.0.3\ninfo: {title: Many, version: '1'}\npaths:\n" + paths.joined(), to: "many.yaml",
            in: directory)
        let standardOutput = try TestSupport.run(["inventory", "--format", "json", "many.yaml"], in: directory)
        #expect(standardOutput.stdout.utf8.count > 4 * 65_536)
        let written = try TestSupport.run(
            ["inventory", "--format", "json", "-o", "inventory.json", "many.yaml"], in: directory)
        #expect(written.status == 0 && written.stdout.isEmpty)
        let file = try String(contentsOfFile: directory + "/inventory.json", encoding: .utf8)
        #expect(file == standardOutput.stdout)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(file.utf8)) as? [String: Any])
        let documents = try #require(json["documents"] as? [[String: Any]])
        let operations = try #require(documents.first?["operations"] as? [[String: Any]])
        #expect(operations.map { $0["operationId"] as? String } == (0..<400).map { "item\($0)" })
        #expect(file.hasSuffix("}\n"))
    }

    @Test func inventoryJSONHasTheDocumentedShape() throws {
        let outcome = try TestSupport.run(["inventory", "--format", "json", insecure, secure])
        let json = try #require(try JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)) as? [String: Any])
        #expect(json["formatVersion"] as? Int == 2)
        let documents = try #require(json["documents"] as? [[String: Any]])
        #expect(documents.map { $0["path"] as? String } == [insecure, secure])
        let operations = try #require(documents[0]["operations"] as? [[String: Any]])
        #expect(operations.count == 11)
        let login = try #require(operations.first { $0["operationId"] as? String == "login" })
        #expect(login["method"] as? String == "GET" && login["path"] as? String == "/auth/login")
        #expect(login["anonymous"] as? Bool == true)
        #expect(login["receives"] as? [String] == ["credentials"])
        #expect((login["rateLimit"] as? [String: Any])?["declared"] as? Bool == false)
        for key in ["servers", "authentication", "scopes", "returns", "receivedFields", "returnedFields"] {
            #expect(login[key] is [Any], "\(key)")
        }
        let received = try #require(login["receivedFields"] as? [[String: Any]])
        #expect(!received.isEmpty)
        for field in received {
            for key in ["name", "class", "term", "file", "pointer"] { #expect(field[key] is String, "\(key)") }
            #expect((field["places"] as? Int ?? 0) >= 1)
        }
        #expect((login["findings"] as? [String: Int])?["error"] != nil)
        let totals = try #require(documents[0]["totals"] as? [String: Int])
        #expect(totals["operations"] == 11)
        #expect(totals["unauthenticated"] == operations.filter { $0["anonymous"] as? Bool == true }.count)
        #expect(
            totals["withoutRateLimit"]
                == operations.filter { ($0["rateLimit"] as? [String: Any])?["declared"] as? Bool == false }.count)
        let score = try #require(documents[1]["score"] as? [String: Any])
        #expect(score["score"] is Double && score["operations"] as? Int == 11)
        let categories = try #require(score["categories"] as? [[String: Any]])
        #expect(
            categories.map { $0["category"] as? String } == [
                "authentication", "authorization", "transport", "data", "rate-limits", "inventory",
            ])
        let all = try #require(json["totals"] as? [String: Int])
        #expect(all["operations"] == 22)
    }

    /// Parses RFC 4180 CSV.
    static func parseCSV(_ text: String) -> [[String]] {
        var rows: [[String]] = []
        var row: [String] = []
        var field = ""
        var quoted = false
        var characters = Array(text)[...]
        while let character = characters.popFirst() {
            if quoted {
                if character == "\"" {
                    if characters.first == "\"" {
                        field.append("\"")
                        characters.removeFirst()
                    } else {
                        quoted = false
                    }
                } else {
                    field.append(character)
                }
            } else if character == "\"" {
                quoted = true
            } else if character == "," {
                row.append(field)
                field = ""
            } else if character == "\r\n" || character == "\n" {
                row.append(field)
                rows.append(row)
                row = []
                field = ""
            } else {
                field.append(character)
            }
        }
        return rows
    }

    @Test func inventoryCSVParsesBack() throws {
        let outcome = try TestSupport.run(["inventory", "--format", "csv", insecure])
        let rows = Self.parseCSV(outcome.stdout)
        #expect(
            rows.first == [
                "file", "method", "path", "webhook", "operation_id", "servers", "authentication", "anonymous", "scopes",
                "receives", "returns", "rate_limit", "deprecated", "errors", "warnings", "notes",
            ])
        #expect(rows.count == 12)
        #expect(rows.allSatisfy { $0.count == 16 })
        let accounts = try #require(rows.first { $0[4] == "listAccounts" })
        #expect(accounts[0] == insecure && accounts[1] == "GET" && accounts[2] == "/accounts")
        // Commas and quotes inside cells survive the round trip.
        #expect(accounts[5] == "http://api.payments.example.com/v1; https://api.payments.example.com/v1 (production)")
        #expect(accounts[6].contains(" | "))
        #expect(Int(accounts[13]) != nil)
        #expect(rows.contains { $0[11] == "" })
    }

    @Test func inventoryMarkdownHasATableAndTotals() throws {
        let outcome = try TestSupport.run(["inventory", "--format", "markdown", secure])
        #expect(outcome.stdout.hasPrefix("## oasguard inventory\n"))
        #expect(outcome.stdout.contains("**Security score "))
        let rows = outcome.stdout.split(separator: "\n").filter {
            $0.hasPrefix("| GET") || $0.hasPrefix("| POST") || $0.hasPrefix("| PUT") || $0.hasPrefix("| PATCH")
                || $0.hasPrefix("| DELETE")
        }
        #expect(rows.count == 11)
        #expect(rows.allSatisfy { $0.filter { $0 == "|" }.count == 12 })
        #expect(outcome.stdout.contains("**Totals:** 11 operations; 0 unauthenticated"))
    }

    @Test func inventoryWithWebhooks() throws {
        let outcome = try TestSupport.run([
            "inventory", "--format", "csv", TestSupport.fixtures + "/oai/oai__v3.1-webhook-example.yaml",
        ])
        try #require(outcome.status == 0, "\(outcome.stderr)")
        let rows = Self.parseCSV(outcome.stdout)
        #expect(rows.contains { $0[3] == "yes" && $0[1] == "POST" && $0[2] == "newPet" })
    }

    @Test func inventoryUsageErrors() throws {
        #expect(try TestSupport.run(["inventory", "--format", "sarif", secure]).status == 2)
        #expect(try TestSupport.run(["inventory", "--min-score", "101", secure]).status == 2)
        let missing = try TestSupport.run(["inventory", "missing.yaml"])
        #expect(missing.status == 2 && missing.stderr.contains("missing.yaml: error: no such file or directory"))
    }

    // MARK: - Scores in lint

    @Test func lintScoreAddsTheScoreToTextJSONAndMarkdown() throws {
        let text = try TestSupport.run(["lint", "--score"] + foundationOnly + [insecure])
        // 50.9: worked out by hand in SecurityScoreTests.theInsecureSampleAuthenticationAndTransport.
        #expect(
            text.stdout.contains(
                "security score: \(insecure) 50.9/100 (authentication 41.1, authorization -, transport 70.6, data -, rate limits -, inventory -)"
            ), "\(text.stdout.suffix(300))")
        let json = try TestSupport.run(["lint", "--score", "--format", "json"] + foundationOnly + [insecure])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let scores = try #require(object["scores"] as? [[String: Any]])
        #expect(scores.first?["file"] as? String == insecure)
        #expect(scores.first?["score"] as? Double == 50.9)
        let markdown = try TestSupport.run(["lint", "--score", "--format", "markdown"] + foundationOnly + [insecure])
        #expect(markdown.stdout.contains("### Security score"))
        #expect(markdown.stdout.contains("| \(insecure) | **50.9** | 41.1 | – | 70.6 | – | – | – |"))
        // Without --score, no score.
        let plain = try TestSupport.run(["lint", "--format", "json", insecure])
        #expect(!plain.stdout.contains("\"scores\""))
    }

    @Test func minScoreFailsTheRun() throws {
        let base = ["lint", "--fail-on", "never"] + foundationOnly
        #expect(
            try TestSupport.run(base + ["--min-score", "50.9", insecure]).status == 0,
            "a score equal to the minimum passes")
        let below = try TestSupport.run(base + ["--min-score", "51", insecure])
        #expect(below.status == 1)
        #expect(below.stderr.contains("\(insecure): error: security score 50.9 is below the minimum of 51"))
        #expect(try TestSupport.run(base + ["--min-score", "100", secure]).status == 0)
        #expect(try TestSupport.run(base + ["--min-score", "-1", secure]).status == 2)
        #expect(try TestSupport.run(["inventory", "--min-score", "90", insecure]).status == 1)
        #expect(try TestSupport.run(["inventory", "--min-score", "0", insecure]).status == 0)
    }

    @Test func minScoreFromTheConfiguration() throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try FileManager.default.createDirectory(atPath: directory + "/.git", withIntermediateDirectories: true)
        let sample = try String(contentsOfFile: TestSupport.packageRoot + "/" + insecure, encoding: .utf8)
        try TestSupport.write(sample, to: "api.yaml", in: directory)
        try TestSupport.write("fail-on: never\nmin-score: 95\n", to: ".oasguard.yml", in: directory)
        let failing = try TestSupport.run(["lint", "api.yaml"], in: directory)
        #expect(failing.status == 1)
        #expect(failing.stderr.contains("api.yaml: error: security score "))
        #expect(
            try TestSupport.run(["lint", "--min-score", "0", "api.yaml"], in: directory).status == 0, "the flag wins")
        #expect(try TestSupport.run(["inventory", "api.yaml"], in: directory).status == 1)
        for (value, column) in [("101", 12), ("'80'", 12), ("high", 12), ("[80]", 12)] {
            try TestSupport.write("fail-on: never\nmin-score: \(value)\n", to: ".oasguard.yml", in: directory)
            let broken = try TestSupport.run(["lint", "api.yaml"], in: directory)
            #expect(broken.status == 2)
            #expect(
                broken.stderr.contains(".oasguard.yml:2:\(column): error: `min-score` must be a number from 0 to 100"),
                "\(broken.stderr)")
        }
    }

    // MARK: - Diff

    /// Two versions of a small API in a fresh directory: `old.yaml` and `new.yaml`.
    func pair(old: String, new: String) throws -> String {
        let directory = try TestSupport.temporaryDirectory()
        try TestSupport.write(old, to: "old.yaml", in: directory)
        try TestSupport.write(new, to: "new.yaml", in: directory)
        return directory
    }

    static let v1 = """
        openapi: 3.0.3
        info: {title: Pets, version: '1'}
        servers: [{url: 'https://api.pets.example.com'}]
        components:
          securitySchemes:
            bearer: {type: http, scheme: bearer}
        security: [{bearer: []}]
        paths:
          /pets/{id}:
            get:
              operationId: getPet
              parameters: [{name: id, in: path, required: true, schema: {type: string, maxLength: 20}}]
              responses: {'200': {description: ok}, '429': {description: slow down}}
        """

    static let v2 = """
        openapi: 3.0.3
        info: {title: Pets, version: '2'}
        servers: [{url: 'https://api.pets.example.com'}, {url: 'https://beta.pets.example.com'}]
        components:
          securitySchemes:
            bearer: {type: http, scheme: bearer}
        security: [{bearer: []}]
        paths:
          /pets/{petId}:
            get:
              operationId: getPet
              security: []
              parameters: [{name: petId, in: path, required: true, schema: {type: string}}]
              responses: {'200': {description: ok}, '429': {description: slow down}}
          /pets:
            post:
              responses: {'201': {description: ok}}
        """

    @Test func diffTextListsRegressionsAtTheNewDocument() throws {
        let directory = try pair(old: Self.v1, new: Self.v2)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let outcome = try TestSupport.run(["diff", "old.yaml", "new.yaml"], in: directory)
        #expect(outcome.status == 1, "\(outcome.stdout)\(outcome.stderr)")
        #expect(
            outcome.stdout.hasPrefix(
                "comparing old.yaml (old) with new.yaml (new): 1 operations matched, 1 added, 0 removed\n"))
        #expect(
            outcome.stdout.contains(
                "new.yaml:3:51: note: server 'https://beta.pets.example.com' is new: the API is now also exposed there [server-added]"
            ))
        #expect(
            outcome.stdout.contains(
                "new.yaml:12:7: error: GET /pets/{petId} no longer requires authentication (it required 'bearer' (http bearer)) [authentication-removed]"
            ))
        #expect(
            outcome.stdout.contains(
                "new.yaml:13:60: warning: maxLength 20 of parameter 'petId' received by GET /pets/{petId} was removed, so the value is unbounded [input-bound-removed]"
            ))
        #expect(!outcome.stdout.contains("POST /pets"), "POST /pets is new, but inherits the document's bearer")
        #expect(outcome.stdout.hasSuffix("3 regressions (1 error, 1 warning, 1 note), 0 improvements\n"))
    }

    @Test func diffFailOnSetsTheThreshold() throws {
        let onlyNote = Self.v1.replacing(
            "servers: [{url: 'https://api.pets.example.com'}]",
            with: "servers: [{url: 'https://api.pets.example.com'}, {url: 'https://eu.pets.example.com'}]")
        let directory = try pair(old: Self.v1, new: onlyNote)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        #expect(try TestSupport.run(["diff", "old.yaml", "new.yaml"], in: directory).status == 0)
        #expect(
            try TestSupport.run(["diff", "--fail-on", "warning", "old.yaml", "new.yaml"], in: directory).status == 0)
        #expect(try TestSupport.run(["diff", "--fail-on", "note", "old.yaml", "new.yaml"], in: directory).status == 1)
        #expect(try TestSupport.run(["diff", "--fail-on", "never", "new.yaml", "old.yaml"], in: directory).status == 0)
        #expect(
            try TestSupport.run(["diff", "--fail-on", "sometimes", "old.yaml", "new.yaml"], in: directory).status == 2)
        #expect(try TestSupport.run(["diff", "old.yaml"], in: directory).status == 2)
        #expect(try TestSupport.run(["diff", "old.yaml", "gone.yaml"], in: directory).status == 2)
    }

    @Test func diffJSONHasTheDocumentedShape() throws {
        let directory = try pair(old: Self.v1, new: Self.v2)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let outcome = try TestSupport.run(["diff", "--format", "json", "old.yaml", "new.yaml"], in: directory)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)) as? [String: Any])
        #expect(
            json["formatVersion"] as? Int == 1 && json["old"] as? String == "old.yaml"
                && json["new"] as? String == "new.yaml")
        let operations = try #require(json["operations"] as? [String: Int])
        #expect(operations == ["old": 1, "new": 2, "matched": 1, "matchedByOperationId": 0, "added": 1, "removed": 0])
        let regressions = try #require(json["regressions"] as? [[String: Any]])
        #expect(regressions.count == 3)
        for regression in regressions {
            for key in ["kind", "severity", "category", "message", "document", "file", "pointer"] {
                #expect(regression[key] is String, "\(key)")
            }
            #expect(regression["line"] is Int && regression["column"] is Int)
            #expect(regression["document"] as? String == "new" && regression["file"] as? String == "new.yaml")
        }
        let removed = try #require(regressions.first { $0["kind"] as? String == "authentication-removed" })
        #expect(removed["pointer"] as? String == "/paths/~1pets~1{petId}/get/security")
        #expect(removed["operation"] as? String == "GET /pets/{petId}")
        #expect(json["improvements"] as? [Any] != nil)
        #expect(json["summary"] as? [String: Int] == ["error": 1, "warning": 1, "note": 1, "improvements": 0])
    }

    @Test func diffMarkdownForAPullRequestComment() throws {
        let directory = try pair(old: Self.v2, new: Self.v1)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let outcome = try TestSupport.run(["diff", "--format", "markdown", "old.yaml", "new.yaml"], in: directory)
        #expect(outcome.stdout.hasPrefix("## oasguard diff\n"))
        #expect(
            outcome.stdout.contains("**0 regressions (0 errors, 0 warnings, 0 notes), 3 improvements**"),
            "\(outcome.stdout)")
        #expect(outcome.stdout.contains("### Improvements"))
        #expect(
            outcome.stdout.contains(
                "| 🟢 `authentication-added` | new.yaml:7:1 | GET /pets/{id} now requires authentication ('bearer' (http bearer)) |"
            ))
        #expect(
            outcome.stdout.contains("| 🟢 `server-removed` | old.yaml:3:51 |"),
            "a removed server points into the old version")
    }

    @Test func diffSARIFIsValid() throws {
        let directory = try pair(old: Self.v1, new: Self.v2)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let outcome = try TestSupport.run(
            ["diff", "--format", "sarif", "--output", "diff.sarif", "old.yaml", "new.yaml"], in: directory)
        #expect(outcome.status == 1)
        let log = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: directory + "/diff.sarif")))
                as? [String: Any])
        let run = try #require((log["runs"] as? [[String: Any]])?.first)
        let rules = try #require(
            ((run["tool"] as? [String: Any])?["driver"] as? [String: Any])?["rules"] as? [[String: Any]])
        #expect(rules.count == 12)
        let results = try #require(run["results"] as? [[String: Any]])
        #expect(results.count == 3)
        for result in results {
            let index = try #require(result["ruleIndex"] as? Int)
            #expect(rules[index]["id"] as? String == result["ruleId"] as? String)
        }
        let violations = try SchemaCheck.sarif().violations(of: log)
        #expect(violations.isEmpty, "\(violations.prefix(10))")
    }

    @Test(.requiresSARIFValidator) func diffSARIFPassesTheExternalValidator() throws {
        let directory = try pair(old: Self.v1, new: Self.v2)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        _ = try TestSupport.run(
            ["diff", "--format", "sarif", "--output", "diff.sarif", "old.yaml", "new.yaml"], in: directory)
        let validation = try #require(try TestSupport.validateSARIF(directory + "/diff.sarif", root: directory))
        #expect(validation.status == 0, "\(validation.output)")
    }

    // MARK: - git inputs

    /// A repository whose first commit has `v1` at `spec/api.yaml` (with its schema in another file), and whose
    /// working tree has `v2`.
    func repository() throws -> String {
        let directory = try TestSupport.temporaryDirectory()
        try #require(try TestSupport.git(["init", "-q"], in: directory).status == 0)
        let withReference = Self.v1.replacing(
            "parameters: [{name: id, in: path, required: true, schema: {type: string, maxLength: 20}}]",
            with: "parameters: [{name: id, in: path, required: true, schema: {$ref: 'schemas/id.yaml'}}]")
        try TestSupport.write(withReference, to: "spec/api.yaml", in: directory)
        try TestSupport.write("type: string\nmaxLength: 20\n", to: "spec/schemas/id.yaml", in: directory)
        try #require(try TestSupport.git(["add", "."], in: directory).status == 0)
        try #require(try TestSupport.git(["commit", "-q", "-m", "v1"], in: directory).status == 0)
        try TestSupport.write(Self.v2, to: "spec/api.yaml", in: directory)
        try TestSupport.write("type: string\n", to: "spec/schemas/id.yaml", in: directory)
        return directory
    }

    @Test func diffReadsAVersionFromGitWithoutCheckingItOut() throws {
        let directory = try repository()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let outcome = try TestSupport.run(
            ["diff", "--format", "json", "git:HEAD:spec/api.yaml", "spec/api.yaml"], in: directory)
        #expect(outcome.status == 1, "\(outcome.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)) as? [String: Any])
        #expect(json["old"] as? String == "git:HEAD:spec/api.yaml")
        let regressions = try #require(json["regressions"] as? [[String: Any]])
        // The old parameter's schema is in schemas/id.yaml, read from the commit (its working-tree copy lost its
        // maxLength too, which must not matter).
        #expect(
            regressions.map { $0["kind"] as? String } == [
                "server-added", "authentication-removed", "input-bound-removed",
            ])
        #expect(regressions.allSatisfy { $0["file"] as? String == "spec/api.yaml" })
        #expect(outcome.stderr.isEmpty, "\(outcome.stderr)")
        // The working tree is untouched, and no version compared with itself regresses.
        #expect(try String(contentsOfFile: directory + "/spec/api.yaml", encoding: .utf8) == Self.v2)
        let same = try TestSupport.run(["diff", "git:HEAD:spec/api.yaml", "git:HEAD:spec/api.yaml"], in: directory)
        #expect(same.status == 0 && same.stdout.contains("0 regressions"))
        // From a subdirectory, ./ paths are relative to it.
        let nested = try TestSupport.run(["diff", "git:HEAD:./api.yaml", "api.yaml"], in: directory + "/spec")
        #expect(nested.status == 1 && nested.stdout.contains("[authentication-removed]"), "\(nested.stderr)")
    }

    @Test func gitSchemaReferencesAreReadFromTheRevision() throws {
        let directory = try repository()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        // Same document in both, only the referenced schema changed: the bound removed in the working tree shows.
        try TestSupport.write(
            Self.v1.replacing(
                "schema: {type: string, maxLength: 20}}]", with: "schema: {$ref: 'schemas/id.yaml'}}]"),
            to: "spec/api.yaml", in: directory)
        let outcome = try TestSupport.run(["diff", "git:HEAD:spec/api.yaml", "spec/api.yaml"], in: directory)
        #expect(
            outcome.stdout.contains(
                "spec/schemas/id.yaml:1:1: warning: maxLength 20 of the schema received by GET /pets/{id} was removed"),
            "\(outcome.stdout)\(outcome.stderr)")
    }

    @Test func gitErrorsExitWithTwo() throws {
        let directory = try repository()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let revision = try TestSupport.run(["diff", "git:no-such-rev:spec/api.yaml", "spec/api.yaml"], in: directory)
        #expect(revision.status == 2)
        #expect(
            revision.stderr.contains(
                "git:no-such-rev:spec/api.yaml:1:1: error: git show no-such-rev:spec/api.yaml failed"),
            "\(revision.stderr)")
        let path = try TestSupport.run(["diff", "git:HEAD:spec/nope.yaml", "spec/api.yaml"], in: directory)
        #expect(path.status == 2)
        let outside = try TestSupport.run(
            ["diff", "git:HEAD:spec/api.yaml", "spec/api.yaml"], in: NSTemporaryDirectory())
        #expect(outside.status == 2)
    }

    /// An old version large enough that the new one is parsed while it is modelled (`DiffCommand.parsedAheadBytes`):
    /// the new version's files read from git stay until it is modelled, and each version's messages come in order.
    @Test func aVersionParsedWhileTheOldOneIsModelled() throws {
        let directory = try repository()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let padding = "x-padding: '\(String(repeating: "a", count: 4_000_000))'\n"
        try TestSupport.write(Self.v1 + "\n" + padding, to: "large.yaml", in: directory)
        let same = try TestSupport.run(
            ["diff", "--fail-on", "note", "large.yaml", "git:HEAD:spec/api.yaml"], in: directory)
        #expect(same.status == 0, "\(same.stdout)\(same.stderr)")
        #expect(same.stdout.hasSuffix("0 regressions (0 errors, 0 warnings, 0 notes), 0 improvements\n"))
        #expect(same.stderr.isEmpty, "the schema in schemas/id.yaml is read from the revision: \(same.stderr)")
        let broken = Self.v1.replacing("schema: {type: string, maxLength: 20}", with: "schema: {$ref: '#/nope'}")
        try TestSupport.write(broken + "\n" + padding, to: "large.yaml", in: directory)
        let missing = try TestSupport.run(["diff", "large.yaml", "missing.yaml"], in: directory)
        #expect(missing.status == 2)
        let messages = missing.stderr.split(separator: "\n")
        #expect(messages.count == 2, "\(missing.stderr)")
        #expect(messages.first?.hasPrefix("large.yaml:") == true && messages.first?.contains("'#/nope'") == true)
        #expect(messages.last?.hasPrefix("missing.yaml: error: ") == true, "\(missing.stderr)")
    }

    // MARK: - Real documents

    @Test func thePetstoreAsYAMLAndAsJSONHasNoChange() throws {
        let outcome = try TestSupport.run([
            "diff", "--fail-on", "note", TestSupport.fixtures + "/oai/oai__v3.0-petstore.yaml",
            TestSupport.fixtures + "/oai/oai__v3.0-petstore.json",
        ])
        #expect(outcome.status == 0, "\(outcome.stdout)")
        #expect(outcome.stdout.contains(": 3 operations matched, 0 added, 0 removed"))
        #expect(outcome.stdout.hasSuffix("0 regressions (0 errors, 0 warnings, 0 notes), 0 improvements\n"))
    }

    /// Every sample and vulnerable corpus API, re-serialised as JSON with its keys sorted, compares equal.
    @Test(arguments: [
        "samples/insecure-payments-api.yaml", "samples/insecure-petstore-swagger.json",
        "samples/secure-banking-api.yaml",
    ])
    func aReserialisedSampleHasNoChange(path: String) throws {
        try expectNoChangeWhenReserialised(TestSupport.packageRoot + "/" + path)
    }

    @Test(
        .requiresCorpus,
        arguments: [
            "vuln/owasp-crapi__crapi-openapi-spec.json", "vuln/erev0s-vampi__openapi3.yml",
            "vuln/juice-shop__swagger.yml", "vuln/dvws-node__swagger-output.json", "vuln/devslop-pixi__swagger.json",
        ])
    func aReserialisedCorpusAPIHasNoChange(path: String) throws {
        try expectNoChangeWhenReserialised(TestSupport.corpus + "/" + path)
    }

    /// Diffs `source` against itself re-serialised as JSON with its keys sorted, expecting no change.
    func expectNoChangeWhenReserialised(_ source: String) throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let file = try YAMLLoader.parse(Array(try Data(contentsOf: URL(fileURLWithPath: source))), path: source)
        try TestSupport.write(CanonicalJSON.serialize(file, sortKeys: true), to: "sorted.json", in: directory)
        let outcome = try TestSupport.run(["diff", "--fail-on", "note", source, directory + "/sorted.json"])
        #expect(outcome.status == 0, "\(outcome.stdout)")
        #expect(outcome.stdout.contains(" 0 added, 0 removed"))
        #expect(
            outcome.stdout.hasSuffix("0 regressions (0 errors, 0 warnings, 0 notes), 0 improvements\n"),
            "\(outcome.stdout)")
    }

    @Test func aHandEditedCopyOfTheSecureSample() throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let original = try String(contentsOfFile: TestSupport.packageRoot + "/" + secure, encoding: .utf8)
        var edited = original
        func edit(_ old: String, _ new: String) {
            #expect(edited.ranges(of: old).count == 1, "'\(old)'")
            edited = edited.replacing(old, with: new)
        }
        // 1. The sandbox server moves to plain HTTP.
        edit(
            "  - url: https://sandbox.api.harborbank.example.com/v3",
            "  - url: http://sandbox.api.harborbank.example.com/v3")
        // 2. Closing an account asks for accounts:read instead of accounts:write: a loss, not an improvement.
        edit(
            "      operationId: closeAccount\n      security:\n        - harborOAuth: [accounts:write]\n",
            "      operationId: closeAccount\n      security:\n        - harborOAuth: [accounts:read]\n")
        try TestSupport.write(original, to: "v1.yaml", in: directory)
        try TestSupport.write(edited, to: "v2.yaml", in: directory)
        let outcome = try TestSupport.run(["diff", "--format", "json", "v1.yaml", "v2.yaml"], in: directory)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)) as? [String: Any])
        let kinds = (json["regressions"] as? [[String: Any]] ?? []).compactMap { $0["kind"] as? String }
        #expect(kinds == ["server-plain-http", "scope-requirement-removed"], "\(outcome.stdout)")
        #expect(outcome.status == 1)
        let improvements = json["improvements"] as? [Any]
        #expect(improvements?.isEmpty == true)
    }
}
