import Lexicon
import Linter
import OpenAPIModel
import Posture
import RuleEngine
import Rules
import Testing

/// `Inventory`: one row per operation with exposure, protection, data and findings, and the totals.
@Suite struct InventoryTests {
    static let api = """
        openapi: 3.1.0
        info: {title: Inventory, version: '1'}
        servers:
          - url: https://api.example.com
            description: Production
          - url: https://{region}.sandbox.example.com
            variables: {region: {default: eu}}
            x-environment: sandbox
          - url: https://qa.example.com
            description: Pre-production mirror
        components:
          securitySchemes:
            oauth:
              type: oauth2
              flows:
                clientCredentials:
                  tokenUrl: https://auth.example.com/token
                  scopes: {users:read: read, users:write: write}
            key: {type: apiKey, in: header, name: X-Key}
          schemas:
            User:
              type: object
              properties:
                email: {type: string}
                password: {type: string, writeOnly: true}
                iban: {type: string}
        paths:
          /users:
            get:
              operationId: listUsers
              security: [{oauth: [users:read]}, {key: []}]
              responses:
                '200':
                  description: users
                  headers:
                    X-RateLimit-Remaining: {schema: {type: integer}}
                  content:
                    application/json:
                      schema: {type: array, items: {$ref: '#/components/schemas/User'}}
            post:
              security: []
              deprecated: true
              requestBody:
                content:
                  application/json:
                    schema: {$ref: '#/components/schemas/User'}
              responses:
                '201': {description: created}
                '429': {description: slow down}
          /status:
            get:
              security: [{}, {key: []}]
              x-rate-limit: {perMinute: 10}
              responses: {'200': {description: ok}}
          /logs:
            get:
              security: [{key: []}]
              responses: {'200': {description: ok}}
        webhooks:
          userCreated:
            post:
              requestBody:
                content:
                  application/json:
                    schema: {$ref: '#/components/schemas/User'}
              responses: {'200': {description: ok}}
        """

    static func inventory(_ text: String = api, rules: Set<RuleID>? = nil) throws -> Inventory {
        let linter = Linter(options: LintOptions(enabledRules: rules))
        let result = linter.lint(text: text, path: "api.yaml")
        return try #require(Inventory(document: result, rules: linter.activeRules.map(\.entry)))
    }

    @Test func oneRowPerOperationWithWebhooks() throws {
        let inventory = try Self.inventory()
        #expect(
            inventory.rows.map(\.displayName) == [
                "GET /users", "POST /users", "GET /status", "GET /logs", "webhook POST userCreated",
            ])
        #expect(inventory.rows.map(\.operationID) == ["listUsers", nil, nil, nil, nil])
    }

    @Test func serversWithTheirEnvironments() throws {
        let row = try Self.inventory().rows[0]
        #expect(
            row.servers.map(\.url) == [
                "https://api.example.com", "https://eu.sandbox.example.com", "https://qa.example.com",
            ])
        #expect(row.servers.map(\.environment) == [.production, .sandbox, .staging])
    }

    @Test func authenticationAndScopes() throws {
        let rows = try Self.inventory().rows
        #expect(rows[0].authenticationText == "oauth (oauth2) | key (apiKey header)")
        #expect(rows[0].scopes == ["users:read"])
        #expect(!rows[0].allowsAnonymous)
        #expect(rows[1].authenticationText == "anonymous")
        #expect(rows[1].allowsAnonymous)
        #expect(rows[2].authenticationText == "anonymous | key (apiKey header)")
        #expect(rows[2].allowsAnonymous)
    }

    @Test func anExplicitlyPublicTokenOrHealthEndpointIsPublicByDesign() throws {
        let text = """
            openapi: 3.0.3
            info: {title: Public, version: '1'}
            paths:
              /oauth/token:
                post:
                  security: []
                  responses: {'200': {description: ok}}
              /health:
                get:
                  responses: {'200': {description: no security written at all}}
              /users/{id}/status:
                get:
                  security: []
                  responses: {'200': {description: about one user, not a health check}}
            """
        let rows = try Self.inventory(text).rows
        #expect(rows.map(\.publicByDecision) == [true, false, false])
        #expect(rows[0].authenticationText == "anonymous (public by design)")
        #expect(rows[1].authenticationText == "anonymous")
        #expect(rows.allSatisfy { $0.allowsAnonymous })
    }

    @Test func dataIsClassifiedByTheSensitiveNames() throws {
        let rows = try Self.inventory().rows
        // GET returns email and iban (the password is writeOnly); POST receives all three.
        #expect(rows[0].returnedClasses == [.financial, .personal])
        #expect(rows[0].returns.map(\.name).sorted() == ["email", "iban"])
        #expect(rows[0].receivedClasses == [])
        #expect(rows[1].receivedClasses == [.credentials, .financial, .personal])
        #expect(rows[1].returnedClasses == [])
        // A webhook sends its body: it is what the API hands out.
        #expect(rows[4].returnedClasses == [.financial, .personal])
        #expect(DataClass.classify("userPassword")?.dataClass == .credentials)
        #expect(DataClass.classify("refresh_token")?.dataClass == .credentials)
        #expect(DataClass.classify("cvv")?.dataClass == .financial)
        #expect(DataClass.classify("date_of_birth")?.dataClass == .personal)
        #expect(DataClass.classify("spinner") == nil)
        #expect(DataClass.classify("ip_address") == nil)
    }

    @Test func rateLimitsAndDeprecation() throws {
        let rows = try Self.inventory().rows
        #expect(rows[0].rateLimit.kinds == ["headers"])
        #expect(rows[1].rateLimit.kinds == ["429"])
        #expect(rows[2].rateLimit.kinds == ["extension"])
        #expect(!rows[3].rateLimit.isDeclared)
        #expect(rows.map(\.deprecated) == [false, true, false, false, false])
    }

    @Test func totals() throws {
        let totals = try Self.inventory().totals
        #expect(totals.operations == 5)
        #expect(totals.webhooks == 1)
        // POST /users (`security: []`) and GET /status (`{}`); the webhook is not counted.
        #expect(totals.unauthenticated == 2)
        // Of those, POST /users receives personal, financial and credential data.
        #expect(totals.sensitiveUnauthenticated == 1)
        // GET /logs only (the webhook is not counted).
        #expect(totals.withoutRateLimit == 1)
        #expect(totals.deprecated == 1)
        #expect((totals + totals).operations == 10)
    }

    @Test func findingsAreCountedOnTheirOperation() throws {
        let rows = try Self.inventory(rules: [
            "operation-without-security", "security-allows-anonymous", "operation-id-missing", "info-contact-missing",
        ]).rows
        // POST /users: `security: []` (error) and no operationId (note).
        #expect(rows[1].findings.error == 1 && rows[1].findings.note == 1 && rows[1].findings.warning == 0)
        // GET /status: `{}` (warning) and no operationId.
        #expect(rows[2].findings.warning == 1 && rows[2].findings.note == 1)
        // GET /users has an operationId and security; info-contact-missing belongs to no operation.
        #expect(rows[0].findings.total == 0)
    }

    @Test func pathItemFindingsCountForEachOfItsOperations() throws {
        let text = """
            openapi: 3.0.3
            info: {title: t, version: '1'}
            paths:
              /a:
                servers: [{url: 'http://a.example.com'}]
                get: {operationId: a, responses: {'200': {description: ok}}}
                put: {operationId: b, responses: {'200': {description: ok}}}
            """
        let rows = try Self.inventory(text, rules: ["server-url-plain-http"]).rows
        #expect(rows.map(\.findings.error) == [1, 1])
    }

    @Test func eachNameIsListedOnceAtItsFirstPlaceWithItsNumberOfPlaces() throws {
        let text = """
            openapi: 3.0.3
            info: {title: t, version: '1'}
            paths:
              /users:
                post:
                  parameters:
                    - {name: email, in: query, schema: {type: string}}
                  requestBody:
                    content:
                      application/json:
                        schema:
                          type: object
                          properties:
                            password: {type: string}
                            owner: {$ref: '#/components/schemas/User'}
                            backup: {$ref: '#/components/schemas/User'}
                  responses:
                    '200':
                      description: ok
                      content: {application/json: {schema: {$ref: '#/components/schemas/User'}}}
                    '201':
                      description: ok
                      content: {application/json: {schema: {$ref: '#/components/schemas/User'}}}
            components:
              schemas:
                User:
                  type: object
                  properties:
                    email: {type: string}
                    password: {type: string, writeOnly: true}
                    friend: {$ref: '#/components/schemas/User'}
            """
        let row = try Self.inventory(text).rows[0]
        // The query parameter first, then breadth-first; User is one place however often it is reached.
        #expect(row.receives.map(\.name) == ["email", "password"])
        #expect(row.receives.map(\.places) == [2, 2])
        #expect(row.receives.map(\.node.pointer) == ["/paths/~1users/post/parameters/0", requestPassword])
        // Two responses reach the same User: its e-mail is one place; its password is never returned.
        #expect(row.returns.map(\.name) == ["email"])
        #expect(row.returns.map(\.places) == [1])
    }

    private let requestPassword = "/paths/~1users/post/requestBody/content/application~1json/schema/properties/password"

    @Test func aCycleOfSchemasListsEachNameOnce() throws {
        // Every operation reaches every schema of the cycle: the list stays one entry whatever its length.
        var text = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n"
        let count = 50
        for index in 0..<count {
            text += "  /r\(index):\n    get:\n      responses:\n        '200':\n          description: ok\n"
            text += "          content: {application/json: {schema: {$ref: '#/components/schemas/R\(index)'}}}\n"
        }
        text += "components:\n  schemas:\n"
        for index in 0..<count {
            text += "    R\(index):\n      type: object\n      properties:\n        password: {type: string}\n"
            text += "        next: {$ref: '#/components/schemas/R\((index + 1) % count)'}\n"
        }
        let rows = try Self.inventory(text).rows
        #expect(rows.count == count)
        for (index, row) in rows.enumerated() {
            #expect(row.returns.map(\.name) == ["password"])
            #expect(row.returns.first?.places == count)
            // The first place is the operation's own schema, where the walk enters the cycle.
            #expect(row.returns.first?.node.pointer == "/components/schemas/R\(index)/properties/password")
        }
    }
}
