import Foundation
import Testing

/// SARIF output: valid against the schema and code scanning's expectations, with stable fingerprints.
@Suite(.serialized) struct SARIFTests {
    static let samples = [
        "samples/insecure-payments-api.yaml", "samples/insecure-petstore-swagger.json",
        "samples/secure-banking-api.yaml", "samples/multi-file/openapi.yaml",
    ]

    func sarif(_ arguments: [String], in directory: String = TestSupport.packageRoot) throws -> [String: Any] {
        let outcome = try TestSupport.run(["lint", "--format", "sarif"] + arguments, in: directory)
        return try #require(try JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)) as? [String: Any])
    }

    @Test(arguments: samples)
    func conformsToTheSARIFSchemaInTheFixtures(sample: String) throws {
        let log = try sarif([sample])
        let violations = try SchemaCheck.sarif().violations(of: log)
        #expect(violations.isEmpty, "\(violations.prefix(10))")
    }

    @Test func theSchemaCheckFindsAViolation() throws {
        var log = try sarif(["samples/insecure-payments-api.yaml"])
        log["version"] = "2.0"
        log["unexpected"] = true
        let violations = try SchemaCheck.sarif().violations(of: log)
        #expect(violations.contains { $0.contains("'2.0' is not one of") })
        #expect(violations.contains { $0.contains("'unexpected' is not allowed") })
    }

    @Test(.requiresSARIFValidator, arguments: samples)
    func validatesAgainstTheSchemaAndCodeScanningChecks(sample: String) throws {
        let output = NSTemporaryDirectory() + "oasguard-\(UUID().uuidString).sarif"
        defer { try? FileManager.default.removeItem(atPath: output) }
        _ = try TestSupport.run(["lint", "--format", "sarif", "--output", output, sample])
        let validation = try #require(
            try TestSupport.validateSARIF(output, root: TestSupport.packageRoot),
            "validate-sarif is not next to the repository")
        #expect(validation.status == 0, "\(validation.output)")
    }

    @Test func resultsCarryRuleMetadataLocationsAndPointers() throws {
        let log = try sarif(["samples/insecure-payments-api.yaml"])
        let run = try #require((log["runs"] as? [[String: Any]])?.first)
        let driver = try #require((run["tool"] as? [String: Any])?["driver"] as? [String: Any])
        let rules = try #require(driver["rules"] as? [[String: Any]])
        let basic = try #require(rules.first { $0["id"] as? String == "http-basic-auth" })
        let properties = try #require(basic["properties"] as? [String: Any])
        let tags = try #require(properties["tags"] as? [String])
        #expect(tags.contains("security"))
        #expect(tags.contains { $0.hasPrefix("external/cwe/cwe-") })
        #expect(Double(properties["security-severity"] as? String ?? "") != nil)
        let results = try #require(run["results"] as? [[String: Any]])
        let result = try #require(results.first { $0["ruleId"] as? String == "http-basic-auth" })
        #expect((rules[result["ruleIndex"] as! Int])["id"] as? String == "http-basic-auth")
        let location = try #require((result["locations"] as? [[String: Any]])?.first)
        let physical = try #require(location["physicalLocation"] as? [String: Any])
        let artifact = try #require(physical["artifactLocation"] as? [String: Any])
        #expect(artifact["uri"] as? String == "samples/insecure-payments-api.yaml")
        #expect(artifact["uriBaseId"] as? String == "%SRCROOT%")
        let logical = try #require((location["logicalLocations"] as? [[String: Any]])?.first)
        #expect((logical["fullyQualifiedName"] as? String)?.hasPrefix("/components/securitySchemes/") == true)
    }

    @Test func fingerprintsSurviveInsertedLines() throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let text = try String(
            contentsOfFile: TestSupport.packageRoot + "/samples/insecure-payments-api.yaml", encoding: .utf8)
        try TestSupport.write(text, to: "api.yaml", in: directory)
        let before = try fingerprints(try sarif(["api.yaml"], in: directory))
        try TestSupport.write("# a new comment\n# and another\n" + text, to: "api.yaml", in: directory)
        let after = try fingerprints(try sarif(["api.yaml"], in: directory))
        #expect(before.keys.sorted() == after.keys.sorted())
        #expect(!before.isEmpty)
        for (fingerprint, line) in before { #expect(after[fingerprint] == line + 2) }
    }

    func fingerprints(_ log: [String: Any]) throws -> [String: Int] {
        let run = try #require((log["runs"] as? [[String: Any]])?.first)
        let results = try #require(run["results"] as? [[String: Any]])
        var lines: [String: Int] = [:]
        for result in results {
            let fingerprint = try #require((result["partialFingerprints"] as? [String: String])?["oasguard/v1"])
            let region =
                (((result["locations"] as? [[String: Any]])?.first?["physicalLocation"] as? [String: Any])?["region"]
                    as? [String: Any])
            lines[fingerprint] = region?["startLine"] as? Int
        }
        #expect(lines.count == results.count, "fingerprints are unique")
        return lines
    }
}
