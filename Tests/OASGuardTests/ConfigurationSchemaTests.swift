import Foundation
import Linter
import Policies
import RuleEngine
import Rules
import SourceTree
import Testing

/// `schemas/oasguard-config.schema.json` agrees with the parser, and every example configuration validates.
@Suite struct ConfigurationSchemaTests {
    static let schemaPath = TestSupport.packageRoot + "/schemas/oasguard-config.schema.json"

    static func schema() throws -> [String: Any] {
        let data = try Data(contentsOf: URL(fileURLWithPath: schemaPath))
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    /// The property names of the schema object at `path` (`$defs`/`policy`, …).
    static func properties(_ path: [String]) throws -> Set<String> {
        var node: Any = try schema()
        for step in path { node = try #require((node as? [String: Any])?[step]) }
        return Set(try #require((node as? [String: Any])?["properties"] as? [String: Any]).keys)
    }

    @Test func everyKeyTheParserAcceptsIsInTheSchemaAndNoOther() throws {
        let levels: [(path: [String], keys: [String])] = [
            ([], Configuration.Key.allCases.map(\.rawValue)),
            (["$defs", "policy"], PolicyParser.PolicyKey.allCases.map(\.rawValue)),
            (["$defs", "selector"], PolicyParser.SelectorKey.allCases.map(\.rawValue)),
            (["$defs", "requirements"], PolicyParser.RequirementKey.allCases.map(\.rawValue)),
            (["$defs", "documentRequirements"], PolicyParser.DocumentRequirementKey.allCases.map(\.rawValue)),
        ]
        for (path, keys) in levels {
            #expect(try Self.properties(path) == Set(keys), "\(path)")
        }
        let schema = try Self.schema()
        let definitions = try #require(schema["$defs"] as? [String: Any])
        let kinds = try #require((definitions["schemeKind"] as? [String: Any])?["enum"] as? [String])
        #expect(kinds == SchemeKind.allCases.map(\.rawValue))
        let ruleKeys = try Self.properties(["properties", "rules"])
        let expected = RuleCatalog.builtIn.entries.map(\.id.rawValue) + RuleCategory.allCases.map(\.rawValue)
        #expect(Set(expected).subtracting(ruleKeys).isEmpty, "rules or categories missing from the schema")
        #expect(ruleKeys.subtracting(expected).isEmpty, "the schema names rules that do not exist")
    }

    /// The README's configuration examples: the YAML blocks that carry the `yaml-language-server` line.
    static func readmeExamples() throws -> [String] {
        let readme = try String(contentsOfFile: TestSupport.packageRoot + "/README.md", encoding: .utf8)
        return readme.components(separatedBy: "```yaml\n").dropFirst().compactMap { block in
            let text = block.components(separatedBy: "```")[0]
            return text.contains("# yaml-language-server: $schema=") ? text : nil
        }
    }

    @Test func theReadmeShowsTheSchemaLineOnItsConfigurationExamples() throws {
        let examples = try Self.readmeExamples()
        #expect(examples.count >= 2, "the configuration and the policy file")
        #expect(examples.contains { $0.contains("policies:") })
    }

    /// Whether `python3 -m jsonschema`'s library is importable; `.ci/run` installs it.
    static let hasJSONSchema: Bool = {
        (try? python(["-c", "import jsonschema"]).status) == 0
    }()

    /// Runs `python3`; its standard output, then its standard error.
    static func python(_ arguments: [String]) throws -> (status: Int32, output: String) {
        let outcome = try TestSupport.run(program: "/usr/bin/env", ["python3"] + arguments)
        return (outcome.status, outcome.stdout + outcome.stderr)
    }

    /// Validates each YAML text against the schema; the failures, by name.
    static func validate(_ documents: [(name: String, text: String)]) throws -> [String] {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var paths: [String] = []
        for (index, document) in documents.enumerated() {
            let file = try TestSupport.parse(document.text, path: document.name)
            let path = directory + "/\(index).json"
            try CanonicalJSON.serialize(file).write(toFile: path, atomically: true, encoding: .utf8)
            paths.append(path)
        }
        let script = """
            import json, sys, jsonschema
            schema = json.load(open(sys.argv[1]))
            validator = jsonschema.Draft202012Validator(schema)
            for index, path in enumerate(sys.argv[2:]):
                for error in validator.iter_errors(json.load(open(path))):
                    print(index, error.json_path, error.message)
            """
        let (_, output) = try python(["-c", script, schemaPath] + paths)
        return output.split(separator: "\n").map { line in
            let index = Int(line.split(separator: " ")[0]) ?? 0
            return "\(documents[index].name): \(line)"
        }
    }

    /// The settings `oasguard init` writes commented out: a line `# key: …` (a lowercase key, unlike prose; the
    /// editor's schema line aside) and the `#   …` lines indented beneath it, uncommented.
    static func commentedExamples(_ starter: String) -> [String] {
        var examples: [String] = []
        for line in starter.split(separator: "\n") {
            let text = String(line)
            if let first = text.dropFirst(2).first, text.hasPrefix("# "), first.isLowercase,
                !text.hasPrefix("# yaml-language-server:"),
                let colon = text.firstIndex(of: ":"), !text.dropFirst(2)[..<colon].contains(" ")
            {
                examples.append(String(text.dropFirst(2)) + "\n")
            } else if text.hasPrefix("#   "), !examples.isEmpty {
                examples[examples.count - 1] += String(text.dropFirst(2)) + "\n"
            }
        }
        return examples
    }

    @Test func theStarterHasCommentedExamples() throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        #expect(try TestSupport.run(["init"], in: directory).status == 0)
        let starter = try String(contentsOfFile: directory + "/.oasguard.yml", encoding: .utf8)
        let keys = Self.commentedExamples(starter).compactMap { $0.split(separator: ":").first.map(String.init) }
        #expect(
            Set(keys).isSuperset(of: ["ignore", "exclude", "ref-root", "baseline", "min-score", "policies"]), "\(keys)")
    }

    @Test(.enabled(if: hasJSONSchema, "needs python3 with jsonschema (.ci/run installs it)"))
    func everyExampleConfigurationValidates() throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        #expect(try TestSupport.run(["init"], in: directory).status == 0)
        let starter = try String(contentsOfFile: directory + "/.oasguard.yml", encoding: .utf8)
        var documents = try Self.readmeExamples().enumerated().map { ("README example \($0.offset + 1)", $0.element) }
        documents.append(("oasguard init", starter))
        for (index, example) in Self.commentedExamples(starter).enumerated() {
            documents.append(("oasguard init, commented example \(index + 1)", example))
        }
        let sample = try String(
            contentsOfFile: TestSupport.packageRoot + "/samples/policies/org-policies.yaml", encoding: .utf8)
        documents.append(("samples/policies/org-policies.yaml", sample))
        let failures = try Self.validate(documents)
        #expect(failures.isEmpty, "\(failures.joined(separator: "\n"))")
    }

    @Test(.enabled(if: hasJSONSchema, "needs python3 with jsonschema (.ci/run installs it)"))
    func theSchemaRefusesWhatTheParserRefuses() throws {
        let broken = [
            ("unknown key", "rulez: {}\n"),
            ("unknown rule", "rules: {no-such-rule: off}\n"),
            ("unknown scheme kind", "policies:\n  - id: a\n    require: {schemes: [saml]}\n"),
            ("authenticated false", "policies:\n  - id: a\n    require: {authenticated: false}\n"),
            ("nothing required", "policies:\n  - id: a\n"),
            ("bad glob", "policies:\n  - id: a\n    require: {servers: [\"https://a**\"]}\n"),
        ]
        let failures = try Self.validate(broken)
        for (name, _) in broken {
            #expect(failures.contains { $0.hasPrefix(name + ":") }, "\(name) validates")
        }
    }
}
