import Foundation
import Linter
import Posture
import SourceTree
import Testing

@testable import Reporters

/// `--format html`: the posture report's content, its caps, its escaping of everything a spec says, and its
/// Content-Security-Policy. (The browser check is `scripts/check-html-report`, run by `.ci/run`.)
@Suite(.serialized) struct HTMLReportTests {
    let sample = "samples/insecure-payments-api.yaml"

    // MARK: - Hostile input

    /// A document that puts markup and `javascript:` URLs wherever a spec can.
    static let hostile = """
        openapi: 3.0.3
        info:
          title: "<script>alert('title')</script>"
          version: "\\"><img src=x onerror=alert('version')>"
          description: "[click](javascript:alert('description')) <iframe src=https://example.com/>"
        servers:
          - url: "javascript:alert('server')"
        paths:
          "/pets/<script>alert('path')</script>":
            get:
              operationId: "\\"><img src=https://example.com/x.png onerror=alert('id')>"
              description: "<a href=javascript:alert('a')>x</a>"
              parameters:
                - name: "<img src=x onerror=alert('param')>"
                  in: query
                  schema: {type: string}
              responses:
                '200':
                  description: "<style>body{background:url(https://example.com/bg)}</style>"
                  content:
                    application/json:
                      schema:
                        type: object
                        properties:
                          "password<script>alert(1)</script>": {type: string}
        """
    static let hostileName = "\"><svg onload=alert(1)>.yaml"

    @Test func nothingFromAHostileSpecBecomesMarkup() throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try TestSupport.write(Self.hostile, to: Self.hostileName, in: directory)
        let added = "  - url: \"javascript:alert('server')\"\n  - url: \"http://<script>alert('new')</script>/\""
        try TestSupport.write(
            Self.hostile.replacing("  - url: \"javascript:alert('server')\"", with: added), to: "new.yaml",
            in: directory)
        let lint = try TestSupport.run(["lint", "--format", "html", Self.hostileName], in: directory)
        let inventory = try TestSupport.run(["inventory", "--format", "html", Self.hostileName], in: directory)
        let diff = try TestSupport.run(["diff", "--format", "html", Self.hostileName, "new.yaml"], in: directory)
        for (name, outcome) in [("lint", lint), ("inventory", inventory), ("diff", diff)] {
            #expect(outcome.status == 0 || outcome.status == 1, "\(name): \(outcome.stderr)")
            let problems = Self.unsafeMarkup(outcome.stdout)
            #expect(problems.isEmpty, "\(name): \(problems)")
            // The hostile text is there, as text.
            #expect(outcome.stdout.contains("&lt;script&gt;alert(&#39;"), "\(name)")
            #expect(outcome.stdout.contains("&lt;svg onload=alert(1)&gt;"), "\(name)")
        }
        #expect(lint.stdout.contains("<title>oasguard posture report — &lt;script&gt;alert(&#39;title&#39;)"))
        #expect(lint.stdout.contains("&quot;&gt;&lt;svg onload=alert(1)&gt;.yaml"), "the file name, escaped")
        #expect(diff.stdout.contains("http://&lt;script&gt;alert(&#39;new&#39;)&lt;/script&gt;/"))
        #expect(lint.stdout.contains("/pets/&lt;script&gt;alert(&#39;path&#39;)&lt;/script&gt;"))
    }

    @Test func theMarkupCheckCatchesWhatItLooksFor() {
        #expect(Self.unsafeMarkup(HTML.page(title: "t", header: "", main: "<p>fine</p>")).isEmpty)
        for bad in [
            "<img src=x onerror=alert(1)>", "<a href=\"javascript:alert(1)\">x</a>", "<script>alert(1)</script>",
            "<p onclick='x'>", "<iframe src=\"https://example.com\"></iframe>", "<a href=\"data:text/html,x\">x</a>",
        ] {
            #expect(!Self.unsafeMarkup(HTML.page(title: "t", header: "", main: bad)).isEmpty, "\(bad)")
        }
    }

    /// Every tag that is not the report's own kind: unknown elements, event handlers, external or script URLs, and
    /// any script or style beyond the page's one of each.
    static func unsafeMarkup(_ html: String) -> [String] {
        let allowed: Set<String> = [
            "!doctype", "html", "head", "meta", "title", "style", "body", "script", "header", "main", "footer",
            "section", "article", "nav", "div", "h1", "h2", "h3", "h4", "h5", "p", "span", "ul", "ol", "li", "code",
            "pre",
            "b", "mark", "strong", "em", "small", "br", "a", "details", "summary", "table", "thead", "tbody", "tr",
            "th", "td", "input", "output", "svg", "circle", "rect", "text",
        ]
        var problems: [String] = []
        var scripts = 0
        var styles = 0
        for tag in tags(html) {
            if !allowed.contains(tag.name) { problems.append("element <\(tag.name)>") }
            if tag.name == "script" { scripts += 1 }
            if tag.name == "style" { styles += 1 }
            for (name, value) in tag.attributes {
                if name.hasPrefix("on") || name == "src" || name == "style" || name == "srcdoc" {
                    problems.append("attribute \(name) on <\(tag.name)>")
                }
                if name == "href", !(value.hasPrefix("#") || value.hasPrefix("https://") || value.hasPrefix("http://"))
                {
                    problems.append("href \(value)")
                }
            }
        }
        if scripts != 1 { problems.append("\(scripts) scripts") }
        if styles != 1 { problems.append("\(styles) style elements") }
        return problems
    }

    /// The start tags of `html` with their attributes, as a browser tokenizes them outside script and style.
    static func tags(_ html: String) -> [(name: String, attributes: [(String, String)])] {
        var found: [(name: String, attributes: [(String, String)])] = []
        let characters = Array(html)
        var index = 0
        func skipSpace() { while index < characters.count, characters[index].isWhitespace { index += 1 } }
        while index < characters.count {
            guard characters[index] == "<", index + 1 < characters.count,
                characters[index + 1].isLetter || characters[index + 1] == "!"
            else {
                index += 1
                continue
            }
            index += 1
            var name = ""
            while index < characters.count, !characters[index].isWhitespace, characters[index] != ">",
                characters[index] != "/"
            {
                name.append(characters[index])
                index += 1
            }
            var attributes: [(String, String)] = []
            while index < characters.count, characters[index] != ">" {
                skipSpace()
                var attribute = ""
                while index < characters.count, !characters[index].isWhitespace,
                    !"=>".contains(characters[index])
                {
                    if characters[index] != "/" { attribute.append(characters[index]) }
                    index += 1
                }
                skipSpace()
                var value = ""
                if index < characters.count, characters[index] == "=" {
                    index += 1
                    skipSpace()
                    if index < characters.count, characters[index] == "\"" || characters[index] == "'" {
                        let quote = characters[index]
                        index += 1
                        while index < characters.count, characters[index] != quote {
                            value.append(characters[index])
                            index += 1
                        }
                        index += 1
                    } else {
                        while index < characters.count, !characters[index].isWhitespace, characters[index] != ">" {
                            value.append(characters[index])
                            index += 1
                        }
                    }
                }
                if !attribute.isEmpty { attributes.append((attribute.lowercased(), value.lowercased())) }
            }
            found.append((name.lowercased(), attributes))
            // The contents of script and style are not markup.
            for raw in ["script", "style"] where name.lowercased() == raw {
                let rest = String(characters[index...])
                if let end = rest.range(of: "</\(raw)>") {
                    index += rest.distance(from: rest.startIndex, to: end.lowerBound)
                }
            }
        }
        return found
    }

    // MARK: - Content-Security-Policy

    @Test func sha256MatchesKnownDigests() {
        #expect(SHA256.cspSource("") == "'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='")
        #expect(SHA256.cspSource("abc") == "'sha256-ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0='")
        // The hash Chromium asks for to allow `<script>alert(1)</script>`.
        #expect(SHA256.cspSource("alert(1)") == "'sha256-bhHHL3z2vDgxUt0W3dWQOrprscmda2Y5pLsLg4GF+pI='")
        // Two blocks: 56 bytes push the length into a second block.
        #expect(
            SHA256.base64(SHA256.digest(Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8)))
                == "JI1qYdIGOLjlwCaTDD5gOaM85Flk/yFn9uzt1BnbBsE=")
    }

    @Test func thePolicyAllowsNoLoadAndOnlyThePagesOwnStyleAndScript() throws {
        let page = HTML.page(title: "t", header: "", main: "")
        let policy = try #require(page.firstMatch(of: /http-equiv="Content-Security-Policy" content="([^"]*)"/)?.1)
        #expect(policy.hasPrefix("default-src 'none';"))
        let style = try #require(page.firstMatch(of: /<style>(.*)<\/style>/.dotMatchesNewlines())?.1)
        let script = try #require(page.firstMatch(of: /<script>(.*)<\/script>/.dotMatchesNewlines())?.1)
        #expect(policy.contains("style-src \(SHA256.cspSource(String(style)));"))
        #expect(policy.contains("script-src \(SHA256.cspSource(String(script)));"))
        #expect(!policy.contains("unsafe-inline") && !policy.contains("http"))
    }

    // MARK: - Content

    @Test func theLintReportShowsScoreCountsRisksAndInventory() throws {
        let html = try TestSupport.run(["lint", "--format", "html", sample])
        #expect(html.status == 1, "\(html.stderr)")
        let json = try TestSupport.run(["lint", "--format", "json", "--score", sample])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let findings = try #require(object["findings"] as? [[String: Any]])
        let page = html.stdout
        #expect(page.contains("<h2>Northwind Payments API</h2>"))
        #expect(page.contains("version 1.4.2 · OpenAPI 3.0.3"))
        for severity in ["error", "warning", "note"] {
            let count = findings.filter { $0["severity"] as? String == severity }.count
            #expect(count > 0 && page.contains(">\(plural(count, severity))</li>"), "\(severity): \(count)")
        }
        // The score and its six categories, as the JSON reports them.
        let scores = try #require(object["scores"] as? [[String: Any]])
        let score = try #require(scores.first?["score"] as? Double)
        #expect(page.contains("aria-label=\"security score \(SecurityScore.format(score)) of 100\""))
        #expect(page.matches(of: /<rect class="fill" width="/).count == 6)
        // Rule groups: severity never rises down the page; the first is an error.
        let severities = page.matches(of: /<article class="rule (error|warning|note)"/).map { String($0.1) }
        #expect(severities.first == "error")
        let ranks = severities.map { ["note", "warning", "error"].firstIndex(of: $0) ?? 0 }
        #expect(ranks == ranks.sorted(by: >))
        #expect(Set(severities).count == 3)
        #expect(
            severities.count
                == Set(findings.compactMap { $0["rule"] as? String }).count)
        // Each group carries its rule's documentation, one click away.
        #expect(page.matches(of: /<details class="why"><summary>/).count == severities.count)
        #expect(page.contains("<h5>How to fix it</h5>"))
        // A finding: message, location, code frame with the node marked.
        #expect(page.contains("samples/insecure-payments-api.yaml:269:11</p><pre class=\"frame\">"))
        #expect(page.contains("<span class=\"hit\"><b>269</b>          <mark>tokenUrl</mark>"))
        // The inventory: one row per operation, sortable, with a filter box hidden until the script shows it.
        let rows = page.matches(of: /<tr class="heat-\d">/).count
        #expect(rows == 11)
        #expect(page.contains("<table class=\"data sortable\" id=\"doc-1-inventory\">"))
        #expect(page.contains("data-filter=\"doc-1-inventory\" hidden>"))
    }

    @Test func furtherPlacesOfOneFindingAreListed() throws {
        let run = Linter().lint(paths: [TestSupport.packageRoot + "/" + sample])
        var document = try #require(run.documents.first)
        let first = try #require(document.findings.first)
        document.findings[0].occurrences = [document.findings[1].location, document.findings[2].location]
        let page = HTMLReporter(
            run: LintRun(documents: [document], inputErrors: [], rules: run.rules),
            workingDirectory: TestSupport.packageRoot
        ).render()
        let position = document.findings[1].position
        #expect(page.contains("<summary>and 2 more places</summary><ul class=\"places\"><li>"))
        #expect(page.contains("<li>samples/insecure-payments-api.yaml:\(position.line):\(position.column)</li>"))
        #expect(page.contains(HTML.escape(first.message)))
    }

    @Test func aHugeDocumentIsCappedAndSaysSo() throws {
        let operations = (1...260).map { "  /items\($0):\n    get:\n      responses: {'200': {description: ok}}\n" }
        // One operation declares a 429, so the 260 that do not are 260 findings, not one document-wide absence.
        let limited = "  /limited:\n    get:\n      responses: {'200': {description: ok}, '429': {description: slow}}\n"
        let spec = TestSupport.document("paths:\n", title: "Big") + operations.joined() + limited
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try TestSupport.write(spec, to: "big.yaml", in: directory)
        let page = try TestSupport.run(["lint", "--format", "html", "big.yaml"], in: directory).stdout
        let group = try #require(
            page.firstMatch(
                of: /<article class="rule [a-z]+" id="doc-1-rate-limit-response-missing">(.*?)<\/article>/
                    .dotMatchesNewlines())?.1)
        #expect(group.contains("260 findings"))
        #expect(group.matches(of: /<li><p class="msg">/).count == HTMLReporter.findingsPerRule)
        #expect(group.matches(of: /<pre class="frame">/).count == HTMLReporter.framesPerRule)
        #expect(group.contains("…and 60 more of this rule"))
        #expect(page.matches(of: /<tr class="heat-\d">/).count == 261, "the inventory is not capped this low")
    }

    @Test func aLongLineIsCutToAWindowAroundTheNode() throws {
        let padding = String(repeating: " ", count: 5_000)
        let spec =
            "{\"openapi\": \"3.0.3\",\(padding) \"info\": {\"title\": \"Wide\", \"version\": \"1\"}, \"servers\": [{\"url\": \"http://api.example.com\"}], \"paths\": {}}"
        let file = try TestSupport.parse(spec, path: "wide.json")
        let root = try #require(file.root)
        let url = try #require(NodeRef(file, root)["servers"]?.items.first?["url"])
        let frame = HTMLCodeFrames().frame(url)
        #expect(frame.contains("<mark>&quot;http://api.example.com&quot;</mark>"))
        #expect(frame.hasPrefix("<pre class=\"frame\"><span class=\"hit\"><b>1</b>…"))
        #expect(frame.count < HTMLCodeFrames.windowWidth + 200, "\(frame.count)")
    }

    @Test func theDiffShowsRegressionsAndImprovementsSideBySide() throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try TestSupport.write(PostureCLITests.v1, to: "old.yaml", in: directory)
        try TestSupport.write(PostureCLITests.v2, to: "new.yaml", in: directory)
        let forward = try TestSupport.run(["diff", "--format", "html", "old.yaml", "new.yaml"], in: directory)
        #expect(forward.status == 1)
        #expect(forward.stdout.contains("<h2>Regressions (3)</h2><h2>Improvements (0)</h2>"))
        #expect(forward.stdout.contains("<code class=\"kind\">authentication-removed</code>"))
        #expect(forward.stdout.contains("<p class=\"empty\">No improvement.</p>"))
        let backward = try TestSupport.run(["diff", "--format", "html", "new.yaml", "old.yaml"], in: directory)
        #expect(backward.stdout.contains("<h2>Regressions (0)</h2>"))
        #expect(backward.stdout.contains("<span class=\"pill good\">improvement</span>"))
        #expect(backward.stdout.contains("<code class=\"kind\">authentication-added</code>"))
    }

    @Test func inventoryWritesTheSameReportToAFile() throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let output = directory + "/inventory.html"
        let outcome = try TestSupport.run(["inventory", "--format", "html", "--output", output, sample])
        #expect(outcome.status == 0 && outcome.stdout.isEmpty, "\(outcome.stderr)")
        let page = try String(contentsOfFile: output, encoding: .utf8)
        #expect(page.hasPrefix("<!DOCTYPE html>"))
        #expect(page.matches(of: /<tr class="heat-\d">/).count == 11)
        #expect(page.contains("<h3 id=\"doc-1-risks\">Top risks</h3>"))
    }

    @Test func policiesShowTheirOwnTitleInLintAndInventory() throws {
        let arguments = ["--policy", "samples/policies/org-policies.yaml", "samples/policies/partner-api.yaml"]
        for command in ["lint", "inventory"] {
            let page = try TestSupport.run([command, "--format", "html"] + arguments).stdout
            #expect(
                page.contains(
                    "<h4>Administrative operations must require the admin scope</h4><code class=\"id\">policy/admin-needs-admin-scope</code>"
                ), "\(command)")
        }
    }

    // MARK: - Markdown of the rule documentation

    @Test func ruleMarkdownBecomesEscapedHTML() {
        let html = HTML.markdown(
            """
            **What it does**

            Checks `a<b>` and *this*, see [RFC](https://example.com/rfc) and [x](javascript:void).

            - one
              continued
            - two

            ```yaml
            key: <value>
            ```
            """)
        #expect(
            html == """
                <p><strong>What it does</strong></p>
                <p>Checks <code>a&lt;b&gt;</code> and <em>this</em>, see \
                <a href="https://example.com/rfc" rel="noopener noreferrer">RFC</a> and x.</p>
                <ul><li>one continued</li><li>two</li></ul>
                <pre><code>key: &lt;value&gt;</code></pre>

                """)
    }

    @Test func escapingShowsInvisibleCharacters() {
        #expect(HTML.escape("a\u{202E}b\u{0}c") == "a⟨U+202E⟩b⟨U+0⟩c")
        #expect(HTML.escape("<\"'&>") == "&lt;&quot;&#39;&amp;&gt;")
    }
}
