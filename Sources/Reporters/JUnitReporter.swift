import Linter
import RuleEngine

/// JUnit XML: a test suite per document, a test case per rule that ran, failing with that rule's findings.
public struct JUnitReporter {
    public init() {}

    public func render(_ input: ReportInput) -> String {
        let run = input.run
        var suites = ""
        var totalTests = 0
        var totalFailures = 0
        for document in run.documents {
            let path = input.displayPath(document.path)
            let byRule = Dictionary(grouping: document.findings.filter(\.isActive), by: \.ruleID)
            var cases = ""
            var failures = 0
            for rule in run.rules {
                cases += "    <testcase classname=\"\(xml(path))\" name=\"\(xml(rule.id))\">\n"
                if let findings = byRule[rule.id] {
                    failures += 1
                    let worst = findings.map(\.severity).max() ?? .note
                    let lines = findings.map {
                        "\(input.displayPath($0.file.path)):\($0.position.line):\($0.position.column): \($0.severity.rawValue): \($0.message)"
                    }
                    cases +=
                        "      <failure type=\"\(worst.rawValue)\" message=\"\(xml(plural(findings.count, "finding")))\">"
                    cases += xml(lines.joined(separator: "\n")) + "</failure>\n"
                }
                cases += "    </testcase>\n"
            }
            var errors = 0
            for error in document.errors {
                errors += 1
                cases += "    <testcase classname=\"\(xml(path))\" name=\"load\">\n"
                cases +=
                    "      <error type=\"load\" message=\"\(xml(error.message))\">\(xml(error.description))</error>\n"
                cases += "    </testcase>\n"
            }
            let tests = run.rules.count + errors
            totalTests += tests
            totalFailures += failures
            suites +=
                "  <testsuite name=\"\(xml(path))\" tests=\"\(tests)\" failures=\"\(failures)\" errors=\"\(errors)\">\n"
            suites += cases + "  </testsuite>\n"
        }
        let header = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        let errors = run.errors.count
        return header
            + "<testsuites name=\"oasguard\" tests=\"\(totalTests)\" failures=\"\(totalFailures)\" errors=\"\(errors)\">\n"
            + suites + "</testsuites>\n"
    }

    /// Escapes text for XML attributes and content; drops characters XML 1.0 forbids.
    func xml(_ text: String) -> String {
        var output = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": output += "&amp;"
            case "<": output += "&lt;"
            case ">": output += "&gt;"
            case "\"": output += "&quot;"
            case "'": output += "&apos;"
            case "\t", "\n", "\r": output.unicodeScalars.append(scalar)
            case _ where scalar.value < 0x20 || scalar.value == 0xFFFE || scalar.value == 0xFFFF: continue
            default: output.unicodeScalars.append(scalar)
            }
        }
        return output
    }
}
