import References
import SourceTree

/// Builds the typed model from a resolved document, mapping Swagger 2.0 onto the OpenAPI 3 shape.
public struct ModelBuilder {
    let resolver: ReferenceResolver
    let root: NodeRef
    let version: SpecVersion
    let schemaBuilder: SchemaBuilder

    /// Reads the version, resolves every reference and builds the model.
    ///
    /// Throws when the file is not an OpenAPI or Swagger document at all.
    public static func build(resolver: ReferenceResolver) throws(LoadError) -> APIModel {
        let file = resolver.rootFile
        guard let rootNode = file.root else {
            throw LoadError(path: file.path, message: "the file is empty, not an OpenAPI or Swagger document")
        }
        let root = NodeRef(file, rootNode)
        guard root.isMapping else {
            throw LoadError(
                path: file.path, position: root.position,
                message:
                    "not an OpenAPI or Swagger document: the top level is \(root.isSequence ? "a list" : "a scalar"), not a mapping"
            )
        }
        let (version, versionText, versionNode) = try detectVersion(root)
        resolver.resolveAll()
        let builder = ModelBuilder(
            resolver: resolver, root: root, version: version, schemaBuilder: SchemaBuilder(resolver: resolver))
        return builder.build(versionText: versionText, versionNode: versionNode)
    }

    static func detectVersion(_ root: NodeRef) throws(LoadError) -> (SpecVersion, String, NodeRef) {
        let path = root.file.path
        if let key = root.keyNode("openapi"), let value = root["openapi"] {
            let text = value.string
            if text.hasPrefix("3.0") { return (.openAPI30, text, key) }
            if text.hasPrefix("3.1") || text.hasPrefix("3.2") { return (.openAPI31, text, key) }
            throw LoadError(
                path: path, position: value.position,
                message: "unsupported OpenAPI version '\(text)' (oasguard reads 2.0, 3.0, 3.1 and 3.2)")
        }
        if let key = root.keyNode("swagger"), let value = root["swagger"] {
            let text = value.string
            if text == "2.0" || text == "2" { return (.swagger2, text, key) }
            throw LoadError(
                path: path, position: value.position, message: "unsupported Swagger version '\(text)' (expected 2.0)")
        }
        let other = ["asyncapi", "graphql", "$schema"].first { root[$0] != nil }
        throw LoadError(
            path: path, position: root.position,
            message: "not an OpenAPI or Swagger document: no top-level `openapi` or `swagger` key"
                + (other.map { " (it looks like `\($0)`)" } ?? ""))
    }

    // MARK: - The document

    func build(versionText: String, versionNode: NodeRef) -> APIModel {
        let securitySchemes = readSecuritySchemes()
        let security = root.keyNode("security").flatMap { readSecurityList($0, level: .document) }
        let servers = readServers(in: root, level: .document)
        var pathItems: [PathItem] = []
        var operations: [Operation] = []
        let collections: [(key: String, isWebhook: Bool)] =
            version == .openAPI31 ? [("paths", false), ("webhooks", true)] : [("paths", false)]
        for (collectionKey, isWebhook) in collections {
            guard let collection = root[collectionKey], collection.isMapping else { continue }
            for (key, value) in collection.entries where !key.file.isExtensionKey(key.node) {
                guard let item = follow(value), item.isMapping else { continue }
                let pathItem = PathItem(
                    path: key.string, keyNode: key, node: item, isWebhook: isWebhook,
                    servers: readServers(in: item, level: .pathItem), extensions: extensions(of: item))
                pathItems.append(pathItem)
                operations += readOperations(
                    of: pathItem, index: pathItems.count - 1, documentSecurity: security, documentServers: servers)
            }
        }
        for schema in componentSchemas() { _ = schemaBuilder.schemaID(for: schema) }
        let schemas = schemaBuilder.finish()
        let received = SchemaGraph.seeds(of: operations, role: .request)
        let returned = SchemaGraph.seeds(of: operations, role: .response)
        let graph = SchemaGraph(
            schemas: schemas,
            receivedBy: SchemaGraph.reach(from: received, role: .request, schemas: schemas),
            returnedBy: SchemaGraph.reach(from: returned, role: .response, schemas: schemas))
        return APIModel(
            version: version, versionText: versionText, versionNode: versionNode, root: root, files: resolver.files,
            info: readInfo(), servers: servers, securitySchemes: securitySchemes, security: security,
            pathItems: pathItems, operations: operations, schemas: graph, extensions: extensions(of: root),
            referenceProblems: resolver.problems,
            schemeIndexByName: Dictionary(
                securitySchemes.enumerated().map { ($1.name, $0) }, uniquingKeysWith: { first, _ in first }))
    }

    func follow(_ node: NodeRef) -> NodeRef? { resolver.follow(node) }

    func extensions(of node: NodeRef) -> [String: NodeRef] {
        var result: [String: NodeRef] = [:]
        for (key, value) in node.entries where key.file.isExtensionKey(key.node) {
            result[key.string.lowercased()] = value
        }
        return result
    }

    func componentSchemas() -> [NodeRef] {
        let container = version == .swagger2 ? root["definitions"] : root["components"]?["schemas"]
        guard let container, container.isMapping else { return [] }
        return container.entries.map(\.value)
    }

    func readInfo() -> Info? {
        guard let info = root["info"], info.isMapping else { return nil }
        var contact: Contact?
        if let node = info["contact"], node.isMapping {
            contact = Contact(
                node: node, name: node["name"]?.scalar, email: node["email"]?.scalar, url: node["url"]?.scalar)
        }
        return Info(node: info, title: info["title"]?.scalar, contact: contact)
    }

    // MARK: - Servers

    func readServers(in container: NodeRef, level: DeclarationLevel) -> [Server] {
        if version == .swagger2 { return readSwaggerServers(in: container, level: level) }
        guard let list = container["servers"], list.isSequence else { return [] }
        return list.items.compactMap { item in
            guard item.isMapping, let urlKey = item.keyNode("url"), let url = item["url"]?.scalar else { return nil }
            var expanded = url
            if let variables = item["variables"], variables.isMapping {
                for (name, variable) in variables.entries {
                    if let value = variable["default"]?.scalar {
                        expanded = expanded.replacing("{\(name.string)}", with: value)
                    }
                }
            }
            return Server(
                url: URLValue.concealingPassword(url), node: urlKey, level: level,
                description: item["description"]?.scalar, environment: item["x-environment"]?.scalar,
                expandedURL: URLValue.concealingPassword(expanded))
        }
    }

    /// 2.0: one server per `schemes` entry, from `host` and `basePath` of the document.
    func readSwaggerServers(in container: NodeRef, level: DeclarationLevel) -> [Server] {
        guard level != .pathItem else { return [] }
        let host = root["host"]?.scalar ?? ""
        let basePath = root["basePath"]?.scalar ?? ""
        if let schemes = container["schemes"], schemes.isSequence {
            return schemes.items.compactMap { scheme in
                guard let name = scheme.scalar else { return nil }
                let url = "\(name.lowercased())://\(host)\(basePath)"
                return Server(
                    url: url, node: scheme, level: level, description: nil, environment: nil, expandedURL: url)
            }
        }
        guard level == .document, let node = root.keyNode("host") ?? root.keyNode("basePath") else { return [] }
        let url = host.isEmpty ? basePath : "//\(host)\(basePath)"
        return [Server(url: url, node: node, level: level, description: nil, environment: nil, expandedURL: url)]
    }

    // MARK: - Security

    func readSecuritySchemes() -> [SecurityScheme] {
        let container = version == .swagger2 ? root["securityDefinitions"] : root["components"]?["securitySchemes"]
        guard let container, container.isMapping else { return [] }
        return container.entries.compactMap { key, value in
            guard let node = follow(value), node.isMapping else { return nil }
            return readSecurityScheme(name: key.string, nameNode: key, node: node)
        }
    }

    func readSecurityScheme(name: String, nameNode: NodeRef, node: NodeRef) -> SecurityScheme {
        let typeText = node["type"]?.scalar ?? ""
        let typeNode = node.keyNode("type")
        var type: SecuritySchemeType
        var httpScheme: String?
        var httpSchemeNode: NodeRef?
        var flows: [OAuthFlow] = []
        var flowlessScopes: [Scope]?
        switch typeText {
        case "apiKey": type = .apiKey
        case "http":
            type = .http
            httpScheme = node["scheme"]?.scalar?.lowercased()
            httpSchemeNode = node.keyNode("scheme")
        case "basic" where version == .swagger2:
            type = .http
            httpScheme = "basic"
            httpSchemeNode = typeNode
        case "oauth2": type = .oauth2
        case "openIdConnect": type = .openIdConnect
        case "mutualTLS": type = .mutualTLS
        default: type = .other(typeText)
        }
        if type == .oauth2 {
            flows = version == .swagger2 ? readSwaggerFlow(node).map { [$0] } ?? [] : readFlows(node)
            if version == .swagger2, flows.isEmpty, node["scopes"]?.isMapping == true {
                flowlessScopes = readScopes(node)
            }
        }
        let openID = node.keyNode("openIdConnectUrl").flatMap { key in
            node["openIdConnectUrl"]?.scalar.map { URLValue(url: URLValue.concealingPassword($0), keyNode: key) }
        }
        return SecurityScheme(
            name: name, nameNode: nameNode, node: node, type: type, typeNode: typeNode, httpScheme: httpScheme,
            httpSchemeNode: httpSchemeNode, apiKeyLocation: node["in"]?.scalar.map(APIKeyLocation.init),
            apiKeyLocationNode: node.keyNode("in"),
            apiKeyName: node["name"]?.scalar, flows: flows, flowlessScopes: flowlessScopes,
            openIdConnectURL: openID)
    }

    func urlValue(_ node: NodeRef, _ key: String) -> URLValue? {
        guard let keyNode = node.keyNode(key), let url = node[key]?.scalar else { return nil }
        return URLValue(url: URLValue.concealingPassword(url), keyNode: keyNode)
    }

    func readScopes(_ node: NodeRef) -> [Scope] {
        guard let scopes = node["scopes"], scopes.isMapping else { return [] }
        return scopes.entries.map { Scope(name: $0.key.string, keyNode: $0.key, description: $0.value.scalar) }
    }

    func readFlows(_ scheme: NodeRef) -> [OAuthFlow] {
        guard let flows = scheme["flows"], flows.isMapping else { return [] }
        let kinds: [String: OAuthFlowKind] = [
            "implicit": .implicit, "password": .password, "clientCredentials": .clientCredentials,
            "authorizationCode": .authorizationCode, "deviceAuthorization": .deviceAuthorization,
        ]
        return flows.entries.compactMap { key, value in
            guard let kind = kinds[key.string], value.isMapping else { return nil }
            return OAuthFlow(
                kind: kind, node: key, authorizationURL: urlValue(value, "authorizationUrl"),
                tokenURL: urlValue(value, "tokenUrl") ?? urlValue(value, "deviceAuthorizationUrl"),
                refreshURL: urlValue(value, "refreshUrl"), scopes: readScopes(value))
        }
    }

    func readSwaggerFlow(_ scheme: NodeRef) -> OAuthFlow? {
        let kinds: [String: OAuthFlowKind] = [
            "implicit": .implicit, "password": .password, "application": .clientCredentials,
            "accessCode": .authorizationCode,
        ]
        guard let key = scheme.keyNode("flow"), let kind = scheme["flow"]?.scalar.flatMap({ kinds[$0] }) else {
            return nil
        }
        return OAuthFlow(
            kind: kind, node: key, authorizationURL: urlValue(scheme, "authorizationUrl"),
            tokenURL: urlValue(scheme, "tokenUrl"), refreshURL: nil, scopes: readScopes(scheme))
    }

    func readSecurityList(_ keyNode: NodeRef, level: DeclarationLevel) -> SecurityRequirementList? {
        guard let list = keyNode.value else { return nil }
        guard list.isSequence else {
            return SecurityRequirementList(keyNode: keyNode, level: level, requirements: [])
        }
        let requirements = list.items.compactMap { item -> SecurityRequirement? in
            guard item.isMapping else { return nil }
            let entries = item.entries.map { key, value in
                SecurityRequirementEntry(
                    schemeName: key.string, keyNode: key,
                    scopes: value.isSequence
                        ? value.items.compactMap { scope in scope.scalar.map { ScopeReference(name: $0, node: scope) } }
                        : [])
            }
            return SecurityRequirement(node: item, entries: entries)
        }
        return SecurityRequirementList(keyNode: keyNode, level: level, requirements: requirements)
    }

    // MARK: - Operations

    func readOperations(
        of pathItem: PathItem, index: Int, documentSecurity: SecurityRequirementList?, documentServers: [Server]
    ) -> [Operation] {
        let item = pathItem.node
        let pathParameters = readParameterList(item["parameters"])
        var operations: [Operation] = []
        for (key, value) in item.entries {
            guard let method = HTTPMethod(rawValue: key.string), let node = follow(value), node.isMapping else {
                continue
            }
            let own = readParameterList(node["parameters"])
            var merged: [Parameter] = []
            var bodyParameter: Parameter?
            for parameter in own.parameters + pathParameters.parameters
            where !merged.contains(where: { $0.name == parameter.name && $0.location == parameter.location }) {
                merged.append(parameter)
            }
            bodyParameter = own.body ?? pathParameters.body
            let security = node.keyNode("security").flatMap { readSecurityList($0, level: .operation) }
            let effective = security ?? documentSecurity
            let operationServers = readServers(in: node, level: .operation)
            let responsesNode = node["responses"]
            let deprecatedNode = node.keyNode("deprecated")
            operations.append(
                Operation(
                    method: method, methodNode: key, node: node, path: pathItem.path, pathItemIndex: index,
                    isWebhook: pathItem.isWebhook, operationID: node["operationId"]?.scalar,
                    operationIDNode: node.keyNode("operationId"), summary: node["summary"]?.scalar,
                    description: node["description"]?.scalar,
                    tags: node["tags"]?.items.compactMap(\.scalar) ?? [],
                    deprecated: node["deprecated"]?.bool ?? false, deprecatedNode: deprecatedNode,
                    security: security, effectiveSecurity: effective?.requirements ?? [],
                    effectiveSecurityLevel: effective?.level, parameters: merged,
                    requestBody: readRequestBody(node, bodyParameter: bodyParameter),
                    responsesNode: node.keyNode("responses"),
                    responses: responsesNode.map { readResponses($0, operation: node) } ?? [],
                    servers: operationServers.isEmpty
                        ? (pathItem.servers.isEmpty ? documentServers : pathItem.servers) : operationServers,
                    extensions: extensions(of: node)))
        }
        return operations
    }

    func readParameterList(_ list: NodeRef?) -> (parameters: [Parameter], body: Parameter?) {
        guard let list, list.isSequence else { return ([], nil) }
        var parameters: [Parameter] = []
        var body: Parameter?
        for entry in list.items {
            guard let node = follow(entry), node.isMapping, let name = node["name"]?.scalar,
                let location = node["in"]?.scalar.map(ParameterLocation.init)
            else { continue }
            let schema: SchemaID?
            if version == .swagger2 && location != .body {
                schema = schemaBuilder.schemaID(for: node)
            } else if let schemaNode = node["schema"] {
                schema = schemaBuilder.schemaID(for: schemaNode)
            } else if let content = node["content"], content.isMapping, let first = content.entries.first {
                schema = first.value["schema"].flatMap { schemaBuilder.schemaID(for: $0) }
            } else {
                schema = nil
            }
            let parameter = Parameter(
                name: name, location: location, node: node, entryNode: entry,
                required: node["required"]?.bool ?? false, schema: schema)
            if location == .body { body = parameter } else { parameters.append(parameter) }
        }
        return (parameters, body)
    }

    func readRequestBody(_ operation: NodeRef, bodyParameter: Parameter?) -> RequestBody? {
        if version == .swagger2 {
            guard let body = bodyParameter else { return nil }
            let types =
                operation["consumes"]?.items.compactMap(\.scalar) ?? root["consumes"]?.items.compactMap(\.scalar) ?? []
            let name = types.first ?? "application/json"
            return RequestBody(
                node: body.node, contents: [MediaType(name: name, node: body.node, schema: body.schema)])
        }
        guard let value = operation["requestBody"], let body = follow(value), body.isMapping else { return nil }
        return RequestBody(node: body, contents: readContent(body["content"]))
    }

    func readContent(_ content: NodeRef?) -> [MediaType] {
        guard let content, content.isMapping else { return [] }
        return content.entries.map { key, value in
            MediaType(
                name: key.string, node: value, schema: value["schema"].flatMap { schemaBuilder.schemaID(for: $0) })
        }
    }

    func readResponses(_ responses: NodeRef, operation: NodeRef) -> [Response] {
        guard responses.isMapping else { return [] }
        return responses.entries.compactMap { key, value in
            guard !key.file.isExtensionKey(key.node), let node = follow(value), node.isMapping else { return nil }
            let headers: [Header] = (node["headers"]?.entries ?? []).compactMap { name, header in
                guard let header = follow(header), header.isMapping else { return nil }
                let schema =
                    version == .swagger2
                    ? schemaBuilder.schemaID(for: header) : header["schema"].flatMap { schemaBuilder.schemaID(for: $0) }
                return Header(name: name.string, keyNode: name, schema: schema)
            }
            var contents: [MediaType]
            if version == .swagger2 {
                contents = []
                if let schema = node["schema"] {
                    let produces =
                        operation["produces"]?.items.compactMap(\.scalar) ?? root["produces"]?.items.compactMap(
                            \.scalar) ?? []
                    contents = [
                        MediaType(
                            name: produces.first ?? "application/json", node: node,
                            schema: schemaBuilder.schemaID(for: schema))
                    ]
                }
            } else {
                contents = readContent(node["content"])
            }
            return Response(statusCode: key.string, keyNode: key, node: node, headers: headers, contents: contents)
        }
    }
}
