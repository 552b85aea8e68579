import OpenAPIModel
import SourceTree

extension SchemaGraph {
    /// How a message names the schema `id` where it is written: `property 'memo'`, `parameter 'limit'`,
    /// `schema 'Account'`, `the items of property 'tags'`, `the body`.
    public func label(of id: SchemaID) -> String { Self.label(of: self[id].node) }

    /// How many enclosing schemas a label names (`the items of the values of …`) before it says `the schema`.
    static let maxLabelDepth = 3

    static func label(of node: NodeRef, depth: Int = 0) -> String {
        let file = node.file
        // Keys are compared as bytes; only the names a label shows become strings.
        if let location = file.value(node.node, "in"), file.isScalar(location), let name = node["name"]?.scalar {
            return file.scalarEquals(location, "body") ? "the body" : "parameter '\(name)'"
        }
        guard let parentID = file.parent(node.node) else { return "the schema" }
        guard let key = file.key(of: node.node) else {
            // An item of `allOf`/`oneOf`/`anyOf`, or of a 2.0 `parameters` list.
            guard depth < maxLabelDepth, let listKey = file.key(of: parentID), let ownerID = file.parent(parentID)
            else {
                return "the schema"
            }
            if ["allOf", "oneOf", "anyOf"].contains(where: { file.scalarEquals(listKey, $0) }) {
                return "a member of \(label(of: NodeRef(file, ownerID), depth: depth + 1))"
            }
            return "the schema"
        }
        let parent = NodeRef(file, parentID)
        if depth < maxLabelDepth && file.scalarEquals(key, "items") {
            return "the items of \(label(of: parent, depth: depth + 1))"
        }
        if depth < maxLabelDepth && file.scalarEquals(key, "additionalProperties") {
            return "the values of \(label(of: parent, depth: depth + 1))"
        }
        if file.scalarEquals(key, "schema") { return schemaOwnerLabel(parent) }
        let container = file.key(of: parentID)
        if let container, file.scalarEquals(container, "properties") { return "property '\(file.string(key))'" }
        if let container, file.scalarEquals(container, "headers") { return "header '\(file.string(key))'" }
        return "schema '\(file.string(key))'"
    }
}

extension SchemaGraph {
    /// Names what a `schema` key belongs to: a parameter, a header, or a request or response body.
    static func schemaOwnerLabel(_ owner: NodeRef) -> String {
        let file = owner.file
        func named(_ node: NodeRef) -> String? {
            guard let location = node["in"]?.scalar, let name = node["name"]?.scalar else { return nil }
            return location == "body" ? "the body" : "parameter '\(name)'"
        }
        if let name = named(owner) { return name }
        let up = { (node: NodeRef) -> NodeRef? in file.parent(node.node).map { NodeRef(file, $0) } }
        // A header object: `headers: {X-Rate: {schema: …}}`.
        if let container = up(owner), container.key?.string == "headers", let name = owner.key?.string {
            return "header '\(name)'"
        }
        // A media type: `content: {application/json: {schema: …}}`, owned by a body, parameter or header.
        if let content = up(owner), content.key?.string == "content", let holder = up(content) {
            if let name = named(holder) { return name }
            if let container = up(holder), container.key?.string == "headers",
                let name = holder.key?.string
            {
                return "header '\(name)'"
            }
        }
        return "the body"
    }
}

extension SchemaRole {
    /// How a message says an operation reaches a schema: `received by POST /accounts`, `returned by GET /accounts`;
    /// for webhooks `sent in webhook POST newPet` and `received in reply to webhook POST newPet`.
    public func phrase(_ operation: Operation) -> String {
        switch (self, operation.isWebhook) {
        case (.request, false): "received by \(operation.displayName)"
        case (.response, false): "returned by \(operation.displayName)"
        case (.request, true): "received in reply to \(operation.displayName)"
        case (.response, true): "sent in \(operation.displayName)"
        }
    }
}
