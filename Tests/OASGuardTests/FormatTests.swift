import Foundation
import Testing

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// The formats CI systems read, parsed back; several formats in one run.
@Suite(.serialized) struct FormatTests {
    let sample = "samples/insecure-payments-api.yaml"

    @Test func githubAnnotationsParseBack() throws {
        let outcome = try TestSupport.run(["lint", "--format", "github", sample])
        // Annotations, then (when GitHub would drop some) the findings not annotated as plain log lines.
        let lines = outcome.stdout.split(separator: "\n").filter { $0.hasPrefix("::") }
        #expect(!lines.isEmpty)
        for line in lines where !line.hasPrefix("::notice title=oasguard::") {
            // ::LEVEL key=value,key=value::message
            let parts = line.split(separator: "::", maxSplits: 2, omittingEmptySubsequences: false)
            #expect(parts.count == 3 && parts[0].isEmpty, "\(line)")
            let head = parts[1].split(separator: " ", maxSplits: 1)
            #expect(["error", "warning", "notice"].contains(String(head[0])))
            var properties: [String: String] = [:]
            for pair in head[1].split(separator: ",") {
                let keyValue = pair.split(separator: "=", maxSplits: 1)
                properties[String(keyValue[0])] = String(keyValue[1]).removingPercentEncoding
            }
            #expect(properties["file"] == sample)
            #expect(Int(properties["line"] ?? "") != nil && Int(properties["col"] ?? "") != nil)
            #expect(properties["title"]?.hasPrefix("oasguard ") == true)
            #expect(!parts[2].isEmpty)
        }
        #expect(lines.contains { $0.hasPrefix("::error ") })
        #expect(lines.contains { $0.hasPrefix("::notice ") })
        // Errors first; at most 10 of a kind (GitHub shows no more per step), then a notice counting the rest.
        let kinds = lines.map { $0.split(separator: " ")[0] }
        #expect(kinds.firstIndex(of: "::warning") ?? 0 > kinds.lastIndex(of: "::error") ?? 0)
        for kind in ["::error", "::warning", "::notice"] { #expect(kinds.filter { $0 == kind }.count <= 10) }
        let closing = try #require(lines.last)
        #expect(closing.hasPrefix("::notice title=oasguard::") && closing.contains("not annotated"))
        let plain = outcome.stdout.split(separator: "\n").filter { $0.hasPrefix("  - ") }
        #expect(closing.contains("\(plain.count) more findings"))
    }

    @Test func junitHasTheCommonShape() throws {
        let outcome = try TestSupport.run(["lint", "--format", "junit", sample, "samples/secure-banking-api.yaml"])
        let document = try XMLDocument(data: Data(outcome.stdout.utf8))
        let root = try #require(document.rootElement())
        #expect(root.name == "testsuites")
        let suites = root.elements(forName: "testsuite")
        #expect(suites.count == 2)
        var failures = 0
        for suite in suites {
            let cases = suite.elements(forName: "testcase")
            #expect(Int(suite.attribute(forName: "tests")?.stringValue ?? "") == cases.count)
            let failing = cases.filter { !$0.elements(forName: "failure").isEmpty }
            #expect(Int(suite.attribute(forName: "failures")?.stringValue ?? "") == failing.count)
            for testCase in cases {
                #expect(testCase.attribute(forName: "name")?.stringValue?.isEmpty == false)
                #expect(testCase.attribute(forName: "classname")?.stringValue?.isEmpty == false)
            }
            failures += failing.count
        }
        #expect(failures > 0)
        let secure = try #require(
            suites.first { $0.attribute(forName: "name")?.stringValue?.contains("secure-banking") == true })
        let secureFailures = secure.elements(forName: "testcase").flatMap { $0.elements(forName: "failure") }
        #expect(
            secureFailures.allSatisfy { $0.attribute(forName: "type")?.stringValue == "note" }, "no error or warning")
    }

    @Test func markdownIsATable() throws {
        let outcome = try TestSupport.run(["lint", "--format", "markdown", sample])
        #expect(outcome.stdout.hasPrefix("## oasguard\n"))
        #expect(outcome.stdout.contains("| Severity | Rule | Location | Message |"))
        #expect(outcome.stdout.contains("| `server-url-plain-http` |"))
    }

    @Test func severalFormatsInOneRun() throws {
        let file = NSTemporaryDirectory() + "oasguard-\(UUID().uuidString).sarif"
        defer { try? FileManager.default.removeItem(atPath: file) }
        let outcome = try TestSupport.run([
            "lint", "--format", "text", "--format", "sarif", "--output", "sarif=\(file)", sample,
        ])
        #expect(outcome.status == 1)
        #expect(outcome.stdout.contains("[server-url-plain-http]"))
        let sarif = try String(contentsOfFile: file, encoding: .utf8)
        #expect(sarif.contains("\"version\": \"2.1.0\""))
        let twoOnStdout = try TestSupport.run(["lint", "--format", "text", "--format", "json", sample])
        #expect(twoOnStdout.status == 2)
        #expect(twoOnStdout.stderr.contains("only one format can go to standard output"))
    }
}
