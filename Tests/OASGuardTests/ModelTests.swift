import Linter
import SourceTree
import Testing

@testable import OpenAPIModel

/// The typed model: 2.0, 3.0 and 3.1 read into one shape, effective security, schema reachability.
@Suite struct ModelTests {
    func model(_ text: String) throws -> APIModel {
        let result = Linter().lint(text: text, path: "model.yaml")
        #expect(result.errors.isEmpty, "\(result.errors)")
        return try #require(result.model)
    }

    /// A small document's schemas are drafted in blocks of 16 and built apart, each block on whichever thread is
    /// free: every schema still gets its own keywords, and a property the `readOnly` of a schema drafted in a later
    /// block.
    @Test func schemasDraftedInManyBlocksKeepTheirKeywordsAndProperties() throws {
        let count = 60
        let schemas = (0..<count).map { index in
            let access = index % 2 == 1 ? ", readOnly: true" : ""
            let next = "{$ref: '#/components/schemas/S\(index + 1)'}"
            return index == count - 1
                ? "    S\(index): {type: string, maxLength: \(index)\(access)}"
                : "    S\(index): {type: object\(access), properties: {p\(index): \(next)}}"
        }
        let api = try model(
            TestSupport.document("paths: {}\ncomponents:\n  schemas:\n" + schemas.joined(separator: "\n")))
        let file = try #require(api.files.first)
        #expect(SchemaBuilder.draftsPerBlock(nodeCount: file.nodeCount) == 16)
        #expect(SchemaBuilder.draftsPerBlock(nodeCount: 1 << 20) == 256)
        let graph = api.schemas
        let ids = Dictionary(uniqueKeysWithValues: graph.ids.map { (graph[$0].node.key?.string ?? "", $0) })
        for index in 0..<count - 1 {
            let schema = graph[try #require(ids["S\(index)"])]
            #expect(schema.types == [.object] && schema.readOnly == (index % 2 == 1))
            #expect(schema.properties.map(\.name) == ["p\(index)"])
            #expect(schema.properties.first?.schema == ids["S\(index + 1)"])
            #expect(schema.properties.first?.readOnly == (index % 2 == 0), "S\(index + 1) is readOnly")
        }
        #expect(graph[try #require(ids["S\(count - 1)"])].maxLength == Double(count - 1))
    }

    /// `in` and `type` values become enum cases; a value naming none is kept as written, matches no real case, and
    /// reads back unchanged (messages quote it).
    @Test func unknownLocationsAndTypesAreKeptAsWritten() throws {
        let api = try model(
            """
            openapi: 3.0.3
            info: {title: T, version: '1'}
            components:
              securitySchemes:
                key: {type: apiKey, in: Header, name: X-Key}
                query: {type: apiKey, in: query, name: key}
            paths:
              /items/{id}:
                get:
                  parameters:
                    - {name: id, in: path, required: true, schema: {type: integer}}
                    - {name: q, in: Query, schema: {type: strng}}
                  responses: {'200': {description: ok}}
            """)
        let parameters = try #require(api.operations.first?.parameters)
        #expect(parameters.map(\.location) == [.path, .other("Query")])
        #expect(parameters.map(\.location.description) == ["path", "Query"])
        #expect(parameters.map(\.location.isInURL) == [true, false])
        let types = parameters.map { $0.schema.map { api.schemas[$0].types } }
        #expect(types == [[.integer], [.other("strng")]])
        #expect(api.securitySchemes.map(\.apiKeyLocation) == [.other("Header"), .query])
        #expect(api.securitySchemes.map { $0.apiKeyLocation?.parameterLocation } == [.other("Header"), .query])
    }

    @Test func swagger2IsNormalisedOntoTheOpenAPI3Shape() throws {
        let api = try model(
            """
            swagger: '2.0'
            info: {title: Pets, version: '1'}
            host: pets.example.com
            basePath: /v1
            schemes: [http, https]
            securityDefinitions:
              basic: {type: basic}
              oauth:
                type: oauth2
                flow: accessCode
                authorizationUrl: https://auth.example.com/authorize
                tokenUrl: https://auth.example.com/token
                scopes: {'pets:read': read pets}
            security:
              - oauth: ['pets:read']
            paths:
              /pets:
                post:
                  consumes: [application/xml]
                  parameters:
                    - {name: body, in: body, schema: {$ref: '#/definitions/Pet'}}
                    - {name: limit, in: query, type: integer, maximum: 10}
                  responses:
                    '200': {description: ok, schema: {$ref: '#/definitions/Pet'}}
            definitions:
              Pet: {type: object, properties: {name: {type: string}}}
            """)
        #expect(api.version == .swagger2)
        #expect(api.servers.map(\.url) == ["http://pets.example.com/v1", "https://pets.example.com/v1"])
        #expect(api.servers[0].node.position == Position(line: 5, column: 11))
        let basic = try #require(api.securityScheme(named: "basic"))
        #expect(basic.type == .http)
        #expect(basic.httpScheme == "basic")
        let oauth = try #require(api.securityScheme(named: "oauth"))
        #expect(oauth.flows.map(\.kind) == [.authorizationCode])
        #expect(oauth.flows[0].scopes.map(\.name) == ["pets:read"])
        let post = try #require(api.operations.first)
        #expect(post.requestBody?.contents.map(\.name) == ["application/xml"])
        #expect(post.parameters.map(\.name) == ["limit"])
        let limit = try #require(post.parameters[0].schema)
        #expect(api.schemas[limit].maximum == 10)
        let pet = try #require(post.requestBody?.contents.first?.schema)
        #expect(api.schemas[pet].properties.map(\.name) == ["name"])
        #expect(post.responses.first?.contents.first?.schema == pet)
        #expect(post.effectiveSecurityLevel == .document)
    }

    @Test func effectiveSecurityPrefersTheOperationsOwnListEvenWhenEmpty() throws {
        let api = try model(
            """
            openapi: 3.0.3
            info: {title: T, version: '1'}
            security: [{key: []}]
            components:
              securitySchemes:
                key: {type: apiKey, in: header, name: X-Key}
            paths:
              /a:
                get:
                  responses: {'200': {description: ok}}
                post:
                  security: []
                  responses: {'200': {description: ok}}
                put:
                  security: [{}, {key: []}]
                  responses: {'200': {description: ok}}
            """)
        let byMethod = Dictionary(uniqueKeysWithValues: api.operations.map { ($0.method, $0) })
        #expect(byMethod[.get]?.effectiveSecurityLevel == .document)
        #expect(byMethod[.get]?.isAuthenticated == true)
        #expect(byMethod[.post]?.effectiveSecurity.isEmpty == true)
        #expect(byMethod[.post]?.effectiveSecurityLevel == .operation)
        #expect(byMethod[.put]?.isAuthenticated == false)
        #expect(byMethod[.put]?.effectiveSecurity.first?.isAnonymous == true)
    }

    @Test func pathLevelParametersMergeAndOperationsOverride() throws {
        let api = try model(
            """
            openapi: 3.0.3
            info: {title: T, version: '1'}
            paths:
              /a/{id}:
                parameters:
                  - {name: id, in: path, required: true, schema: {type: integer}}
                  - {name: q, in: query, schema: {type: string}}
                get:
                  parameters:
                    - {name: id, in: path, required: true, schema: {type: string, format: uuid}}
                  responses: {'200': {description: ok}}
            """)
        let get = try #require(api.operations.first)
        #expect(get.parameters.map(\.name) == ["id", "q"])
        let id = try #require(get.parameters[0].schema)
        #expect(api.schemas[id].format == "uuid")
    }

    @Test func openAPI31WebhooksTypeArraysAndReachabilityByRole() throws {
        let api = try model(
            """
            openapi: 3.1.0
            info: {title: T, version: '1'}
            paths:
              /users:
                post:
                  requestBody:
                    content:
                      application/json: {schema: {$ref: '#/components/schemas/User'}}
                  responses:
                    '201':
                      description: created
                      content:
                        application/json: {schema: {$ref: '#/components/schemas/User'}}
            webhooks:
              userCreated:
                post:
                  responses: {'200': {description: ok}}
            components:
              schemas:
                User:
                  type: object
                  properties:
                    id: {type: [string, 'null'], readOnly: true}
                    password: {type: string, writeOnly: true}
                    self: {$ref: '#/components/schemas/User'}
            """)
        #expect(api.version == .openAPI31)
        #expect(api.operations.map(\.displayName) == ["POST /users", "webhook POST userCreated"])
        let user = try #require(api.operations[0].requestBody?.contents.first?.schema)
        let properties = Dictionary(uniqueKeysWithValues: api.schemas[user].properties.map { ($0.name, $0.schema) })
        let id = try #require(properties["id"])
        let password = try #require(properties["password"])
        #expect(api.schemas[id].types == [.string, .null])
        #expect(api.schemas.receivedBy[password] == 0)
        #expect(api.schemas.receivedBy[id] == nil)
        #expect(api.schemas.returnedBy[id] == 0)
        #expect(api.schemas.returnedBy[password] == nil)
        #expect(properties["self"] == user)
    }

    @Test func methodsDisplayInCapitals() {
        for method in HTTPMethod.allCases { #expect(method.display == method.rawValue.uppercased()) }
    }

    @Test func notAnOpenAPIDocumentSaysSo() throws {
        for (text, message) in [
            ("asyncapi: 2.0.0\ninfo: {}\n", "no top-level `openapi` or `swagger` key"),
            ("- a\n- b\n", "the top level is a list"),
            ("openapi: 4.0.0\n", "unsupported OpenAPI version '4.0.0'"),
        ] {
            let result = Linter().lint(text: text, path: "x.yaml")
            #expect(result.model == nil)
            #expect(result.errors.first?.message.contains(message) == true, "\(result.errors)")
        }
    }
}
