import Lexicon
import OpenAPIModel
import SourceTree

/// A field or parameter name that says it holds sensitive data, as an operation receives or returns it: listed once,
/// at the first place the operation reaches it, with how many places it reaches it at.
public struct SensitiveField: Sendable {
    /// The property's or parameter's name as written.
    public let name: String
    public let dataClass: DataClass
    /// What `SensitiveNames` recognised: `password`, `email`, `card_number`.
    public let match: SensitiveNames.Match
    /// Whether it is a token, key or client secret, which the operation that issues it legitimately returns.
    public let isIssuableCredential: Bool
    /// The first place the operation reaches the name: the property's key, or the parameter's entry.
    public internal(set) var node: NodeRef
    /// How many properties and parameters of this name the operation reaches (at least 1).
    public internal(set) var places: Int
}

/// The sensitive data each operation of a document receives and returns, following schemas through `$ref`,
/// properties, items, map values and composition, `readOnly` members not received and `writeOnly` ones not returned.
///
/// Each name is listed once per operation (see `SensitiveField`): listing every place made the output quadratic on a
/// cycle of schemas, where every operation reaches every property of the cycle.
public struct DataFlow: Sendable {
    /// Per operation (in `APIModel.operations` order): what callers send it (3.1 webhooks: what subscribers reply).
    public let received: [[SensitiveField]]
    /// Per operation: what it hands back (3.1 webhooks: what the API sends subscribers).
    public let returned: [[SensitiveField]]

    public init(api: APIModel) {
        let names = SensitiveNameIndex(api: api)
        received = Self.fields(of: api, role: .request, names: names)
        returned = Self.fields(of: api, role: .response, names: names)
    }

    /// The classes of data an operation receives and returns, most sensitive first.
    public func classes(of operation: Int) -> (received: [DataClass], returned: [DataClass]) {
        (Self.classes(received[operation]), Self.classes(returned[operation]))
    }

    static func classes(_ fields: [SensitiveField]) -> [DataClass] { Set(fields.map(\.dataClass)).sorted() }

    /// Per operation: the parameters (when they travel in `role`) and the properties reached from its schemas in
    /// `role`.
    static func fields(of api: APIModel, role: SchemaRole, names: SensitiveNameIndex) -> [[SensitiveField]] {
        var reach = SensitiveReach(graph: api.schemas, role: role, names: names)
        var seeds = SchemaGraph.seeds(of: api.operations, role: role)[...]
        return api.operations.enumerated().map { index, operation in
            let carriesParameters = operation.isWebhook ? role == .response : role == .request
            var own: [SchemaID] = []
            while let seed = seeds.first, seed.operation == index {
                own.append(seed.schema)
                seeds = seeds.dropFirst()
            }
            return reach.fields(parameters: carriesParameters ? operation.parameters : [], seeds: own)
        }
    }
}
