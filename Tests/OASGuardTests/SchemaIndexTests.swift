import Linter
import Testing

@testable import OpenAPIModel
@testable import RuleEngine

/// The schema queries that index by schema instead of hashing: flags per schema, first operations per schema,
/// `allOf` closures that switch from searching to hashing, scope sets as numbered lists.
@Suite struct SchemaIndexTests {
    func model(_ text: String) throws -> APIModel {
        let result = Linter().lint(text: text, path: "model.yaml")
        #expect(result.errors.isEmpty, "\(result.errors)")
        return try #require(result.model)
    }

    @Test func aSchemaSetHoldsWhatWasInsertedInGraphOrder() {
        var set = SchemaSet(count: 5)
        let inserted = [3, 1, 3].map { set.insert(SchemaID(index: $0)) }
        #expect(inserted == [true, true, false])
        #expect(set.contains(SchemaID(index: 1)) && !set.contains(SchemaID(index: 0)))
        #expect(set.members == [SchemaID(index: 1), SchemaID(index: 3)])
    }

    @Test func reachedSchemasKeepTheFirstOperationAndGraphOrder() throws {
        let api = try model(
            """
            openapi: 3.0.3
            info: {title: T, version: '1'}
            paths:
              /a:
                post:
                  requestBody: {content: {application/json: {schema: {$ref: '#/components/schemas/A'}}}}
                  responses: {'200': {description: ok}}
              /b:
                post:
                  requestBody: {content: {application/json: {schema: {$ref: '#/components/schemas/B'}}}}
                  responses: {'200': {description: ok}}
            components:
              schemas:
                B: {type: object, properties: {shared: {$ref: '#/components/schemas/Shared'}}}
                A: {type: object, properties: {shared: {$ref: '#/components/schemas/Shared'}}}
                Shared: {type: string}
                Unused: {type: string}
            """)
        let graph = api.schemas
        #expect(graph.received == graph.received.sorted())
        #expect(graph.received.count == graph.ids.filter { graph.receivedBy[$0] != nil }.count)
        let shared = try #require(graph.ids.first { graph[$0].node.key?.string == "Shared" })
        let unused = try #require(graph.ids.first { graph[$0].node.key?.string == "Unused" })
        // `A` is the first operation's body, so `Shared` is reached from it first, though `B` is written first.
        #expect(graph.receivedBy[shared] == 0)
        #expect(graph.receivedBy[unused] == nil)
        #expect(graph.returned.isEmpty)
    }

    @Test func longAllOfChainsCloseAsShortOnesDo() throws {
        let count = SchemaGraph.closureSearchLimit * 3
        // Each schema includes the next and, as a diamond, the one after it: every schema once in the closure.
        let schemas = (0..<count).map { index in
            let members = [index + 1, index + 2].filter { $0 < count }.map { "{$ref: '#/components/schemas/S\($0)'}" }
            return "    S\(index): {type: object, allOf: [\(members.joined(separator: ", "))]}"
        }
        let api = try model(
            TestSupport.document("paths: {}\ncomponents:\n  schemas:\n" + schemas.joined(separator: "\n")))
        let graph = api.schemas
        let first = try #require(graph.ids.first { graph[$0].node.key?.string == "S0" })
        let closure = graph.allOfClosure(first)
        #expect(closure.count == count)
        #expect(Set(closure).count == count)
        #expect(closure.first == first)
    }

    @Test func anExampleURLIsRecognisedInAnyCaseOfItsScheme() {
        func properties(example: String, name: String) -> [String] {
            let text = """
                openapi: 3.0.3
                info: {title: T, version: '1'}
                paths:
                  /hooks:
                    post:
                      requestBody:
                        content: {application/json: {schema: {type: object, properties: {\(name): {type: string, example: '\(example)'}}}}}
                      responses: {'200': {description: ok}}
                """
            return Linter().lint(text: text, path: "model.yaml").findings.filter { $0.ruleID == "ssrf-prone-parameter" }
                .map(\.message)
        }
        #expect(properties(example: "HTTPS://example.com/x", name: "target").count == 1)
        #expect(properties(example: "Http://example.com", name: "target").count == 1)
        #expect(properties(example: "ftp://example.com", name: "target").isEmpty)
        #expect(properties(example: "http:/", name: "target").isEmpty)
        // A URL-named field whose example is a path is no URL to call.
        #expect(properties(example: "/videos/1", name: "callback_url").isEmpty)
    }

    @Test func scopeSetsAreAscendingDistinctNumbers() {
        var numbering = ScopeNumbering()
        let readWrite = numbering.set(of: ["write", "read", "write"])
        let read = numbering.set(of: ["read"])
        #expect(readWrite == [0, 1])
        #expect(read == [1])
        #expect(numbering.names == ["write", "read"])
        #expect(numbering.set(of: []) == [])
        #expect(ScopeNumbering.isSubset(read, of: readWrite))
        #expect(!ScopeNumbering.isSubset(readWrite, of: read))
        #expect(ScopeNumbering.isSubset([], of: read))
        #expect(!ScopeNumbering.isSubset([2], of: [0, 1, 3]))
    }
}
