import Lexicon
import OpenAPIModel
import Synchronization

/// What several rules ask of one model, worked out once, by the first rule that asks, and shared by every rule run
/// over the model (rules run in parallel: one asking while another works a fact out waits for it).
public final class ModelFacts: Sendable {
    public let api: APIModel
    private let pathWords = Once<[[[String]]]>()
    private let scopesBySchemeName = Once<[String: Set<String>]>()
    private let requestValueList = Once<[(schema: SchemaID, operation: Int)]>()
    private let outsideBodies = Once<SchemaSet>()
    private let requestUsage = Once<SchemaUsage>()
    private let responseUsage = Once<SchemaUsage>()

    public init(_ api: APIModel) {
        self.api = api
    }

    /// The words of each fixed segment of each operation's path (`SensitiveNames.fixedSegmentWords`), by operation
    /// index.
    public var operationPathWords: [[[String]]] {
        pathWords.value {
            // An operation shares its path with the path's other methods, and a path its segments with other paths
            // (`api`, `v2`, a resource's name): each distinct path and segment is split once.
            var byPath: [String: [[String]]] = [:]
            var bySegment: [String: [String]] = [:]
            func split(_ segment: String) -> [String] {
                if let known = bySegment[segment] { return known }
                let words = NameWords.split(segment)
                bySegment[segment] = words
                return words
            }
            return api.operations.map { operation in
                if let known = byPath[operation.path] { return known }
                let words = SensitiveNames.fixedSegmentWords(operation.path, split: split)
                byPath[operation.path] = words
                return words
            }
        }
    }

    /// `api.values(.request)`: the received schemas that describe a value on their own.
    public var requestValues: [(schema: SchemaID, operation: Int)] { requestValueList.value { api.values(.request) } }

    /// `api.receivedOnlyOutsideBodies()`: the received schemas that only parameters outside the body reach.
    public var receivedOnlyOutsideBodies: SchemaSet {
        outsideBodies.value { api.receivedOnlyOutsideBodies() }
    }

    /// The operations that reach each schema in `role`.
    public func usage(_ role: SchemaRole) -> SchemaUsage {
        (role == .request ? requestUsage : responseUsage).value { SchemaUsage(api: api, role: role) }
    }

    /// `scheme.definedScopes` for a scheme found by `APIModel.securityScheme(named:)`, gathered once for each scheme
    /// of the model rather than for each requirement naming it.
    public func definedScopes(of scheme: SecurityScheme) -> Set<String> {
        let byName = scopesBySchemeName.value {
            // Of two schemes with one name, the first is the one `securityScheme(named:)` finds.
            Dictionary(api.securitySchemes.map { ($0.name, $0.definedScopes) }, uniquingKeysWith: { first, _ in first })
        }
        return byName[scheme.name] ?? scheme.definedScopes
    }
}

/// A value made on first use, once, whichever thread asks first.
final class Once<Value: Sendable>: Sendable {
    private let slot = Mutex<Value?>(nil)

    /// The value, made by `make` if no one made it yet.
    func value(_ make: () -> Value) -> Value {
        slot.withLock { slot in
            if let value = slot { return value }
            let value = make()
            slot = value
            return value
        }
    }
}
