import OpenAPIModel
import RuleEngine
import SourceTree
import Testing

// The typed questions rules and the diff share: read-and-write scopes, schema keywords carried by the model, and
// which operation a node belongs to.
extension ModelTests {
    func node(_ api: APIModel, _ tokens: [String]) throws -> NodeRef {
        let file = api.files[0]
        return NodeRef(file, try #require(file.resolve(tokens: tokens)))
    }

    static let petsAPI = """
        openapi: 3.0.3
        info: {title: Pets, version: '1'}
        components:
          securitySchemes:
            oauth:
              type: oauth2
              flows:
                clientCredentials:
                  tokenUrl: https://auth.example.com/token
                  scopes: {pets: all pets, 'pets:read': read pets}
        paths:
          /pets:
            get:
              security: [{oauth: [pets]}]
              responses: {'200': {description: ok}}
            post:
              security: [{oauth: [pets]}]
              responses: {'201': {description: created}}
          /pets/{id}:
            get:
              security: [{oauth: ['pets:read']}]
              responses: {'200': {description: ok}}
        """

    @Test func aNeutralScopeThatReadsAndWritesIsOneGrant() throws {
        let api = try model(Self.petsAPI)
        let grants = api.scopesGrantingReadAndWrite()
        #expect(grants.map(\.scope) == ["pets"])
        let grant = try #require(grants.first)
        #expect(grant.scheme.name == "oauth")
        #expect(api.operations[grant.reading].displayName == "GET /pets")
        #expect(api.operations[grant.writing].displayName == "POST /pets")
        #expect(grant.keys.map(\.position) == [Position(line: 10, column: 20)])
    }

    @Test func aReadScopeOfItsOwnIsNoGrant() throws {
        let api = try model(
            Self.petsAPI.replacing(
                "get:\n      security: [{oauth: [pets]}]", with: "get:\n      security: [{oauth: ['pets:read']}]"))
        #expect(api.scopesGrantingReadAndWrite().isEmpty)
    }

    @Test func schemasCarryTheKeywordsRulesAsk() throws {
        let api = try model(
            """
            openapi: 3.1.0
            info: {title: Bounds, version: '1'}
            paths: {}
            components:
              schemas:
                Name: {type: string, maxLength: 5, maxLength: 9, example: {a: 1}, default: seven}
                Count: {type: integer, exclusiveMinimum: 0, exclusiveMaximum: 100, uniqueItems: true}
                Note: {description: free, x-origin: legacy}
                Tags: {type: array, items: false, prefixItems: [{type: string}], enum: [a, [b]], const: c}
            """)
        let schemas = Dictionary(uniqueKeysWithValues: api.schemas.schemas.map { ($0.node.key?.string ?? "", $0) })
        let name = try #require(schemas["Name"])
        #expect(name.boundKeys.maxLength?.position == Position(line: 6, column: 26))
        #expect(name.exampleText == "seven")
        #expect(!name.constrainsNothing)
        let count = try #require(schemas["Count"])
        #expect(count.hasLowerBound && count.hasUpperBound && count.hasUniqueItems)
        #expect(count.exclusiveMaximum == 100)
        #expect(count.boundKeys.exclusiveMaximum?.position == Position(line: 7, column: 49))
        #expect(try #require(schemas["Note"]).constrainsNothing)
        let tags = try #require(schemas["Tags"])
        #expect(tags.forbidsExtraItems && tags.hasPrefixItems)
        #expect(tags.enumeratedValues == ["a", "c"])
    }

    @Test func findingsBelongToTheOperationWrittenAroundThem() throws {
        let api = try model(
            """
            openapi: 3.0.3
            info: {title: Pets, version: '1'}
            paths:
              /pets:
                parameters: [{name: q, in: query, schema: {type: string}}]
                get:
                  responses: {'200': {description: ok}}
                get:
                  responses: {'200': {description: again}}
                post:
                  responses: {'201': {description: created}}
            components:
              schemas: {Pet: {type: object}}
            """)
        let attribution = FindingAttribution(api: api)
        let file = api.files[0]
        let paths = try node(api, ["paths"])
        let pathKey = NodeRef(file, file.entries(paths.node)[0].key)
        #expect(attribution.operations(at: pathKey) == [0, 1])
        #expect(attribution.operations(at: try node(api, ["paths", "/pets", "parameters", "0"])) == [0, 1])
        #expect(attribution.operations(at: try node(api, ["paths", "/pets", "get", "responses"])) == [0])
        // The repeated `get` (not used) stands for the first.
        let repeated = try #require(file.duplicateKeys.first?.duplicate)
        #expect(file.position(repeated).line == 8)
        #expect(attribution.operations(at: NodeRef(file, repeated)) == [0])
        #expect(attribution.operations(at: try node(api, ["components", "schemas", "Pet"])).isEmpty)
    }

    /// A path item reached from two paths stands for the operations of both; one without operations for none.
    @Test func aSharedPathItemsNodesBelongToTheOperationsOfEveryPathThatUsesIt() throws {
        let api = try model(
            """
            openapi: 3.0.3
            info: {title: Pets, version: '1'}
            paths:
              /pets:
                get:
                  responses: {'200': {description: ok}}
              /animals:
                $ref: '#/paths/~1pets'
              /empty:
                description: nothing here
            """)
        let attribution = FindingAttribution(api: api)
        #expect(api.operations.count == 2)
        #expect(attribution.operations(at: try node(api, ["paths", "/pets", "get", "responses"])) == [0, 1])
        #expect(attribution.operations(at: try node(api, ["paths", "/empty", "description"])).isEmpty)
    }
}
