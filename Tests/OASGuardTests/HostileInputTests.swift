import Foundation
import Testing

/// Bad, hostile and strange input: a clear positioned error and exit 2, or a normal lint — never a crash or hang.
@Suite(.serialized) struct HostileInputTests {
    /// Lints `files` written into a fresh directory; the first file is the one linted.
    func lint(_ files: [(String, [UInt8])], arguments: [String] = []) throws -> TestSupport.Outcome {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        for (name, bytes) in files {
            let url = URL(fileURLWithPath: directory + "/" + name)
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(bytes).write(to: url)
        }
        return try TestSupport.run(["lint", "--format", "json"] + arguments + [files[0].0], in: directory)
    }

    func lint(_ text: String, name: String = "api.yaml", arguments: [String] = []) throws -> TestSupport.Outcome {
        try lint([(name, Array(text.utf8))], arguments: arguments)
    }

    @Test(
        arguments: [
            (
                "invalid UTF-8", [0x6F, 0x70, 0x65, 0x6E, 0x61, 0x70, 0x69, 0x3A, 0x20, 0xC3, 0x28, 0x0A],
                "api.yaml:1:10: error: the file is not valid UTF-8"
            ),
            (
                "NUL byte", Array("openapi: 3.0.0\ninfo: x\u{0}\n".utf8),
                "api.yaml:2:8: error: the file contains a control character"
            ),
            (
                "binary", [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D],
                "api.yaml:1:1: error: "
            ),
            ("empty", [], "api.yaml:1:1: error: the file is empty"),
            (
                "scalar root", Array("just a string\n".utf8),
                "api.yaml:1:1: error: not an OpenAPI or Swagger document: the top level is a scalar"
            ),
            (
                "list root", Array("- openapi: 3.0.0\n".utf8),
                "api.yaml:1:1: error: not an OpenAPI or Swagger document: the top level is a list"
            ),
            (
                "tab indentation", Array("openapi: 3.0.0\ninfo:\n\ttitle: x\n".utf8),
                "api.yaml:3:1: error: found character that cannot start any token"
            ),
            (
                "two documents", Array("openapi: 3.0.0\n---\nopenapi: 3.1.0\n".utf8),
                "api.yaml:2:1: error: the file holds more than one YAML document"
            ),
        ] as [(String, [UInt8], String)])
    func unreadableInputIsAPositionedError(label: String, bytes: [UInt8], message: String) throws {
        let outcome = try lint([("api.yaml", bytes)])
        #expect(outcome.status == 2, "\(label)")
        #expect(outcome.stderr.contains(message), "\(label): \(outcome.stderr)")
    }

    @Test func strangeButValidDocumentsAreLinted() throws {
        let outcome = try lint(
            """
            openapi: 3.0.3
            info: {title: Odd keys, version: '1'}
            x-huge: 123456789012345678901234567890123456789012345678901234567890e999999
            x-keys: {true: a, null: b, 1.5: c, ? [complex, key] : d}
            paths:
              /a:
                get:
                  responses:
                    200: {description: unquoted status code}
                    default: {description: fallback}
                  parameters:
                    - {name: limit, in: query, schema: {type: integer, maximum: 1e400}}
            """)
        #expect(outcome.status == 0 || outcome.status == 1, "\(outcome.stderr)")
        #expect(outcome.stderr.isEmpty)
    }

    @Test func limitsHaveFlagsToRaiseThem() throws {
        let big =
            TestSupport.document(openapi: "3.0.0", title: "x") + String(repeating: "# padding\n", count: 200)
        let tooBig = try lint(big, arguments: ["--max-file-size", "100"])
        #expect(tooBig.status == 2)
        #expect(tooBig.stderr.contains("more than the limit of 100 (raise it with --max-file-size)"))
        #expect(try lint(big, arguments: ["--max-file-size", "100000"]).status == 0)

        let deep =
            TestSupport.document("paths: {}\nx-deep: ", openapi: "3.0.0", title: "x")
            + String(repeating: "[", count: 40)
            + String(repeating: "]", count: 40) + "\n"
        let tooDeep = try lint(deep, arguments: ["--max-depth", "20"])
        #expect(tooDeep.status == 2)
        #expect(tooDeep.stderr.contains("deeper than 20 levels (raise it with --max-depth)"))
        #expect(try lint(deep, arguments: ["--max-depth", "100"]).status == 0)

        var laughs =
            TestSupport.document(
                "paths: {}\nx-a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n", openapi: "3.0.0",
                title: "x")
        for level in 1...9 {
            laughs +=
                "x-a\(level): &a\(level) [" + Array(repeating: "*a\(level - 1)", count: 10).joined(separator: ", ")
                + "]\n"
        }
        let started = Date()
        let bomb = try lint(laughs)
        #expect(bomb.status == 2)
        #expect(bomb.stderr.contains("billion laughs"))
        #expect(Date().timeIntervalSince(started) < 10, "fails fast, not after expanding")

        var chain: [(String, [UInt8])] = [
            (
                "api.yaml",
                Array(
                    TestSupport.document(
                        "paths: {}\ncomponents: {schemas: {A: {$ref: 'f1.yaml'}}}\n", openapi: "3.0.0", title: "x"
                    )
                    .utf8)
            )
        ]
        for index in 1...5 { chain.append(("f\(index).yaml", Array("next: {$ref: 'f\(index + 1).yaml'}\n".utf8))) }
        chain.append(("f6.yaml", Array("end: true\n".utf8)))
        let limited = try lint(chain, arguments: ["--max-files", "3"])
        #expect(limited.stdout.contains("pull in more than 3 files (raise --max-files)"), "\(limited.stdout)")
        #expect(!(try lint(chain, arguments: ["--max-files", "10"])).stdout.contains("--max-files"))
    }

    @Test func cyclesAnywhereTerminate() throws {
        let outcome = try lint(
            [
                (
                    "api.yaml",
                    Array(
                        """
                        openapi: 3.0.3
                        info: {title: Cycles, version: '1'}
                        paths:
                          /self: {$ref: '#/paths/~1self'}
                          /loop: {$ref: 'other.yaml#/item'}
                          /ok:
                            get:
                              responses:
                                '200': {$ref: '#/components/responses/A'}
                        components:
                          responses:
                            A: {$ref: '#/components/responses/B'}
                            B: {$ref: '#/components/responses/A'}
                          schemas:
                            Tree:
                              type: object
                              properties:
                                children: {type: array, items: {$ref: '#/components/schemas/Tree'}}
                                parent: {$ref: 'other.yaml#/Parent'}
                        """.utf8)
                ),
                (
                    "other.yaml",
                    Array(
                        "item: {$ref: 'api.yaml#/paths/~1loop'}\nParent: {$ref: 'api.yaml#/components/schemas/Tree'}\n"
                            .utf8)
                ),
            ])
        #expect(outcome.status == 1)
        let loops = outcome.stdout.components(separatedBy: "loops back to itself").count - 1
        #expect(loops >= 3, "\(outcome.stdout)")
    }

    @Test func recursionGivesTheSameFindingsAsTheDocumentWithoutIt() throws {
        let recursive = """
            openapi: 3.0.3
            info: {title: Tree, version: '1'}
            paths:
              /nodes:
                get:
                  responses:
                    '200':
                      description: ok
                      content: {application/json: {schema: {$ref: '#/components/schemas/Node'}}}
            components:
              schemas:
                Node:
                  type: object
                  properties:
                    name: {type: string}
                    next: {$ref: '#/components/schemas/Node'}
            """
        let unrolled = recursive.replacingOccurrences(
            of: "next: {$ref: '#/components/schemas/Node'}",
            with: "next: {type: object, properties: {name: {type: string}}}")
        func keys(_ outcome: TestSupport.Outcome) throws -> Set<String> {
            let json = try #require(try JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)) as? [String: Any])
            let findings = try #require(json["findings"] as? [[String: Any]])
            // The unrolled copy is written at `next`; map it back onto the schema it copies.
            return Set(
                findings.map {
                    "\($0["rule"]!) \(($0["pointer"] as! String).replacingOccurrences(of: "/properties/next", with: ""))"
                })
        }
        #expect(try keys(try lint(recursive)) == keys(try lint(unrolled)))
    }

    @Test func longReferenceChainsDoNotExhaustTheStack() throws {
        // 20,000 schemas, each a property of the one before: every traversal must be iterative.
        var text = """
            openapi: 3.0.3
            info: {title: Chain, version: '1'}
            paths:
              /chain:
                post:
                  requestBody: {content: {application/json: {schema: {$ref: '#/components/schemas/S0'}}}}
                  responses: {'200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/S0'}}}}}
            components:
              schemas:

            """
        for index in 0..<20_000 {
            text += "    S\(index): {type: object, properties: {next: {$ref: '#/components/schemas/S\(index + 1)'}}}\n"
        }
        text += "    S20000: {type: string}\n"
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try TestSupport.write(text, to: "chain.yaml", in: directory)
        for arguments in [["lint", "chain.yaml"], ["inventory", "chain.yaml"], ["diff", "chain.yaml", "chain.yaml"]] {
            let outcome = try TestSupport.run(arguments, in: directory)
            #expect([0, 1].contains(outcome.status), "\(arguments): \(outcome.stderr.suffix(500))")
        }
    }

    @Test func outputIsByteIdenticalRunAfterRun() throws {
        let inputs = ["samples", TestSupport.corpus + "/multi/redocly__openapi-starter", TestSupport.corpus + "/vuln"]
            .filter {
                FileManager.default.fileExists(atPath: $0.hasPrefix("/") ? $0 : TestSupport.packageRoot + "/" + $0)
            }
        let first = try TestSupport.run(["lint", "--format", "sarif"] + inputs)
        #expect(!first.stdout.isEmpty)
        for _ in 0..<3 {
            #expect(try TestSupport.run(["lint", "--format", "sarif"] + inputs).stdout == first.stdout)
        }
    }

    @Test func documentsAreNeverWritten() throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try FileManager.default.copyItem(
            atPath: TestSupport.packageRoot + "/samples/multi-file", toPath: directory + "/spec")
        let files = try FileManager.default.subpathsOfDirectory(atPath: directory + "/spec").filter {
            $0.hasSuffix(".yaml")
        }
        func snapshot() throws -> [String: Data] {
            var result: [String: Data] = [:]
            for file in files { result[file] = try Data(contentsOf: URL(fileURLWithPath: directory + "/spec/" + file)) }
            return result
        }
        let modified = try files.map {
            try FileManager.default.attributesOfItem(atPath: directory + "/spec/" + $0)[.modificationDate] as? Date
        }
        let before = try snapshot()
        _ = try TestSupport.run(
            ["lint", "--format", "sarif", "--write-baseline", "baseline.json", "spec"], in: directory)
        _ = try TestSupport.run(["lint", "--format", "json", "--baseline", "baseline.json", "spec"], in: directory)
        #expect(try snapshot() == before)
        let after = try files.map {
            try FileManager.default.attributesOfItem(atPath: directory + "/spec/" + $0)[.modificationDate] as? Date
        }
        #expect(after == modified)
    }

    @Test func fileReferencesNeverLeaveTheRootEvenWhenTraced() throws {
        try #require(FileManager.default.isExecutableFile(atPath: "/usr/bin/strace"), "strace is not installed")
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try TestSupport.write("secret: 1\n", to: "outside/secret.yaml", in: directory)
        try FileManager.default.createDirectory(atPath: directory + "/root/.git", withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(
            atPath: directory + "/root/link.yaml", withDestinationPath: directory + "/outside/secret.yaml")
        try TestSupport.write(
            """
            openapi: 3.0.3
            info: {title: Escapes, version: '1'}
            paths: {}
            x-a: {$ref: '../outside/secret.yaml'}
            x-b: {$ref: '\(directory)/outside/secret.yaml'}
            x-c: {$ref: 'file://\(directory)/outside/secret.yaml'}
            components:
              schemas:
                A: {$ref: './link.yaml'}
                B: {$ref: '../outside/secret.yaml#/secret'}
                C: {$ref: 'https://example.com/secret.yaml'}
            """, to: "root/api.yaml", in: directory)
        _ = try TestSupport.run(
            program: "/usr/bin/strace",
            [
                "-f", "-e", "trace=open,openat,connect,socket", "-o", directory + "/trace", TestSupport.executable,
                "lint", "root/api.yaml",
            ], in: directory)
        let trace = try String(contentsOfFile: directory + "/trace", encoding: .utf8)
        // Files inside the root are opened one component at a time from the root (`openat(dirfd, "api.yaml")`).
        #expect(trace.contains("\"api.yaml\""), "the trace works")
        #expect(!trace.contains("secret.yaml"), "a file outside the root was opened")
        #expect(!trace.contains("connect("), "no network access")
    }
}
