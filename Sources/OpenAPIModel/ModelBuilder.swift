import Platform
import References
import SourceTree
import Synchronization

/// Builds the typed model from a resolved document, mapping Swagger 2.0 onto the OpenAPI 3 shape.
public struct ModelBuilder {
    let resolver: ReferenceResolver
    let root: NodeRef
    let version: SpecVersion
    var schemaBuilder: SchemaBuilder
    /// 2.0: the document's `consumes` and `produces`, which operations without their own inherit.
    let documentConsumes: NodeRef?
    let documentProduces: NodeRef?
    /// Names that operations repeat (media types, parameter and header names, tags), each kept once: a document
    /// writes `application/json` and its common headers hundreds of times.
    var names: Set<String> = []

    /// Reads the version, resolves every reference and builds the model, handing parts of the work to `spare`'s
    /// helper if one is idle.
    ///
    /// Throws when the file is not an OpenAPI or Swagger document at all.
    public static func build(resolver: ReferenceResolver, spare: SpareWork = SpareWork()) throws(LoadError)
        -> APIModel
    {
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
        resolver.resolveAll(spare: spare)
        var builder = ModelBuilder(
            resolver: resolver, root: root, version: version, schemaBuilder: SchemaBuilder(resolver: resolver),
            documentConsumes: version == .swagger2 ? root["consumes"] : nil,
            documentProduces: version == .swagger2 ? root["produces"] : nil)
        return builder.build(versionText: versionText, versionNode: versionNode, spare: spare)
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

    mutating func build(versionText: String, versionNode: NodeRef, spare: SpareWork) -> APIModel {
        let securitySchemes = readSecuritySchemes()
        let security = root.keyNode("security").flatMap { readSecurityList($0, level: .document) }
        let servers = readServers(in: root, level: .document)
        var pathItems: [PathItem] = []
        var operations: [Operation] = []
        let collections: [(key: String, isWebhook: Bool)] =
            version == .openAPI31 ? [("paths", false), ("webhooks", true)] : [("paths", false)]
        for (collectionKey, isWebhook) in collections {
            guard let collection = root[collectionKey], collection.isMapping else { continue }
            let file = collection.file
            for (key, value) in file.entries(collection.node) where !file.isExtensionKey(key) {
                guard let item = follow(NodeRef(file, value)), item.isMapping else { continue }
                let fields = MappingFields<PathItemField>(item)
                let pathItem = PathItem(
                    path: file.string(key), keyNode: NodeRef(file, key), node: item, isWebhook: isWebhook,
                    servers: version == .swagger2 ? [] : readServers(fields[.servers], level: .pathItem),
                    extensions: fields.extensions)
                pathItems.append(pathItem)
                operations += readOperations(
                    of: pathItem, index: pathItems.count - 1, parameters: fields[.parameters],
                    documentSecurity: security, documentServers: servers)
            }
        }
        for schema in componentSchemas() { _ = schemaBuilder.schemaID(for: schema) }
        let schemas = schemaBuilder.finish(spare: spare)
        let received = SchemaGraph.seeds(of: operations, role: .request)
        let returned = SchemaGraph.seeds(of: operations, role: .response)
        let receivedBy = Mutex(OperationPerSchema())
        spare.offer(untaken: 1) {
            let reached = SchemaGraph.reach(from: received, role: .request, schemas: schemas)
            receivedBy.withLock { $0 = reached }
        }
        let returnedBy = SchemaGraph.reach(from: returned, role: .response, schemas: schemas)
        spare.finish()
        let graph = SchemaGraph(
            schemas: schemas, receivedBy: receivedBy.withLock { $0 }, returnedBy: returnedBy)
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
        let file = node.file
        return Self.extensions(file.entries(node.node).filter { file.isExtensionKey($0.key) }, in: file)
    }

    /// Extension entries by lowercased name (of names equal but for case, the last).
    static func extensions(_ entries: [(key: NodeID, value: NodeID)], in file: SourceFile) -> [String: NodeRef] {
        var result: [String: NodeRef] = [:]
        for (key, value) in entries { result[file.string(key).lowercased()] = NodeRef(file, value) }
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
        readServers(container[version == .swagger2 ? "schemes" : "servers"], level: level)
    }

    /// The servers of a `servers` list (2.0: of a `schemes` list).
    func readServers(_ list: NodeRef?, level: DeclarationLevel) -> [Server] {
        if version == .swagger2 { return readSwaggerServers(schemes: list, level: level) }
        guard let list, list.isSequence else { return [] }
        return list.items.compactMap { item in
            guard item.isMapping, let urlKey = item.keyNode("url"), let url = item["url"]?.scalar else { return nil }
            var expanded = url
            if let variables = item["variables"], variables.isMapping {
                for (name, variable) in variables.entries {
                    if let value = variable["default"]?.scalar {
                        expanded = expanded.replacingCharacters("{\(name.string)}", with: value)
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
    func readSwaggerServers(schemes: NodeRef?, level: DeclarationLevel) -> [Server] {
        guard level != .pathItem else { return [] }
        let isList = schemes?.isSequence == true
        guard isList || level == .document else { return [] }
        let host = root["host"]?.scalar ?? ""
        let basePath = root["basePath"]?.scalar ?? ""
        if let schemes, isList {
            return schemes.items.compactMap { scheme in
                guard let name = scheme.scalar else { return nil }
                let url = "\(name.lowercased())://\(host)\(basePath)"
                return Server(
                    url: url, node: scheme, level: level, description: nil, environment: nil, expandedURL: url)
            }
        }
        guard let node = root.keyNode("host") ?? root.keyNode("basePath") else { return [] }
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
        let file = list.file
        let requirements = file.items(list.node).compactMap { item -> SecurityRequirement? in
            guard file.isMapping(item) else { return nil }
            let entries = file.entries(item).map { key, value in
                SecurityRequirementEntry(
                    schemeName: file.string(key), keyNode: NodeRef(file, key),
                    scopes: file.items(value).compactMap { scope in
                        file.scalar(scope).map { ScopeReference(name: $0, node: NodeRef(file, scope)) }
                    })
            }
            return SecurityRequirement(node: NodeRef(file, item), entries: entries)
        }
        return SecurityRequirementList(keyNode: keyNode, level: level, requirements: requirements)
    }

    // MARK: - Operations

    mutating func readOperations(
        of pathItem: PathItem, index: Int, parameters: NodeRef?, documentSecurity: SecurityRequirementList?,
        documentServers: [Server]
    ) -> [Operation] {
        let item = pathItem.node
        let file = item.file
        let pathParameters = readParameterList(parameters)
        var operations: [Operation] = []
        for (key, value) in file.entries(item.node) {
            guard let method = file.withScalarBytes(key, HTTPMethod.spellings.word),
                let node = follow(NodeRef(file, value)), node.isMapping
            else { continue }
            let fields = MappingFields<OperationField>(node)
            let own = readParameterList(fields[.parameters])
            var merged: [Parameter] = []
            merged.reserveCapacity(own.parameters.count + pathParameters.parameters.count)
            for parameter in [own.parameters, pathParameters.parameters].joined()
            where !merged.contains(where: { $0.name == parameter.name && $0.location == parameter.location }) {
                merged.append(parameter)
            }
            let bodyParameter = own.body ?? pathParameters.body
            let security = fields.keyNode(.security).flatMap { readSecurityList($0, level: .operation) }
            let effective = security ?? documentSecurity
            let operationServers = readServers(
                fields[version == .swagger2 ? .schemes : .servers], level: .operation)
            operations.append(
                Operation(
                    method: method, methodNode: NodeRef(file, key), node: node, path: pathItem.path,
                    pathItemIndex: index, isWebhook: pathItem.isWebhook, operationID: fields[.operationId]?.scalar,
                    operationIDNode: fields.keyNode(.operationId), summary: fields[.summary]?.scalar,
                    description: fields[.description]?.scalar,
                    tags: fields[.tags]?.items.compactMap { $0.scalar.map { shared($0) } } ?? [],
                    deprecated: fields[.deprecated]?.bool ?? false, deprecatedNode: fields.keyNode(.deprecated),
                    security: security, effectiveSecurity: effective?.requirements ?? [],
                    effectiveSecurityLevel: effective?.level, parameters: merged,
                    requestBody: readRequestBody(fields, bodyParameter: bodyParameter),
                    responsesNode: fields.keyNode(.responses),
                    responses: fields[.responses].map { readResponses($0, produces: fields[.produces]) } ?? [],
                    servers: operationServers.isEmpty
                        ? (pathItem.servers.isEmpty ? documentServers : pathItem.servers) : operationServers,
                    extensions: fields.extensions))
        }
        return operations
    }

    mutating func readParameterList(_ list: NodeRef?) -> (parameters: [Parameter], body: Parameter?) {
        guard let list, list.isSequence else { return ([], nil) }
        var parameters: [Parameter] = []
        var body: Parameter?
        let entries = list.items
        parameters.reserveCapacity(entries.count)
        for entry in entries {
            guard let node = follow(entry), node.isMapping else { continue }
            let fields = MappingFields<ParameterField>(node)
            guard let name = fields[.name]?.scalar, let location = fields[.in]?.scalar.map(ParameterLocation.init)
            else { continue }
            let schema: SchemaID?
            if version == .swagger2 && location != .body {
                schema = schemaBuilder.schemaID(for: node)
            } else if let schemaNode = fields[.schema] {
                schema = schemaBuilder.schemaID(for: schemaNode)
            } else if let content = fields[.content], content.isMapping,
                let first = content.file.entries(content.node).first
            {
                schema = NodeRef(content.file, first.value)["schema"].flatMap { schemaBuilder.schemaID(for: $0) }
            } else {
                schema = nil
            }
            let parameter = Parameter(
                name: shared(name), location: location, node: node, entryNode: entry,
                required: fields[.required]?.bool ?? false, schema: schema)
            if location == .body { body = parameter } else { parameters.append(parameter) }
        }
        return (parameters, body)
    }

    mutating func readRequestBody(_ operation: MappingFields<OperationField>, bodyParameter: Parameter?) -> RequestBody?
    {
        if version == .swagger2 {
            guard let body = bodyParameter else { return nil }
            let name = shared(mediaTypeName(operation[.consumes] ?? documentConsumes))
            return RequestBody(
                node: body.node, contents: [MediaType(name: name, node: body.node, schema: body.schema)])
        }
        guard let value = operation[.requestBody], let body = follow(value), body.isMapping else { return nil }
        return RequestBody(node: body, contents: readContent(body["content"]))
    }

    /// 2.0: the first media type of a `consumes` or `produces` list, else JSON.
    func mediaTypeName(_ list: NodeRef?) -> String {
        list?.items.lazy.compactMap(\.scalar).first ?? "application/json"
    }

    mutating func readContent(_ content: NodeRef?) -> [MediaType] {
        guard let content, content.isMapping else { return [] }
        let file = content.file
        return file.entries(content.node).map { key, value in
            let value = NodeRef(file, value)
            return MediaType(
                name: shared(file.string(key)), node: value,
                schema: value["schema"].flatMap { schemaBuilder.schemaID(for: $0) })
        }
    }

    /// `text`, or the equal name read before (`names`). Strings of up to 15 bytes are stored inline, not shared.
    mutating func shared(_ text: String) -> String {
        guard text.utf8.count > 15 else { return text }
        return names.insert(text).memberAfterInsert
    }

    mutating func readResponses(_ responses: NodeRef, produces: NodeRef?) -> [Response] {
        guard responses.isMapping else { return [] }
        let file = responses.file
        return file.entries(responses.node).compactMap { key, value in
            guard !file.isExtensionKey(key), let node = follow(NodeRef(file, value)), node.isMapping else {
                return nil
            }
            let fields = MappingFields<ResponseField>(node)
            var headers: [Header] = []
            if let headerMap = fields[.headers] {
                let headerFile = headerMap.file
                for (name, header) in headerFile.entries(headerMap.node) {
                    guard let header = follow(NodeRef(headerFile, header)), header.isMapping else { continue }
                    let schema =
                        version == .swagger2
                        ? schemaBuilder.schemaID(for: header)
                        : header["schema"].flatMap { schemaBuilder.schemaID(for: $0) }
                    headers.append(
                        Header(
                            name: shared(headerFile.string(name)), keyNode: NodeRef(headerFile, name), schema: schema))
                }
            }
            var contents: [MediaType]
            if version == .swagger2 {
                contents = []
                if let schema = fields[.schema] {
                    contents = [
                        MediaType(
                            name: shared(mediaTypeName(produces ?? documentProduces)), node: node,
                            schema: schemaBuilder.schemaID(for: schema))
                    ]
                }
            } else {
                contents = readContent(fields[.content])
            }
            return Response(
                statusCode: file.string(key), keyNode: NodeRef(file, key), node: node, headers: headers,
                contents: contents)
        }
    }
}

/// The path item keys the model reads besides the methods.
enum PathItemField: Int, ObjectField {
    case parameters, servers
    static let spellings = spelledByName()
}

/// The operation keys the model reads.
enum OperationField: Int, ObjectField {
    case parameters, security, servers, schemes, responses, deprecated, operationId, summary, description, tags
    case requestBody, consumes, produces
    static let spellings = spelledByName()
}

/// The parameter keys the model reads.
enum ParameterField: Int, ObjectField {
    case name, `in`, schema, content, required
    static let spellings = spelledByName()
}

/// The response keys the model reads.
enum ResponseField: Int, ObjectField {
    case headers, content, schema
    static let spellings = spelledByName()
}

extension HTTPMethod {
    /// The methods, recognised from a key's bytes.
    static let spellings = KeySpellings<HTTPMethod>()
}
