import Lexicon
import OpenAPIModel
import SourceTree

/// A field or parameter whose name says it holds sensitive data, as an operation receives or returns it.
public struct SensitiveField: Sendable {
    /// The property's or parameter's name as written.
    public let name: String
    public let dataClass: DataClass
    /// What `SensitiveNames` recognised: `password`, `email`, `card_number`.
    public let match: SensitiveNames.Match
    /// Whether it is a token, key or client secret, which the operation that issues it legitimately returns.
    public let isIssuableCredential: Bool
    /// The property's key, or the parameter's entry.
    public let node: NodeRef
}

/// The sensitive data each operation of a document receives and returns, following schemas through `$ref`,
/// properties, items, map values and composition, `readOnly` members not received and `writeOnly` ones not returned.
public struct DataFlow: Sendable {
    /// Per operation (in `APIModel.operations` order): what callers send it (3.1 webhooks: what subscribers reply).
    public let received: [[SensitiveField]]
    /// Per operation: what it hands back (3.1 webhooks: what the API sends subscribers).
    public let returned: [[SensitiveField]]

    public init(api: APIModel) {
        let index = SensitiveProperties(graph: api.schemas)
        var requestCache: [SchemaID: [SensitiveField]] = [:]
        var responseCache: [SchemaID: [SensitiveField]] = [:]
        received = api.operations.map { Self.fields(of: $0, role: .request, index: index, cache: &requestCache) }
        returned = api.operations.map { Self.fields(of: $0, role: .response, index: index, cache: &responseCache) }
    }

    /// The classes of data an operation receives and returns, most sensitive first.
    public func classes(of operation: Int) -> (received: [DataClass], returned: [DataClass]) {
        (Self.classes(received[operation]), Self.classes(returned[operation]))
    }

    static func classes(_ fields: [SensitiveField]) -> [DataClass] { Set(fields.map(\.dataClass)).sorted() }

    /// The parameters (when they travel in `role`) and the properties reached from the operation's schemas in `role`;
    /// `cache` holds each schema's closure for this role.
    static func fields(
        of operation: Operation, role: SchemaRole, index: SensitiveProperties, cache: inout [SchemaID: [SensitiveField]]
    ) -> [SensitiveField] {
        var result: [SensitiveField] = []
        var seen: Set<NodeRef> = []
        let carriesParameters = operation.isWebhook ? role == .response : role == .request
        if carriesParameters {
            for parameter in operation.parameters {
                guard let (dataClass, match) = DataClass.classify(parameter.name),
                    seen.insert(parameter.entryNode).inserted
                else { continue }
                result.append(field(parameter.name, dataClass, match, parameter.entryNode))
            }
        }
        for seed in SchemaGraph.seeds(of: [operation], role: role) {
            let closure: [SensitiveField]
            if let known = cache[seed.schema] {
                closure = known
            } else {
                closure = index.reachable(from: seed.schema, role: role)
                cache[seed.schema] = closure
            }
            for item in closure where seen.insert(item.node).inserted { result.append(item) }
        }
        return result
    }

    static func field(_ name: String, _ dataClass: DataClass, _ match: SensitiveNames.Match, _ node: NodeRef)
        -> SensitiveField
    {
        let issuable = SensitiveNames.secret(name).map { $0.kind == .credential } ?? false
        return SensitiveField(
            name: name, dataClass: dataClass, match: match, isIssuableCredential: issuable, node: node)
    }
}
