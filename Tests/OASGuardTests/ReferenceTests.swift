import Foundation
import References
import SourceTree
import Testing

/// `$ref` resolution: local and cross-file, cycles, and refusal to leave the root.
@Suite struct ReferenceTests {
    let root = TestSupport.fixtures + "/refs"

    func resolver() throws -> ReferenceResolver {
        let store = SourceStore(root: .canonicalising(root))
        let file = try store.load(canonical: FileReader.realPath(root + "/root.yaml")!, displayPath: "root.yaml").get()
        let resolver = ReferenceResolver(store: store, rootFile: file)
        resolver.resolveAll()
        return resolver
    }

    func reference(_ resolver: ReferenceResolver, _ tokens: [String]) throws -> NodeRef {
        let file = resolver.rootFile
        return NodeRef(file, try #require(file.resolve(tokens: tokens)))
    }

    @Test func crossFileReferencesLandInTheirOwnFiles() throws {
        let resolver = try resolver()
        let pets = try reference(resolver, ["paths", "/pets"])
        let item = try #require(resolver.follow(pets))
        #expect(item.file.path == "paths.yaml")
        #expect(item.position == Position(line: 2, column: 3))
        let schemaRef = try #require(item["get"]?["responses"]?["200"]?["content"]?["application/json"]?["schema"])
        let schema = try #require(resolver.follow(schemaRef))
        #expect(schema.file.path == "schemas/pet.yaml")
        let ownerRef = try #require(schema["properties"]?["owner"])
        let owner = try #require(resolver.follow(ownerRef))
        #expect(owner.file.path == "schemas/owner.json")
        #expect(owner.pointer == "/definitions/Owner")
        // owner.json refers back to pet.yaml: the same file object, loaded once.
        let petRef = try #require(owner["properties"]?["pet"])
        let back = try #require(resolver.follow(petRef))
        #expect(back.file === schema.file)
    }

    @Test func recursiveSchemasAndSelfReferencesTerminate() throws {
        let resolver = try resolver()
        let items = try reference(resolver, ["components", "schemas", "Node", "properties", "children", "items"])
        let node = try #require(resolver.follow(items))
        #expect(node.pointer == "/components/schemas/Node")
        #expect(resolver.follow(try reference(resolver, ["components", "schemas", "Loop"])) == nil)
    }

    @Test func problemsComeInTheOrderOfTheirFilesAndPositions() throws {
        // Reports (diff's warnings among them) print them as they come: the order must not change between runs.
        let places = try resolver().problems.map {
            ($0.reference.file.path, $0.reference.position.line, $0.reference.position.column)
        }
        #expect(places.count >= 5)
        #expect(places.elementsEqual(places.sorted { $0 < $1 }) { $0 == $1 })
    }

    @Test func eachFailureSaysWhy() throws {
        let resolver = try resolver()
        let reasons = Dictionary(resolver.problems.map { ($0.target, $0) }, uniquingKeysWith: { first, _ in first })
        #expect(reasons["#/components/schemas/Missing"]?.reason.contains("nothing at") == true)
        #expect(reasons["../../../../../../etc/passwd"]?.reason.contains("leaves the reference root") == true)
        #expect(reasons["/etc/passwd"]?.reason.contains("absolute paths are not followed") == true)
        #expect(reasons["file:///etc/passwd"]?.reason.contains("only relative file references") == true)
        #expect(reasons["./missing-file.yaml"]?.reason.contains("not found") == true)
        let remote = try #require(reasons["https://example.com/schemas/pet.yaml"])
        #expect(remote.isRemote)
        #expect(remote.reason.contains("remote references are not followed"))
        #expect(reasons.values.filter(\.isRemote).count == 1)
        // The problem points at the `$ref` key of the referring node.
        let missing = try #require(reasons["#/components/schemas/Missing"])
        #expect(missing.reference.position == Position(line: 23, column: 17))
    }

    @Test func filesOutsideTheRootAreNeverOpened() throws {
        let resolver = try resolver()
        #expect(!resolver.files.contains { $0.path.contains("passwd") })
        #expect(
            resolver.files.map(\.path).sorted() == [
                "cycle/a.yaml", "cycle/b.yaml", "paths.yaml", "root.yaml", "schemas/owner.json", "schemas/pet.yaml",
            ])
    }

    @Test func aSymbolicLinkOutOfTheRootIsRefused() throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let inside = directory + "/root"
        try TestSupport.write(
            TestSupport.document("paths: {}\nx: {$ref: './link.yaml'}\n", openapi: "3.0.0", title: "x"),
            to: "root/api.yaml", in: directory)
        try TestSupport.write("secret: 1\n", to: "outside.yaml", in: directory)
        try FileManager.default.createSymbolicLink(
            atPath: inside + "/link.yaml", withDestinationPath: directory + "/outside.yaml")
        let store = SourceStore(root: .canonicalising(inside))
        let file = try store.load(canonical: FileReader.realPath(inside + "/api.yaml")!, displayPath: "api.yaml").get()
        let resolver = ReferenceResolver(store: store, rootFile: file)
        let x = NodeRef(file, try #require(file.resolve(tokens: ["x"])))
        guard case .failure(let problem) = resolver.resolve(x) else {
            Issue.record("the link out of the root was followed")
            return
        }
        #expect(problem.reason.contains("symbolic link"))
        #expect(store.loadedFileCount == 1)
    }

    @Test func literalValuesAreNotReferences() throws {
        let file = try TestSupport.parse(
            """
            components:
              schemas:
                A:
                  example: {$ref: 'not-a-ref'}
                  x-extra: {$ref: 'nope'}
                  properties:
                    example: {$ref: '#/components/schemas/A'}
            """)
        let store = SourceStore(root: .inMemory)
        let resolver = ReferenceResolver(store: store, rootFile: file)
        resolver.resolveAll()
        #expect(resolver.problems.isEmpty)
        let property = NodeRef(
            file, try #require(file.resolve(tokens: ["components", "schemas", "A", "properties", "example"])))
        #expect(resolver.isReference(property))
    }
}

extension ReferenceTests {
    @Test func loopingChainsAreProblemsAndPropertiesNamedRefAreNot() throws {
        let resolver = try resolver()
        let loops = resolver.problems.filter { $0.reason.contains("loops back") }
        // `Loop` refers to itself; cycle/a.yaml and cycle/b.yaml refer to each other.
        #expect(Set(loops.map(\.reference.file.path)) == ["root.yaml", "cycle/a.yaml", "cycle/b.yaml"])
        let file = try TestSupport.parse("properties:\n  $ref: {type: string}\n")
        let properties = NodeRef(file, try #require(file.resolve(tokens: ["properties"])))
        #expect(!ReferenceResolver(store: SourceStore(root: .inMemory), rootFile: file).isReference(properties))
    }

    @Test func referencesInsideLiteralValuesAreDataWhereverTheyAreWritten() throws {
        let file = try TestSupport.parse(
            """
            components:
              schemas:
                A: &reference {$ref: '#/components/schemas/B'}
                B:
                  default: {$ref: '#/x'}
                  enum: [{$ref: '#/x'}]
                  const: {nested: {$ref: '#/x'}}
                  examples: [{$ref: '#/x'}]
                  x-data: {$ref: '#/x'}
                  example: *reference
                  properties:
                    default: {$ref: '#/components/schemas/B'}
                    x-name: {$ref: '#/components/schemas/B'}
                    plain: *reference
              examples:
                one:
                  value: {$ref: '#/x'}
                two: {$ref: '#/components/examples/one'}
            """)
        let resolver = ReferenceResolver(store: SourceStore(root: .inMemory), rootFile: file)
        func isReference(_ pointer: [String]) throws -> Bool {
            resolver.isReference(NodeRef(file, try #require(file.resolve(tokens: pointer), "\(pointer)")))
        }
        let schema = ["components", "schemas", "B"]
        for data in [
            schema + ["default"], schema + ["enum", "0"], schema + ["const", "nested"], schema + ["examples", "0"],
            schema + ["x-data"], schema + ["example"], ["components", "examples", "one", "value"],
        ] {
            #expect(try !isReference(data), "\(data)")
        }
        for reference in [
            ["components", "schemas", "A"], schema + ["properties", "default"], schema + ["properties", "x-name"],
            schema + ["properties", "plain"], ["components", "examples", "two"],
        ] {
            #expect(try isReference(reference), "\(reference)")
        }
    }
}
