import Foundation
import RuleEngine
import Testing

@testable import Linter
@testable import OpenAPIModel
@testable import Reporters
@testable import SourceTree

/// The second round of hostile input: small inputs that used to cost minutes, spellings that dodged discovery,
/// escapes from the reference root, unsafe output files, text that commanded a reviewer's tools, shifted lines.
@Suite(.serialized) struct HostileRoundTwoTests {
    static let minimal = #"{"openapi":"3.0.3","info":{"title":"T","version":"1"},"paths":{}}"#

    /// A fresh directory holding `files`, removed by the caller.
    func directory(_ files: [String: [UInt8]]) throws -> String {
        let directory = try TestSupport.temporaryDirectory()
        for (name, bytes) in files {
            let url = URL(fileURLWithPath: directory + "/" + name)
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(bytes).write(to: url)
        }
        return directory
    }

    // MARK: - Denial of service: the linear replacements answer as the quadratic originals did

    @Test func surrogateEscapesFollowBackslashParityInOnePass() {
        // An even run of backslashes escapes itself: the `\ud800` after it is text, not an escape.
        let even = Array(#"{"x":"\\\\ud800"}"#.utf8)
        #expect(SurrogateEscapes.rewrite(even) == even)
        // An odd run leaves one backslash that starts the escape.
        let odd = Array(#"{"x":"\\\ud800"}"#.utf8)
        #expect(SurrogateEscapes.rewrite(odd).map { String(decoding: $0, as: UTF8.self) } == #"{"x":"\\\uFFFD"}"#)
        let pair = Array(#"["\ud83d\ude00"]"#.utf8)
        #expect(SurrogateEscapes.rewrite(pair).map { String(decoding: $0, as: UTF8.self) } == #"["\U0001F600"]"#)
    }

    @Test func longBackslashRunsThenALoneSurrogateStillLoad() throws {
        let json =
            #"{"openapi":"3.0.3","info":{"title":"T","version":"1"},"paths":{},"x":""#
            + String(repeating: #"\\"#, count: 20_000) + #"","y":"\ud800"}"#
        let file = try YAMLLoader.parse(Array(json.utf8), path: "bs.json")
        let root = try #require(file.root)
        #expect(file.value(root, "y").map(file.string) == "\u{FFFD}")
    }

    @Test func codeFramesShowABoundedWindowOfALongLine() throws {
        let prefix = String(repeating: "a", count: 50_000)
        let bytes = Array((prefix + "TARGET" + String(repeating: "b", count: 50_000) + "\n").utf8)
        let lines = SourceLines(bytes: bytes)
        #expect(lines.length(1) == 100_006)
        #expect(lines.text(1, columns: 50_001..<50_007) == "TARGET")
        let frame = CodeFrame(
            region: SourceSpan(
                start: Position(line: 1, column: 50_001), end: Position(line: 1, column: 50_007)), lines: lines)
        #expect(frame.text.hasPrefix("…") && frame.text.hasSuffix("…"))
        #expect(frame.text.count <= CodeFrame.windowWidth + 2)
        // The caret sits under the region, whatever the window cut away before it.
        let caretColumn = frame.caretPrefix.count
        let shown = Array(frame.text)
        #expect(String(shown[caretColumn..<caretColumn + 6]) == "TARGET")
        #expect(frame.marker == "^~~~~~")
    }

    @Test func codeFramesEscapeControlsAndKeepTheCaretAligned() {
        let lines = SourceLines(bytes: Array("a\u{1B}[2Jb: \u{202E}x\n".utf8))
        let frame = CodeFrame(
            region: SourceSpan(start: Position(line: 1, column: 9), end: Position(line: 1, column: 10)), lines: lines)
        #expect(frame.text == #"a\u001B[2Jb: \u202Ex"#)
        #expect(!frame.text.unicodeScalars.contains(where: SafeText.isControl))
        #expect(Array(frame.text)[frame.caretPrefix.count] == "\\")
        #expect(frame.caretWidth == 6)
    }

    @Test func linearSchemaQueriesAgreeWithTheirDefinitions() throws {
        let text = """
            openapi: 3.0.3
            info: {title: T, version: '1'}
            paths:
              /oauth/token:
                post:
                  responses:
                    '200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/A'}}}}
              /me:
                get:
                  responses:
                    '200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/C'}}}}
            components:
              schemas:
                A: {type: object, properties: {next: {$ref: '#/components/schemas/B'}}}
                B: {allOf: [{$ref: '#/components/schemas/C'}], properties: {b: {type: string}}}
                C: {type: object, additionalProperties: false, properties: {c: {type: string}}}
            """
        let result = Linter().lint(text: text, path: "model.yaml")
        let model = try #require(result.model)
        let graph = model.schemas
        let closed = graph.includingThroughAllOf(\.closesItself)
        for index in graph.schemas.indices {
            let id = SchemaID(index: index)
            #expect(closed.contains(id) == graph.allOfClosure(id).contains { graph[$0].closesItself })
        }
        let usage = SchemaUsage(api: model, role: .response)
        for predicate in [{ (_: Int) in true }, { $0 == 1 }, { $0 == 0 }] as [(Int) -> Bool] {
            let all = usage.firstOperations(where: predicate)
            for id in graph.returned {
                #expect(all[id] == usage.operations(reaching: id).first(where: predicate))
            }
        }
    }

    @Test func ignoreIndexFindsTheFirstMatchingPatternInFileOrder() {
        func pattern(_ pointer: String, _ rule: RuleID = "operation-without-security") -> IgnorePattern {
            IgnorePattern(
                ruleID: rule, file: nil, pointer: Glob(pointer), baseDirectory: "/", source: pointer)
        }
        let patterns = [
            pattern("/paths/~1a/get"), pattern("/paths/*/get"), pattern("/paths/~1b/**"), pattern("**"),
            pattern("/paths/~1c/get", "api-key-in-query"),
        ]
        let index = IgnoreIndex(patterns)
        for (pointer, rule): (String, RuleID) in [
            ("/paths/~1a/get", "operation-without-security"), ("/paths/~1b/get/x", "operation-without-security"),
            ("/info", "operation-without-security"), ("/paths/~1c/get", "api-key-in-query"),
            ("/paths/~1d/get", "api-key-in-query"),
        ] {
            let linear = patterns.first { $0.matches(ruleID: rule, absolutePath: "/x.yaml", pointer: pointer) }
            #expect(
                index.first(ruleID: rule, absolutePath: "/x.yaml", pointer: pointer)?.source == linear?.source,
                "\(rule) \(pointer)")
        }
    }

    // MARK: - Discovery

    @Test func discoveryReadsRootKeysAsTheParserDoes() throws {
        var utf16 = [UInt8]([0xFF, 0xFE])
        for unit in TestSupport.document().utf16 {
            utf16 += [UInt8(unit & 0xFF), UInt8(unit >> 8)]
        }
        let rest = "info: {title: T, version: '1'}\npaths: {}\n"
        let files: [String: [UInt8]] = [
            "flow.yaml": Array("{openapi: 3.0.3, info: {title: T, version: '1'}, paths: {}}\n".utf8),
            "explicit.yaml": Array("? openapi\n: 3.0.3\n\(rest)".utf8),
            "escaped.json": Array(#"{"\u006fpenapi":"3.0.3","info":{"title":"T","version":"1"},"paths":{}}"#.utf8),
            "anchored.yaml": Array("&x openapi: 3.0.3\n\(rest)".utf8),
            "tagged.yaml": Array("!!str openapi: 3.0.3\n\(rest)".utf8),
            "start.yaml": Array("--- {openapi: 3.0.3, info: {title: T, version: '1'}, paths: {}}\n".utf8),
            "upper.YAML": Array("openapi: 3.0.3\n\(rest)".utf8),
            "utf16.yaml": utf16,
            "fragment.yaml": Array("type: object\nproperties: {openapi: {type: string}}\n".utf8),
            "nested.yaml": Array("x:\n  openapi: 3.0.3\n".utf8),
        ]
        let root = try directory(files)
        defer { try? FileManager.default.removeItem(atPath: root) }
        let found = DocumentDiscovery.find([root])
        #expect(found.errors.isEmpty)
        let names = Set(found.documents.map { String($0.path.split(separator: "/").last!) })
        #expect(
            names == [
                "flow.yaml", "explicit.yaml", "escaped.json", "anchored.yaml", "tagged.yaml", "start.yaml",
                "upper.YAML", "utf16.yaml",
            ])
    }

    @Test(arguments: ["lint", "inventory"])
    func aRunWithoutDocumentsFailsUnlessAllowed(command: String) throws {
        let root = try directory(["notes.yaml": Array("name: not an API\n".utf8)])
        defer { try? FileManager.default.removeItem(atPath: root) }
        let refused = try TestSupport.run([command, "."], in: root)
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("no OpenAPI or Swagger document found"))
        let allowed = try TestSupport.run([command, ".", "--allow-empty"], in: root)
        #expect(allowed.status == 0, "\(allowed.stderr)")
    }

    @Test func linksOutOfTheDirectoryLoopsAndPipesAreErrorsNotFollowed() throws {
        let outside = try directory([
            "secret.yaml": Array(TestSupport.document(title: "SECRET").utf8)
        ])
        let root = try directory(["api.json": Array(Self.minimal.utf8)])
        defer {
            try? FileManager.default.removeItem(atPath: root)
            try? FileManager.default.removeItem(atPath: outside)
        }
        let manager = FileManager.default
        try manager.createSymbolicLink(atPath: root + "/out.yaml", withDestinationPath: outside + "/secret.yaml")
        try manager.createSymbolicLink(atPath: root + "/zero.json", withDestinationPath: "/dev/zero")
        try manager.createSymbolicLink(atPath: root + "/loop1.yaml", withDestinationPath: "loop2.yaml")
        try manager.createSymbolicLink(atPath: root + "/loop2.yaml", withDestinationPath: "loop1.yaml")
        #expect(mkfifo(root + "/pipe.yaml", 0o600) == 0)
        let outcome = try TestSupport.run(["lint", "."], in: root)
        #expect(outcome.status == 2)
        #expect(outcome.stderr.contains("out.yaml:1:1: error: a symbolic link out of"))
        #expect(outcome.stderr.contains("zero.json:1:1: error: a symbolic link out of"))
        #expect(outcome.stderr.contains("loop1.yaml:1:1: error: a loop of symbolic links"))
        #expect(!outcome.stdout.contains("SECRET"))
        // The FIFO named explicitly is refused by type, without blocking on it.
        let pipe = try TestSupport.run(["lint", "pipe.yaml"], in: root)
        #expect(pipe.status == 2)
        #expect(pipe.stderr.contains("a pipe"))
    }

    // MARK: - Reference root

    @Test func configurationMayNarrowButNotWidenTheReferenceRoot() throws {
        let root = try directory([
            "api.yaml": Array(TestSupport.document().utf8),
            ".oasguard.yml": Array("ref-root: /\n".utf8),
            "specs/.keep": [],
        ])
        defer { try? FileManager.default.removeItem(atPath: root) }
        let widened = try TestSupport.run(["lint", "api.yaml"], in: root)
        #expect(widened.status == 2)
        #expect(widened.stderr.contains(".oasguard.yml:1:11: error: `ref-root` may only narrow"))
        try Data("ref-root: specs\n".utf8).write(to: URL(fileURLWithPath: root + "/.oasguard.yml"))
        #expect(try TestSupport.run(["lint", "api.yaml"], in: root).status != 2)
        // The command line may widen it.
        let flag = try TestSupport.run(["lint", "api.yaml", "--no-config", "--ref-root", "/"], in: root)
        #expect(flag.status != 2, "\(flag.stderr)")
    }

    @Test func aFolderSwappedForALinkIsNotFollowedOutOfTheRoot() throws {
        let root = try directory(["specs/part.yaml": Array("a: inside\n".utf8)])
        let outside = try directory(["part.yaml": Array("a: OUTSIDE\n".utf8)])
        defer {
            try? FileManager.default.removeItem(atPath: root)
            try? FileManager.default.removeItem(atPath: outside)
        }
        let canonicalRoot = try #require(FileReader.realPath(root))
        let path = canonicalRoot + "/specs/part.yaml"
        #expect(try FileReader.read(path: path, beneath: canonicalRoot, maxBytes: 1 << 20) == Array("a: inside\n".utf8))
        // What was checked (`specs` inside the root) is swapped for a link out before the read.
        try FileManager.default.removeItem(atPath: root + "/specs")
        try FileManager.default.createSymbolicLink(atPath: root + "/specs", withDestinationPath: outside)
        #expect(throws: LoadError.self) { try FileReader.read(path: path, beneath: canonicalRoot, maxBytes: 1 << 20) }
    }

    @Test func aReferenceToAFIFOIsRefusedWithoutBlocking() throws {
        let root = try directory([
            "api.yaml": Array(
                """
                openapi: 3.0.3
                info: {title: T, version: '1'}
                paths: {}
                components: {schemas: {A: {$ref: 'pipe.yaml'}}}
                """.utf8)
        ])
        defer { try? FileManager.default.removeItem(atPath: root) }
        #expect(mkfifo(root + "/pipe.yaml", 0o600) == 0)
        let outcome = try TestSupport.run(["lint", "api.yaml", "--format", "json"], in: root)
        #expect(outcome.stdout.contains("a pipe (FIFO), not a regular file"), "\(outcome.stdout)")
    }

    @Test func aCraftedGitTreeCannotWriteOutsideTheCheckout() throws {
        // A commit whose tree holds a folder named `..`: `git ls-tree -r` lists `../pwned-oasguard.yaml`.
        let spec = TestSupport.document("paths:\n  /a: {$ref: './paths.yaml#/a'}\n")
        let paths = "a: {get: {responses: {'200': {description: ok}}}}\n"
        let root = try directory(["repo/api.yaml": Array(spec.utf8), "repo/paths.yaml": Array(paths.utf8)])
        defer { try? FileManager.default.removeItem(atPath: root) }
        let script = """
            set -e
            git init -q && git add -A && git -c user.name=t -c user.email=t@example.com commit -qm v1
            api=$(git rev-parse HEAD:api.yaml); paths=$(git rev-parse HEAD:paths.yaml)
            inner=$(printf '100644 blob %s\\tpwned-oasguard.yaml\\n' "$paths" | git mktree)
            tree=$(printf '100644 blob %s\\tapi.yaml\\n100644 blob %s\\tpaths.yaml\\n040000 tree %s\\t..\\n' \\
              "$api" "$paths" "$inner" | git mktree)
            git -c user.name=t -c user.email=t@example.com commit-tree "$tree" -m crafted
            """
        let crafting = try TestSupport.run(program: "/bin/sh", ["-c", script], in: root + "/repo")
        let commit = crafting.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        try #require(crafting.status == 0 && commit.count == 40, "could not craft the commit")

        let outcome = try TestSupport.run(["diff", "git:HEAD:api.yaml", "git:\(commit):api.yaml"], in: root + "/repo")
        #expect(outcome.status == 2)
        #expect(outcome.stderr.contains("'../pwned-oasguard.yaml' that leads out of its folder; refused"))
        let temporary = NSTemporaryDirectory()
        #expect(!FileManager.default.fileExists(atPath: temporary + "/pwned-oasguard.yaml"))
        #expect(!FileManager.default.fileExists(atPath: root + "/pwned-oasguard.yaml"))
    }

    // MARK: - Output files

    @Test func outputsNeverReplaceAnInputFollowALinkOrHideAWriteError() throws {
        let spec = TestSupport.document()
        let root = try directory(["api.yaml": Array(spec.utf8), "victim.txt": Array("keep\n".utf8)])
        defer { try? FileManager.default.removeItem(atPath: root) }
        let overwrite = try TestSupport.run(["lint", "api.yaml", "-o", "api.yaml"], in: root)
        #expect(overwrite.status == 2)
        #expect(overwrite.stderr.contains("api.yaml: error: it is also an input"))
        #expect(try String(contentsOfFile: root + "/api.yaml", encoding: .utf8) == spec)

        try FileManager.default.createSymbolicLink(atPath: root + "/out.sarif", withDestinationPath: "victim.txt")
        let linked = try TestSupport.run(["lint", "api.yaml", "--format", "sarif", "-o", "out.sarif"], in: root)
        #expect(linked.status == 0, "\(linked.stderr)")
        #expect(try String(contentsOfFile: root + "/victim.txt", encoding: .utf8) == "keep\n")
        let replaced = try FileManager.default.attributesOfItem(atPath: root + "/out.sarif")
        #expect(replaced[.type] as? FileAttributeType == .typeRegular)

        let full = try TestSupport.run(["lint", "api.yaml", "-o", "/dev/full"], in: root)
        #expect(full.status == 2)
        #expect(full.stderr.contains("/dev/full: error: cannot write: No space left on device"))
        let baseline = try TestSupport.run(["lint", "api.yaml", "--write-baseline", "/dev/full"], in: root)
        #expect(baseline.status == 2)
    }

    // MARK: - Injection

    static let injecting = #"""
        {"openapi":"3.0.3","info":{"title":"T","version":"1"},
         "servers":[{"url":"http://x\n::error file=README.md,line=1::PWNED\r<!-- \u001b]8;;http://e\u0007l\u001b]8;;\u0007 \u202eevil @org/team <img src=x> [a](http://b)"}],
         "paths":{"/a":{"get":{"operationId":"=\u0301HYPERLINK(1)","security":[{"\tbad\n::add-mask::x":[]}],
           "responses":{"200":{"description":"ok"}}}}}}
        """#

    func injectionOutput(_ arguments: [String], name: String = "api.json", status: Int32 = 1) throws -> String {
        let root = try directory([name: Array(Self.injecting.utf8)])
        defer { try? FileManager.default.removeItem(atPath: root) }
        let outcome = try TestSupport.run(arguments + [name], in: root)
        #expect(outcome.status == status, "\(outcome.stderr)")
        return outcome.stdout
    }

    /// Whether any line starts a workflow command other than the ones oasguard writes on purpose.
    func startsCommand(_ output: String, allowed: Bool = false) -> Bool {
        output.split(separator: "\n", omittingEmptySubsequences: false).contains { line in
            let trimmed = line.drop { $0 == " " || $0 == "\t" }
            guard trimmed.hasPrefix("::") else { return false }
            return !(allowed && ["::error ", "::warning ", "::notice "].contains { trimmed.hasPrefix($0) })
        }
    }

    @Test(arguments: ["text", "github", "markdown"])
    func noSpecTextCommandsTheReviewersTools(format: String) throws {
        let output = try injectionOutput(["lint", "--format", format])
        #expect(!output.unicodeScalars.contains { SafeText.isControl($0) && $0 != "\n" })
        #expect(!startsCommand(output, allowed: format == "github"))
        if format == "github" {
            #expect(output.split(separator: "\n").allSatisfy { $0.hasPrefix("::") })
        }
        if format == "markdown" {
            #expect(!output.contains("<img") && !output.contains("<!--") && !output.contains("@org"))
            #expect(!output.contains("[a](http"))
        }
    }

    @Test func aFileNamedLikeAWorkflowCommandDoesNotStartOne() throws {
        let output = try injectionOutput(["lint", "."], name: "::warning::x.json")
        #expect(output.contains("./::warning::x.json:"))
        #expect(!startsCommand(output))
    }

    @Test func inventoryCellsAreGuardedAsASpreadsheetReadsThem() throws {
        let csv = try injectionOutput(["inventory", "--format", "csv"], status: 0).replacingOccurrences(
            of: "\r\n", with: "\n")
        #expect(!csv.unicodeScalars.contains { SafeText.isControl($0) && $0 != "\n" })
        #expect(csv.split(separator: "\n").count == 2)
        #expect(csv.contains(",'=\u{301}HYPERLINK(1),"))
        for (cell, guarded) in [
            ("=1+1", "'=1+1"), ("\u{301}=1", "'\u{301}=1"), (" +1", "' +1"), ("\tx", #"'\tx"#), ("\r=1", #"'\r=1"#),
            ("\u{200B}@SUM(1)", "'\u{200B}@SUM(1)"), ("＝1", "'＝1"), ("-", "-"), ("plain", "plain"),
        ] {
            #expect(SafeText.spreadsheetCell(cell) == guarded, "\(cell.debugDescription)")
        }
    }

    // MARK: - Positions

    @Test func lineAndParagraphSeparatorsInsideScalarsDoNotShiftLines() throws {
        let text =
            "openapi: 3.0.3\ninfo:\n  title: \"a\u{85}b\u{2028}c\u{2029}d\"\n  version: '1'\nservers:\n  - url: http://api.example.com\npaths: {}\n"
        let file = try YAMLLoader.parse(Array(text.utf8), path: "nel.yaml")
        let root = try #require(file.root)
        let servers = try #require(file.value(root, "servers"))
        let url = try #require(file.value(file.items(servers)[0], "url"))
        #expect(file.position(url) == Position(line: 6, column: 10))
        let info = try #require(file.value(root, "info"))
        let title = try #require(file.value(info, "title"))
        #expect(file.span(title).end.line == 3)
    }

    @Test func rareBytesAreFoundAtEveryOffsetOfTheWordScan() {
        for offset in 0..<20 {
            let padding = Array(repeating: UInt8(ascii: "a"), count: offset)
            let tail = Array(repeating: UInt8(ascii: "b"), count: 20 - offset)
            for lineBreak in ["\n", "\r", "\r\n"] {
                let lines = (padding + Array(lineBreak.utf8) + tail).withUnsafeBufferPointer(LineIndex.init)
                let next = UInt32(offset + lineBreak.unicodeScalars.count)
                #expect(lines.position(next) == Position(line: 2, column: 1), "\(offset)")
                #expect(lines.position(UInt32(offset)) == Position(line: 1, column: offset + 1), "\(offset)")
            }
            // libyaml counts NEL, LINE and PARAGRAPH SEPARATOR as line breaks in the line it gives the stream's end.
            for mark in ["\u{85}", "\u{2028}", "\u{2029}"] {
                let lines = (padding + Array(mark.utf8) + tail).withUnsafeBufferPointer(LineIndex.init)
                #expect(lines.position(LineIndex.pastEnd) == Position(line: 3, column: 1), "\(offset)")
                #expect(lines.position(21) == Position(line: 1, column: 22), "\(offset)")
            }
            let accented = (padding + Array("é€".utf8) + tail).withUnsafeBufferPointer(LineIndex.init)
            #expect(accented.characterCount == 22 && !accented.isASCII, "\(offset)")
            #expect(accented.position(21) == Position(line: 1, column: 22), "\(offset)")
            #expect(SurrogateEscapes.containsSurrogateEscape(padding + Array(#"\uDA00"#.utf8) + tail), "\(offset)")
            #expect(!SurrogateEscapes.containsSurrogateEscape(padding + Array(#"\u00e9\\"#.utf8) + tail), "\(offset)")
        }
    }

    /// The search for surrogate escapes goes from backslash to backslash up to the text's last four bytes.
    @Test(arguments: [
        (#"\uD800"#, true), (#"x\udfff"#, true), (#"\\\\\uDB"#, true), (#"\uD"#, false), (#"\\\"#, false),
        (#"\u00e9\uE000"#, false), ("", false),
    ])
    func surrogateEscapesAreFoundUpToTheTextsEnd(text: String, found: Bool) {
        #expect(SurrogateEscapes.containsSurrogateEscape(Array(text.utf8)) == found)
    }

    @Test func encodingsAreNamedAndUTF16NeverShowsNULBytes() throws {
        #expect(throws: LoadError.self) { try YAMLLoader.parse([0xFF, 0xFE, 0, 0, 0x6F, 0, 0, 0], path: "x.yaml") }
        do {
            _ = try YAMLLoader.parse([0x00, 0x00, 0xFE, 0xFF, 0, 0, 0, 0x6F], path: "x.yaml")
        } catch {
            #expect(error.message.contains("UTF-32"))
        }
        var bytes: [UInt8] = [0xFE, 0xFF]
        for unit in TestSupport.document().utf16 {
            bytes += [UInt8(unit >> 8), UInt8(unit & 0xFF)]
        }
        let file = try YAMLLoader.parse(bytes, path: "x.yaml")
        #expect(!file.bytes.contains(0))
        #expect(SourceLines(file).text(2) == "info: {title: T, version: '1'}")
    }
}
