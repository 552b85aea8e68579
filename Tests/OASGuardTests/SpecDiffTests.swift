import Lexicon
import Linter
import OpenAPIModel
import Posture
import RuleEngine
import Testing

/// `SpecDiff`: each regression kind from a pair of small documents, operation matching, and no false regressions.
@Suite struct SpecDiffTests {
    /// The model of a document given as text; the test fails when it does not load.
    static func model(_ text: String, path: String = "api.yaml") throws -> APIModel {
        let result = Linter(options: LintOptions(enabledRules: [])).lint(text: text, path: path)
        #expect(result.errors.isEmpty, "\(result.errors)")
        return try #require(result.model)
    }

    static func diff(_ old: String, _ new: String) throws -> SpecDiff {
        SpecDiff(old: try model(old, path: "old.yaml"), new: try model(new, path: "new.yaml"))
    }

    /// A small API: OAuth-protected reads and writes, a bounded body, a 429, one server. `{{…}}` markers are
    /// replaced by each test to make the second version.
    static let base = """
        openapi: 3.0.3
        info: {title: Shop, version: '1'}
        servers:
          - url: https://api.shop.example.com/v1
        components:
          securitySchemes:
            oauth:
              type: oauth2
              flows:
                clientCredentials:
                  tokenUrl: https://auth.shop.example.com/token
                  scopes: {orders:read: read orders, orders:write: change orders}
            key: {type: apiKey, in: header, name: X-Key}
            queryKey: {type: apiKey, in: query, name: key}
            basic: {type: http, scheme: basic}
          schemas:
            Order:
              type: object
              properties:
                id: {type: string, maxLength: 36}
                note: {type: string, maxLength: 200}
                quantity: {type: integer, minimum: 1, maximum: 100}
                lines: {type: array, maxItems: 50, items: {type: string, maxLength: 20}}
        security:
          - oauth: [orders:read]
        paths:
          /orders/{orderId}:
            get:
              operationId: getOrder
              parameters:
                - {name: orderId, in: path, required: true, schema: {type: string, maxLength: 36}}
              responses:
                '200':
                  description: the order
                  content:
                    application/json:
                      schema: {$ref: '#/components/schemas/Order'}
                '429': {description: slow down}
            put:
              operationId: replaceOrder
              security:
                - oauth: [orders:read, orders:write]
              parameters:
                - {name: orderId, in: path, required: true, schema: {type: string, maxLength: 36}}
              requestBody:
                content:
                  application/json:
                    schema: {$ref: '#/components/schemas/Order'}
              responses:
                '200': {description: replaced}
                '429': {description: slow down}
        """

    /// `base` with `replacements` applied; each must match exactly once, so a typo fails the test.
    static func edited(_ replacements: [(String, String)]) -> String {
        var text = base
        for (old, new) in replacements {
            #expect(text.ranges(of: old).count == 1, "'\(old)' must occur once")
            text = text.replacing(old, with: new)
        }
        return text
    }

    func kinds(_ changes: [PostureChange]) -> [String] { changes.map(\.kind.rawValue) }

    @Test func aDocumentComparedWithItselfHasNoChange() throws {
        let diff = try Self.diff(Self.base, Self.base)
        #expect(diff.regressions.isEmpty && diff.improvements.isEmpty)
        #expect(diff.match.pairs.count == 2)
    }

    @Test func theSameDocumentAsJSONWithKeysReorderedHasNoChange() throws {
        // The base document written as JSON, with top-level and nested keys in another order.
        let json = """
            {"paths": {"/orders/{orderId}": {
               "put": {"responses": {"429": {"description": "slow down"}, "200": {"description": "replaced"}},
                       "requestBody": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Order"}}}},
                       "parameters": [{"schema": {"maxLength": 36, "type": "string"}, "required": true, "in": "path", "name": "orderId"}],
                       "security": [{"oauth": ["orders:read", "orders:write"]}], "operationId": "replaceOrder"},
               "get": {"responses": {"429": {"description": "slow down"},
                                     "200": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Order"}}}, "description": "the order"}},
                       "parameters": [{"name": "orderId", "in": "path", "required": true, "schema": {"type": "string", "maxLength": 36}}],
                       "operationId": "getOrder"}}},
             "security": [{"oauth": ["orders:read"]}],
             "components": {"schemas": {"Order": {"properties": {
                 "lines": {"items": {"maxLength": 20, "type": "string"}, "maxItems": 50, "type": "array"},
                 "quantity": {"maximum": 100, "minimum": 1, "type": "integer"},
                 "note": {"maxLength": 200, "type": "string"}, "id": {"maxLength": 36, "type": "string"}}, "type": "object"}},
               "securitySchemes": {"basic": {"scheme": "basic", "type": "http"}, "queryKey": {"name": "key", "in": "query", "type": "apiKey"},
                 "key": {"name": "X-Key", "in": "header", "type": "apiKey"},
                 "oauth": {"flows": {"clientCredentials": {"scopes": {"orders:write": "change orders", "orders:read": "read orders"},
                   "tokenUrl": "https://auth.shop.example.com/token"}}, "type": "oauth2"}}},
             "servers": [{"url": "https://api.shop.example.com/v1"}],
             "info": {"version": "1", "title": "Shop"}, "openapi": "3.0.3"}
            """
        for (old, new) in [(Self.base, json), (json, Self.base)] {
            let diff = SpecDiff(old: try Self.model(old), new: try Self.model(new, path: "api.json"))
            #expect(diff.regressions.isEmpty, "\(diff.regressions.map(\.message))")
            #expect(diff.improvements.isEmpty, "\(diff.improvements.map(\.message))")
            #expect(diff.match.pairs.count == 2)
        }
    }

    @Test func aNewUnauthenticatedOperation() throws {
        let new = Self.edited([
            (
                "paths:\n",
                "paths:\n  /health:\n    get:\n      security: []\n      responses: {'200': {description: ok}}\n"
            )
        ])
        let diff = try Self.diff(Self.base, new)
        #expect(kinds(diff.regressions) == ["operation-added-unauthenticated"])
        let change = try #require(diff.regressions.first)
        #expect(change.severity == .error)
        #expect(change.message.contains("GET /health"))
        let line =
            try #require(new.split(separator: "\n", omittingEmptySubsequences: false).firstIndex(of: "    get:")) + 1
        #expect(change.location.path == "new.yaml" && change.location.position.line == line)
        #expect(diff.match.added.count == 1)
    }

    @Test func aNewOperationAllowingAnonymousAccess() throws {
        let new = Self.edited([
            (
                "paths:\n",
                "paths:\n  /catalog:\n    get:\n      security: [{}, {oauth: [orders:read]}]\n      responses: {'200': {description: ok}}\n"
            )
        ])
        #expect(kinds(try Self.diff(Self.base, new).regressions) == ["operation-added-anonymous"])
    }

    @Test func anOperationThatLostAuthentication() throws {
        let new = Self.edited([
            (
                "      operationId: replaceOrder\n      security:\n        - oauth: [orders:read, orders:write]\n",
                "      operationId: replaceOrder\n      security: []\n"
            )
        ])
        let diff = try Self.diff(Self.base, new)
        #expect(kinds(diff.regressions) == ["authentication-removed"])
        #expect(diff.regressions[0].message.contains("PUT /orders/{orderId} no longer requires authentication"))
        // It points at the new `security: []`.
        #expect(diff.regressions[0].location.node?.string == "security")
        #expect(diff.regressions[0].location.pointer == "/paths/~1orders~1{orderId}/put/security")
        // And the reverse is an improvement.
        let back = try Self.diff(new, Self.base)
        #expect(back.regressions.isEmpty)
        #expect(kinds(back.improvements) == ["authentication-added"])
    }

    @Test func removingTheDocumentSecurityUnprotectsInheritingOperations() throws {
        let new = Self.edited([("security:\n  - oauth: [orders:read]\npaths:", "paths:")])
        let diff = try Self.diff(Self.base, new)
        #expect(kinds(diff.regressions) == ["authentication-removed"])
        #expect(diff.regressions[0].operation == "GET /orders/{orderId}")
    }

    @Test func anOperationThatGainedAnAnonymousAlternative() throws {
        let new = Self.edited([
            (
                "        - oauth: [orders:read, orders:write]\n",
                "        - oauth: [orders:read, orders:write]\n        - {}\n"
            )
        ])
        let diff = try Self.diff(Self.base, new)
        #expect(kinds(diff.regressions) == ["anonymous-access-added"])
        #expect(diff.regressions[0].severity == .warning)
    }

    @Test(arguments: [
        ("key", SchemeStrength.apiKeyInHeader), ("basic", .weakHTTP), ("queryKey", .apiKeyInQuery),
    ])
    func anOperationMovedFromOAuthToAWeakerScheme(scheme: String, strength: SchemeStrength) throws {
        let new = Self.edited([("        - oauth: [orders:read, orders:write]\n", "        - \(scheme): []\n")])
        let diff = try Self.diff(Self.base, new)
        #expect(kinds(diff.regressions).first == "authentication-weakened")
        #expect(diff.regressions[0].message.contains("'\(scheme)'"))
        #expect(diff.regressions[0].message.contains(strength.label))
        // The scopes it no longer asks for are reported too.
        #expect(kinds(diff.regressions).dropFirst().allSatisfy { $0 == "scope-requirement-removed" })
    }

    @Test func schemeStrengthFollowsTheDocumentedOrder() {
        let order: [SchemeStrength] = [.none, .apiKeyInQuery, .weakHTTP, .apiKeyInHeader, .httpToken, .delegated]
        #expect(order == order.sorted())
        #expect(Set(order).count == SchemeStrength.allCases.count)
    }

    @Test func addingAStrongerAlternativeDoesNotHideAWeakerOne() throws {
        // The weakest alternative decides: adding Basic next to OAuth is a weakening.
        let new = Self.edited([
            (
                "        - oauth: [orders:read, orders:write]\n",
                "        - oauth: [orders:read, orders:write]\n        - basic: []\n"
            )
        ])
        #expect(kinds(try Self.diff(Self.base, new).regressions).contains("authentication-weakened"))
    }

    @Test func anOperationThatLostARequiredScope() throws {
        let new = Self.edited([("        - oauth: [orders:read, orders:write]\n", "        - oauth: [orders:read]\n")])
        let diff = try Self.diff(Self.base, new)
        #expect(kinds(diff.regressions) == ["scope-requirement-removed"])
        #expect(diff.regressions[0].message.contains("'orders:write'"))
        #expect(kinds(try Self.diff(new, Self.base).improvements) == ["scope-requirement-added"])
    }

    @Test func aScopeNotRequiredByEveryAlternativeIsNotRequired() throws {
        // Before: OAuth with orders:write, or an API key. Dropping the OAuth alternative's scope changes nothing a
        // caller with the key could not already do; the removed OAuth alternative is not a weakening either.
        let old = Self.edited([
            ("        - oauth: [orders:read, orders:write]\n", "        - oauth: [orders:write]\n        - key: []\n")
        ])
        let new = Self.edited([("        - oauth: [orders:read, orders:write]\n", "        - key: []\n")])
        #expect(try Self.diff(old, new).regressions.isEmpty)
    }

    @Test func aResponseThatNewlyReturnsASensitiveField() throws {
        let new = Self.edited([
            (
                "        note: {type: string, maxLength: 200}\n",
                "        note: {type: string, maxLength: 200}\n        cardNumber: {type: string, readOnly: true}\n        ownerEmail: {type: string, readOnly: true}\n"
            )
        ])
        let diff = try Self.diff(Self.base, new)
        let fields = diff.regressions.filter { $0.kind == .sensitiveFieldReturned }
        #expect(fields.count == 2, "\(fields.map(\.message))")
        let card = try #require(fields.first { $0.message.contains("cardNumber") })
        #expect(card.severity == .error)
        #expect(card.message.contains("financial data"))
        #expect(card.location.node?.string == "cardNumber")
        let email = try #require(fields.first { $0.message.contains("ownerEmail") })
        #expect(email.severity == .warning)
        #expect(email.message.contains("personal data"))
        // The fields are readOnly, so the PUT does not receive them: no other change.
        #expect(diff.regressions.count == 2)
        #expect(
            kinds(try Self.diff(new, Self.base).improvements) == ["sensitive-field-removed", "sensitive-field-removed"])
    }

    @Test func writeOnlyFieldsAreNotReturned() throws {
        let new = Self.edited([
            (
                "        note: {type: string, maxLength: 200}\n",
                "        note: {type: string, maxLength: 200}\n        password: {type: string, writeOnly: true, maxLength: 64}\n"
            )
        ])
        #expect(try Self.diff(Self.base, new).regressions.isEmpty)
    }

    @Test func aTokenEndpointMayReturnTokens() throws {
        let endpoint = """
            paths:
              /oauth/token:
                post:
                  security: [{key: []}]
                  responses:
                    '200':
                      description: a token
                      content:
                        application/json:
                          schema:
                            type: object
                            properties:
                              access_token: {type: string}
                              password: {type: string}

            """
        let new = Self.edited([("paths:\n", endpoint)])
        let diff = try Self.diff(Self.base, new)
        // The token is what the endpoint is for; the password is not.
        #expect(diff.regressions.map(\.message).filter { $0.contains("access_token") }.isEmpty)
        #expect(diff.regressions.contains { $0.kind == .sensitiveFieldReturned && $0.message.contains("'password'") })
    }

    /// The diff reads credential issuers as `sensitive-field-in-response` does: by the lexicon, a sign-in or
    /// registration counts, and a `POST` by any segment of its path.
    @Test(arguments: [
        ("/oauth2/register", false), ("/auth/token/cli", false), ("/apikeys", false), ("/profile/tfa-enable", false),
        ("/profile", true),
    ])
    func aNewOperationReturningACredential(path: String, isReported: Bool) throws {
        let endpoint = """
            paths:
              \(path):
                post:
                  security: [{key: []}]
                  responses:
                    '200':
                      description: a credential
                      content:
                        application/json:
                          schema:
                            type: object
                            properties:
                              client_secret: {type: string}

            """
        let diff = try Self.diff(Self.base, Self.edited([("paths:\n", endpoint)]))
        let reported = diff.regressions.contains { $0.kind == .sensitiveFieldReturned }
        #expect(reported == isReported, "\(diff.regressions.map(\.message))")
        #expect(SensitiveNames.credentialOperation(path: path, isPostOrPut: true) == nil ? isReported : !isReported)
    }

    @Test(arguments: [
        ("        note: {type: string, maxLength: 200}\n", "        note: {type: string}\n", "maxLength 200"),
        (
            "        note: {type: string, maxLength: 200}\n", "        note: {type: string, maxLength: 2000}\n",
            "raised from 200 to 2000"
        ),
        ("lines: {type: array, maxItems: 50,", "lines: {type: array,", "maxItems 50"),
        (
            "quantity: {type: integer, minimum: 1, maximum: 100}",
            "quantity: {type: integer, minimum: 1, maximum: 5000}", "raised from 100 to 5000"
        ),
        (
            "items: {type: string, maxLength: 20}", "items: {type: string}",
            "maxLength 20 of the items of property 'lines'"
        ),
    ])
    func aNewlyUnboundedInput(old: String, new: String, phrase: String) throws {
        let diff = try Self.diff(Self.base, Self.edited([(old, new)]))
        #expect(kinds(diff.regressions) == ["input-bound-removed"], "\(diff.regressions.map(\.message))")
        #expect(diff.regressions[0].message.contains(phrase), "\(diff.regressions[0].message)")
        #expect(diff.regressions[0].message.contains("received by PUT /orders/{orderId}"))
    }

    @Test func aBoundRaisedLessThanTenfoldOrReplacedByAnEnumIsNoRegression() throws {
        let raised = Self.edited([
            ("        note: {type: string, maxLength: 200}\n", "        note: {type: string, maxLength: 1999}\n")
        ])
        #expect(try Self.diff(Self.base, raised).regressions.isEmpty)
        let enumerated = Self.edited([
            ("        note: {type: string, maxLength: 200}\n", "        note: {type: string, enum: [gift, rush]}\n")
        ])
        #expect(try Self.diff(Self.base, enumerated).regressions.isEmpty)
    }

    @Test func aPathParameterLosingItsBoundIsFoundThroughARename() throws {
        let new = Self.edited([("  /orders/{orderId}:", "  /orders/{id}:")]).replacing(
            "- {name: orderId, in: path, required: true, schema: {type: string, maxLength: 36}}",
            with: "- {name: id, in: path, required: true, schema: {type: string}}")
        let diff = try Self.diff(Self.base, new)
        #expect(diff.match.pairs.count == 2 && diff.match.matchedByOperationID == 0)
        #expect(kinds(diff.regressions) == ["input-bound-removed", "input-bound-removed"])
        #expect(diff.regressions.allSatisfy { $0.message.contains("parameter 'id'") })
    }

    @Test func aRemovedRateLimitDeclaration() throws {
        // The PUT's `429` ends the document.
        let new = Self.edited([
            (
                "        '200': {description: replaced}\n        '429': {description: slow down}",
                "        '200': {description: replaced}"
            )
        ])
        let diff = try Self.diff(Self.base, new)
        #expect(kinds(diff.regressions) == ["rate-limit-removed"])
        #expect(
            diff.regressions[0].message == "PUT /orders/{orderId} no longer declares a 429 (Too Many Requests) response"
        )
        #expect(diff.regressions[0].location.node?.string == "responses")
        #expect(kinds(try Self.diff(new, Self.base).improvements) == ["rate-limit-added"])
    }

    @Test func removedRateLimitHeadersAndExtensions() throws {
        let old = Self.edited([
            (
                "        '429': {description: slow down}\n    put:",
                "        '429': {description: slow down}\n      x-ratelimit-limit: 100\n    put:"
            ),
            (
                "        '200': {description: replaced}\n",
                "        '200':\n          description: replaced\n          headers:\n            RateLimit-Remaining: {schema: {type: integer}}\n"
            ),
        ])
        let diff = try Self.diff(old, Self.base)
        #expect(
            kinds(diff.regressions) == ["rate-limit-removed", "rate-limit-removed"],
            "\(diff.regressions.map(\.message))")
        #expect(diff.regressions.contains { $0.message.contains("rate-limit headers") })
        #expect(diff.regressions.contains { $0.message.contains("rate-limit extension") })
    }

    @Test func aServerMovedToPlainHTTP() throws {
        let new = Self.edited([("  - url: https://api.shop.example.com/v1", "  - url: http://api.shop.example.com/v1")])
        let diff = try Self.diff(Self.base, new)
        #expect(kinds(diff.regressions) == ["server-plain-http"])
        #expect(diff.regressions[0].severity == .error)
        #expect(diff.regressions[0].location.node?.string == "url")
        #expect(kinds(try Self.diff(new, Self.base).improvements) == ["server-https"])
    }

    @Test func aNewServerIsExposed() throws {
        let new = Self.edited([
            (
                "  - url: https://api.shop.example.com/v1\n",
                "  - url: https://api.shop.example.com/v1\n  - url: https://legacy.shop.example.com/v1/\n    description: old data centre\n  - url: http://localhost:8080\n"
            )
        ])
        let diff = try Self.diff(Self.base, new)
        // Loopback reaches no one; the trailing slash is not a different server.
        #expect(kinds(diff.regressions) == ["server-added"])
        #expect(diff.regressions[0].message.contains("legacy.shop.example.com"))
        #expect(kinds(try Self.diff(new, Self.base).improvements) == ["server-removed"])
        let trailing = Self.edited([
            ("  - url: https://api.shop.example.com/v1", "  - url: https://API.shop.example.com/v1/")
        ])
        #expect(try Self.diff(Self.base, trailing).regressions.isEmpty)
    }

    @Test func aScopeNewlyGrantingReadAndWrite() throws {
        // A neutrally named scope `orders` now alone allows both the GET and the PUT, with nothing narrower for
        // reading. (Scopes named for reading or writing are write-operation-read-scope's concern, and a PUT that
        // asks for less shows as a lost scope.)
        let scopes = (
            "scopes: {orders:read: read orders, orders:write: change orders}",
            "scopes: {orders:read: read orders, orders:write: change orders, orders: all of it}"
        )
        let old = Self.edited([scopes])
        let new = Self.edited([
            scopes,
            ("security:\n  - oauth: [orders:read]\npaths:", "security:\n  - oauth: [orders]\npaths:"),
            ("        - oauth: [orders:read, orders:write]\n", "        - oauth: [orders]\n"),
        ])
        let diff = try Self.diff(old, new)
        let scope = diff.regressions.filter { $0.kind == .scopeGrantsReadAndWrite }
        #expect(scope.count == 1, "\(diff.regressions.map(\.message))")
        #expect(scope.first?.location.node?.string == "orders")
        #expect(scope.first?.location.path == "new.yaml")
        #expect(scope.first?.severity == .note)
        #expect(try Self.diff(new, old).improvements.contains { $0.kind == .scopeGrantsReadAndWriteRemoved })
    }

    @Test func operationsAreMatchedThroughRenamedPathParameters() throws {
        let old =
            TestSupport.document(
                "paths:\n  /users/{id}/orders/{orderId}:\n    get:\n      responses: {'200': {description: ok}}\n",
                title: "t")
        let new = old.replacing("/users/{id}/orders/{orderId}", with: "/users/{userId}/orders/{order}")
        let diff = try Self.diff(old, new)
        #expect(diff.match.pairs.count == 1 && diff.match.added.isEmpty && diff.match.removed.isEmpty)
        #expect(diff.regressions.isEmpty, "an unchanged public operation is no new unauthenticated operation")
        #expect(OperationMatch.normalizedPath("/users/{userId}/orders/{order}") == "/users/{}/orders/{}")
    }

    @Test func operationsFallBackToTheirOperationID() throws {
        let old = Self.base
        let new = Self.edited([("  /orders/{orderId}:", "  /v2/orders/{orderId}:")])
        let diff = try Self.diff(old, new)
        #expect(diff.match.pairs.count == 2)
        #expect(diff.match.matchedByOperationID == 2)
        #expect(diff.regressions.isEmpty)
        // Without operationIds, the moved operations are new and the old ones removed.
        let noIDs = { (text: String) in
            text.replacing("      operationId: getOrder\n", with: "").replacing(
                "      operationId: replaceOrder\n", with: "")
        }
        let unmatched = try Self.diff(noIDs(old), noIDs(new))
        #expect(unmatched.match.pairs.isEmpty && unmatched.match.added.count == 2 && unmatched.match.removed.count == 2)
    }

    @Test func anUnauthenticatedOperationRemovedIsAnImprovement() throws {
        let old = Self.edited([
            (
                "paths:\n",
                "paths:\n  /debug:\n    get:\n      security: []\n      responses: {'200': {description: ok}}\n"
            )
        ])
        let diff = try Self.diff(old, Self.base)
        #expect(diff.regressions.isEmpty)
        #expect(kinds(diff.improvements) == ["unauthenticated-operation-removed"])
        #expect(diff.improvements[0].isInNewDocument == false)
        // The old version's model is gone: its place was kept when the diff took what it compares.
        let place = diff.improvements[0].location
        let line =
            try #require(old.split(separator: "\n", omittingEmptySubsequences: false).firstIndex(of: "    get:")) + 1
        #expect(place.path == "old.yaml" && place.position.line == line && place.position.column == 5)
        #expect(place.pointer == "/paths/~1debug/get")
    }

    @Test func regressionsFilterBySeverity() throws {
        let new = Self.edited([
            (
                "  - url: https://api.shop.example.com/v1\n",
                "  - url: https://api.shop.example.com/v1\n  - url: https://eu.shop.example.com/v1\n"
            ),
            (
                "        - oauth: [orders:read, orders:write]\n",
                "        - oauth: [orders:read, orders:write]\n        - {}\n"
            ),
        ])
        let diff = try Self.diff(Self.base, new)
        #expect(diff.regressions(atLeast: .error).isEmpty)
        #expect(diff.regressions(atLeast: .warning).count == 1)
        #expect(diff.regressions(atLeast: .note).count == 2)
    }
}
