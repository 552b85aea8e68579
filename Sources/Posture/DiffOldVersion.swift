import Lexicon
import OpenAPIModel
import Platform
import RuleEngine
import SourceTree

/// What `SpecDiff` reads of the old version of a document, taken from its model so that the model and its tree can
/// be released before the new version loads: a diff then holds one loaded document at a time.
public struct OldVersion: Sendable {
    /// Each operation, in `APIModel.operations` order.
    private(set) var operations: [OldOperation]
    /// How many schemas the model holds (the input comparison's limit grows with it).
    let schemaCount: Int
    /// The schemas a request can reach.
    let inputs: OldInputs
    /// The first, sorted by name, of the document's own rate-limit extensions.
    let rateLimitExtension: String?
    let serverSites: [Comparison.ServerSite]
    let scopeGrants: [Comparison.ScopeGrant]

    /// How many operations the old version has.
    public var operationCount: Int { operations.count }

    /// Takes what the comparisons read of `api`: the sensitive fields on one core, the rest on the other.
    public init(_ api: APIModel) {
        let (returnedFields, version) = BothCores.run(
            { Self.returnedFields(api) },
            {
                var shared = OldOperation.SharedValues()
                return OldVersion(
                    operations: api.operations.map { OldOperation($0, in: api, sharing: &shared) },
                    schemaCount: api.schemas.schemas.count,
                    inputs: OldInputs(api),
                    rateLimitExtension: api.extensions.keys.filter(RateLimitNames.isExtension).sorted().first,
                    serverSites: Comparison.sites(api).map(\.detached),
                    scopeGrants: Comparison.scopeGrants(api).map(\.detached))
            })
        self = consume version
        for (index, fields) in returnedFields.enumerated() { operations[index].returned = fields }
    }

    private init(
        operations: [OldOperation], schemaCount: Int, inputs: OldInputs, rateLimitExtension: String?,
        serverSites: [Comparison.ServerSite], scopeGrants: [Comparison.ScopeGrant]
    ) {
        self.operations = operations
        self.schemaCount = schemaCount
        self.inputs = inputs
        self.rateLimitExtension = rateLimitExtension
        self.serverSites = serverSites
        self.scopeGrants = scopeGrants
    }

    /// The sensitive fields each operation returns, each node's place found once however many operations reach it.
    static func returnedFields(_ api: APIModel) -> [[OldField]] {
        var places: [NodeRef: (identity: Int, location: ChangeLocation)] = [:]
        return DataFlow.fields(of: api, role: .response, names: SensitiveNameIndex(api: api)).map { fields in
            fields.map { field in
                let place =
                    places[field.node]
                    ?? {
                        let place = (identity: places.count, location: ChangeLocation(field.node).detached)
                        places[field.node] = place
                        return place
                    }()
                return OldField(
                    name: field.name, term: field.match.term, description: field.match.description,
                    identity: place.identity, location: place.location)
            }
        }
    }
}

/// The schemas of the old version that its operations' parameters and bodies reach: the members of each
/// (`InputShape.members`) and its upper bounds.
struct OldInputs: Sendable {
    /// Each reached schema's members, one schema's after another's.
    private var members: [(label: String, schema: SchemaID)] = []
    /// Where each schema's members are in `members`, by schema index (empty for schemas not reached).
    private var memberRanges: [Range<Int32>]
    /// The bounds of the reached schemas that have one or are enumerated.
    private var bounds: [SchemaID: OldBounds] = [:]

    init(_ api: APIModel) {
        memberRanges = Array(repeating: 0..<0, count: api.schemas.schemas.count)
        var reached = Set<SchemaID>()
        var pending = api.operations.flatMap { InputShape(of: $0).seeds.map(\.schema) }
        while let id = pending.popLast() {
            guard reached.insert(id).inserted else { continue }
            let found = InputShape.members(of: id, in: api.schemas)
            memberRanges[id.index] = Int32(members.count)..<Int32(members.count + found.count)
            members += found
            let schemaBounds = OldBounds(api.schemas[id])
            if schemaBounds != OldBounds.none { bounds[id] = schemaBounds }
            pending += found.map(\.schema)
        }
    }

    /// The members of a reached schema.
    func members(of id: SchemaID) -> ArraySlice<(label: String, schema: SchemaID)> {
        let range = memberRanges[id.index]
        return members[Int(range.lowerBound)..<Int(range.upperBound)]
    }

    /// The bounds of a reached schema.
    func bounds(of id: SchemaID) -> OldBounds { bounds[id] ?? .none }
}

/// What the comparisons read of one operation of the old version.
struct OldOperation: Sendable {
    /// `OperationMatch.key`.
    let matchKey: String
    let operationID: String?
    let isWebhook: Bool
    let access: Access
    /// `Comparison.weakestAlternative`.
    let weakestAlternative: (strength: SchemeStrength, text: String)?
    let requiredScopes: Set<Comparison.ScopeUse>
    /// Its name and where its method is, when its removal is reported: it did not require authentication.
    let unauthenticatedRemoval: (name: String, location: ChangeLocation)?
    /// The parameters and bodies it receives, at their places (`InputShape.seeds`).
    let inputSeeds: [(place: String, schema: SchemaID)]
    let declaresTooManyRequests: Bool
    let declaresRateLimitHeaders: Bool
    /// Whether it, or its path item, carries a rate-limit extension (the document's own are compared apart).
    let carriesRateLimitExtension: Bool
    let declaresRateLimit: Bool
    /// The sensitive fields it returns.
    var returned: [OldField] = []

    /// Texts and scope sets that many operations repeat, kept once.
    struct SharedValues {
        var texts: Set<String> = []
        var scopes: Set<Set<Comparison.ScopeUse>> = []
    }

    init(_ operation: Operation, in api: APIModel, sharing shared: inout SharedValues) {
        matchKey = OperationMatch.key(operation)
        operationID = operation.operationID
        isWebhook = operation.isWebhook
        access = Access(operation)
        weakestAlternative = Comparison.weakestAlternative(operation, in: api).map { strength, text in
            (strength, shared.texts.insert(text).memberAfterInsert)
        }
        requiredScopes = shared.scopes.insert(Comparison.requiredScopes(operation)).memberAfterInsert
        unauthenticatedRemoval =
            !isWebhook && access != .required
            ? (operation.displayName, ChangeLocation(operation.methodNode).detached) : nil
        // Most operations of a large document take the same headers: each place's text is kept once.
        inputSeeds = InputShape(of: operation).seeds.map { seed in
            (shared.texts.insert(seed.place).memberAfterInsert, seed.schema)
        }
        let rateLimit = RateLimitDeclaration(of: operation, in: api)
        declaresTooManyRequests = rateLimit.tooManyRequests != nil
        declaresRateLimitHeaders = !rateLimit.headers.isEmpty
        carriesRateLimitExtension = Comparison.carriesOwnExtension(rateLimit, in: api)
        declaresRateLimit = rateLimit.isDeclared
    }
}

/// A sensitive field an operation of the old version returns.
struct OldField: Sendable {
    let name: String
    /// `SensitiveNames.Match.term`.
    let term: String
    /// `SensitiveNames.Match.description`.
    let description: String
    /// The same for every operation that reaches the same node.
    let identity: Int
    let location: ChangeLocation
}

/// The upper bounds of a schema of the old version (`InputBound`), by keyword.
struct OldBounds: Sendable, Equatable {
    /// No bound, not enumerated.
    static let none = OldBounds(maxLength: nil, maxItems: nil, maximum: nil, isEnumerated: false)

    let maxLength: Double?
    let maxItems: Double?
    let maximum: Double?
    let isEnumerated: Bool

    init(_ schema: Schema) {
        maxLength = InputBound.of(schema, "maxLength")?.value
        maxItems = InputBound.of(schema, "maxItems")?.value
        maximum = InputBound.of(schema, "maximum")?.value
        isEnumerated = schema.isEnumerated
    }

    private init(maxLength: Double?, maxItems: Double?, maximum: Double?, isEnumerated: Bool) {
        self.maxLength = maxLength
        self.maxItems = maxItems
        self.maximum = maximum
        self.isEnumerated = isEnumerated
    }

    /// The bound of kind `keyword` (one of `InputBound.keywords`).
    func value(_ keyword: String) -> Double? {
        switch keyword {
        case "maxLength": maxLength
        case "maxItems": maxItems
        default: maximum
        }
    }
}
