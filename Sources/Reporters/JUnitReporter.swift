import Linter
import RuleEngine
import SourceTree

/// JUnit XML: a test suite per document and a test case per rule that ran, failing with that rule's findings when
/// one reaches `--fail-on` (notes never fail: they are listed in the case's output); a document that could not be
/// loaded is one case in error.
public struct JUnitReporter {
    public init() {}

    public func render(_ input: ReportInput) -> String {
        let run = input.run
        var suites = ""
        var totalTests = 0
        var totalFailures = 0
        let failing = input.failThreshold.map { max($0, .warning) }
        for document in run.documents {
            let path = input.displayPath(document.path)
            let byRule = Dictionary(grouping: document.findings.filter(\.isActive), by: \.ruleID)
            var cases = ""
            var failures = 0
            for rule in run.rules where document.summary != nil {
                cases += "    <testcase classname=\"\(xml(path))\" name=\"\(xml(rule.id.rawValue))\">\n"
                if let findings = byRule[rule.id] {
                    let worst = findings.map(\.severity).max() ?? .note
                    let lines = findings.map {
                        "\(input.displayPath($0.file.path)):\($0.position.line):\($0.position.column): \($0.severity.rawValue): \($0.message)"
                    }
                    if let failing, worst >= failing {
                        failures += 1
                        cases +=
                            "      <failure type=\"\(worst.rawValue)\" message=\"\(xml(plural(findings.count, "finding")))\">"
                        cases += xml(lines.joined(separator: "\n")) + "</failure>\n"
                    } else {
                        cases += "      <system-out>" + xml(lines.joined(separator: "\n")) + "</system-out>\n"
                    }
                }
                cases += "    </testcase>\n"
            }
            for error in document.errors {
                cases += loadCase(error, shownAs: path)
            }
            let tests = (document.summary != nil ? run.rules.count : 0) + document.errors.count
            totalTests += tests
            totalFailures += failures
            suites +=
                "  <testsuite name=\"\(xml(path))\" tests=\"\(tests)\" failures=\"\(failures)\" errors=\"\(document.errors.count)\">\n"
            suites += cases + "  </testsuite>\n"
        }
        // Inputs that named nothing loadable (a missing file): a suite of one case in error each.
        for error in run.inputErrors {
            let path = input.displayPath(error.path)
            totalTests += 1
            suites += "  <testsuite name=\"\(xml(path))\" tests=\"1\" failures=\"0\" errors=\"1\">\n"
            suites += loadCase(error, shownAs: path) + "  </testsuite>\n"
        }
        let header = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        let errors = run.errors.count
        return header
            + "<testsuites name=\"oasguard\" tests=\"\(totalTests)\" failures=\"\(totalFailures)\" errors=\"\(errors)\">\n"
            + suites + "</testsuites>\n"
    }

    /// A test case named `load` in error with why the input could not be loaded.
    func loadCase(_ error: LoadError, shownAs path: String) -> String {
        var shown = error
        shown.path = path
        return "    <testcase classname=\"\(xml(path))\" name=\"load\">\n"
            + "      <error type=\"load\" message=\"\(xml(error.message))\">\(xml(shown.description))</error>\n"
            + "    </testcase>\n"
    }

    /// Escapes text for XML attributes and content (`Markup.Dialect.xml`).
    func xml(_ text: String) -> String { Markup.escape(text, as: .xml) }
}
