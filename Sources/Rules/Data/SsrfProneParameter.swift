import Lexicon
import OpenAPIModel
import RuleEngine
import SourceTree

/// Flags received parameters and properties that hold a URL the server may call or redirect to, unrestricted.
struct SsrfProneParameter: Rule {
    /// What a field's name says, worked out once per distinct name.
    struct NameInfo {
        /// The kind of URL the name says the field holds.
        let url: SensitiveNames.Match?
        /// A link shown to people (`privacy_policy_url`), never called.
        let isDisplayLink: Bool
        /// A bare `callback`, often a JSONP function name.
        let isBareCallback: Bool

        init(_ name: String) {
            url = SensitiveNames.outboundURL(name)
            isDisplayLink = SensitiveNames.isDisplayLink(name)
            isBareCallback = SensitiveNames.isBareCallback(name)
        }
    }

    func check(_ context: RuleContext) {
        let api = context.api
        let graph = api.schemas
        var names: [String: NameInfo] = [:]
        func info(_ name: String) -> NameInfo {
            if let known = names[name] { return known }
            let value = NameInfo(name)
            names[name] = value
            return value
        }
        for operation in api.operations where !operation.isWebhook {
            for parameter in operation.parameters {
                guard let id = parameter.schema,
                    let kind = Self.urlKind(info(parameter.name), schema: id, graph: graph),
                    Self.isCalled(
                        info(parameter.name), name: parameter.name,
                        description: parameter.node["description"]?.scalar ?? graph[id].node["description"]?.scalar,
                        path: operation.path)
                else { continue }
                context.report(
                    parameter.node,
                    "\(parameter.location) parameter '\(parameter.name)' of \(operation.displayName) holds \(kind) that no `enum` or anchored `pattern` restricts"
                )
            }
        }
        for id in graph.received {
            for property in graph[id].properties where !property.readOnly {
                guard let kind = Self.urlKind(info(property.name), schema: property.schema, graph: graph),
                    let operation = graph.receivedBy[id],
                    Self.isCalled(
                        info(property.name), name: property.name,
                        description: property.keyNode.value?["description"]?.scalar
                            ?? graph[property.schema].node["description"]?.scalar,
                        path: api.operations[operation].path)
                else { continue }
                report(property, kind: kind, operation: api.operations[operation], context: context)
            }
        }
        // A body property whose value in the body's example is a URL, when nothing else says so (`mechanic_api`).
        for operation in api.operations where !operation.isWebhook {
            for content in operation.requestBody?.contents ?? [] {
                guard let id = content.schema, let example = content.node["example"], example.isMapping
                else { continue }
                let properties = graph.allOfClosure(id).flatMap { graph[$0].properties }
                for (key, value) in example.entries where Self.isAbsoluteURL(value) {
                    guard let property = properties.first(where: { $0.name == key.string && !$0.readOnly }),
                        !info(property.name).isDisplayLink, Self.isOpenText(property.schema, graph: graph)
                    else { continue }
                    report(
                        property, kind: "a URL (its example is one)", operation: operation, context: context)
                }
            }
        }
    }

    func report(_ property: Property, kind: String, operation: Operation, context: RuleContext) {
        context.report(
            property.keyNode,
            "property '\(property.name)' \(SchemaRole.request.phrase(operation)) holds \(kind) that no `enum` or anchored `pattern` restricts"
        )
    }

    /// Whether the server calls the URL a field holds: a callback or a redirect by its name, or a plain URL whose
    /// name, description or operation says the server fetches it; an example-only URL (`mechanic_api`) counts.
    static func isCalled(_ info: NameInfo, name: String, description: String?, path: String) -> Bool {
        guard info.url?.term == "url" else { return true }
        return SensitiveNames.isFetchedURL(name: name, description: description, path: path)
    }

    /// What kind of URL a field holds, when its name or example says it holds one and nothing restricts it.
    static func urlKind(_ name: NameInfo, schema id: SchemaID, graph: SchemaGraph) -> String? {
        guard !name.isDisplayLink else { return nil }
        // The example is read as bytes: most fields have no URL name, and only its start matters.
        let example = graph[id].example
        let kind: String
        if let match = name.url {
            // An example that is no absolute URL (`/videos/123`) shows a resource path, not where to call.
            if let example, !isAbsoluteURL(example) { return nil }
            // A bare `callback` is a JSONP function name unless it is declared or shown as a URL.
            if name.isBareCallback && example == nil && !isURLFormat(graph[id].format) { return nil }
            kind = match.description
        } else if let example, isAbsoluteURL(example) {
            kind = "a URL (its example is one)"
        } else {
            return nil
        }
        return isOpenText(id, graph: graph) ? kind : nil
    }

    static func isURLFormat(_ format: String?) -> Bool {
        ["uri", "url", "iri", "uri-reference", "iri-reference"].contains(format?.lowercased() ?? "")
    }

    /// Whether the field is free text (or a list of it): a string not fixed by `enum`/`const` nor pinned by a pattern.
    static func isOpenText(_ id: SchemaID, graph: SchemaGraph) -> Bool {
        var target = id
        let types = graph.declaredTypes(id)
        if types == [.array] {
            guard let items = graph.allOfClosure(id).lazy.compactMap({ graph[$0].items }).first else {
                return false
            }
            target = items
        }
        let itemTypes = graph.declaredTypes(target)
        guard itemTypes.isEmpty || itemTypes.contains(.string) else { return false }
        return !graph.allOfClosure(target).contains { member in
            graph[member].isEnumerated || (graph[member].pattern.map(PatternText.restrictsURL) ?? false)
        }
    }

    /// Whether the scalar `node` starts with `http://` or `https://` in any case, read on its bytes: no letter beyond
    /// ASCII lowercases to one of the prefixes'. A collection is none.
    static func isAbsoluteURL(_ node: NodeRef) -> Bool {
        node.file.withScalarBytes(node.node) { bytes in
            startsWithLowercased(bytes, "http://") || startsWithLowercased(bytes, "https://")
        }
    }

    /// Whether `bytes`, their ASCII letters lowercased, start with `prefix`.
    static func startsWithLowercased(_ bytes: UnsafeBufferPointer<UInt8>, _ prefix: String) -> Bool {
        guard prefix.utf8.count <= bytes.count else { return false }
        return zip(prefix.utf8, bytes).allSatisfy { wanted, byte in
            let lowercased: UInt8 = byte >= 65 && byte <= 90 ? byte + 32 : byte
            return wanted == lowercased
        }
    }
}
