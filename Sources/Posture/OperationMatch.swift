import OpenAPIModel

/// Pairs the operations of two versions of a document: by method and path with path parameters renamed freely
/// (`/users/{id}` ≡ `/users/{userId}`), then, for those left over, by `operationId`.
public struct OperationMatch: Sendable {
    /// Index pairs into the old and new `APIModel.operations`.
    public let pairs: [(old: Int, new: Int)]
    /// How many of `pairs` were matched by `operationId` (the path or method changed).
    public let matchedByOperationID: Int
    /// New operations with no counterpart.
    public let added: [Int]
    /// Old operations with no counterpart.
    public let removed: [Int]

    /// The key operations are matched by: webhook or path, method, and the path with each `{…}` emptied.
    public static func key(_ operation: Operation) -> String {
        "\(operation.isWebhook ? "webhook" : "path") \(operation.method.rawValue) \(normalizedPath(operation.path))"
    }

    /// `/users/{}/orders/{}` for `/users/{userId}/orders/{id}`.
    public static func normalizedPath(_ path: String) -> String {
        var result = ""
        var inParameter = false
        for character in path {
            if inParameter {
                if character == "}" {
                    inParameter = false
                    result.append("}")
                }
            } else {
                result.append(character)
                if character == "{" { inParameter = true }
            }
        }
        return result
    }

    /// Pairs the old version's operations, given by their `key` and `operationId`, with those of `new`.
    init(old: [(key: String, operationID: String?)], new: APIModel) {
        var unmatchedNew: [String: [Int]] = [:]
        for (index, operation) in new.operations.enumerated() {
            unmatchedNew[Self.key(operation), default: []].append(index)
        }
        var pairs: [(old: Int, new: Int)] = []
        var leftOld: [Int] = []
        for (index, (key, _)) in old.enumerated() {
            if var candidates = unmatchedNew[key], !candidates.isEmpty {
                pairs.append((index, candidates.removeFirst()))
                unmatchedNew[key] = candidates
            } else {
                leftOld.append(index)
            }
        }
        var leftNew = Set(unmatchedNew.values.flatMap { $0 })
        var byID: [String: [Int]] = [:]
        for index in leftNew.sorted() {
            if let id = new.operations[index].operationID, !id.isEmpty { byID[id, default: []].append(index) }
        }
        var removed: [Int] = []
        var byOperationID = 0
        for index in leftOld {
            if let id = old[index].operationID, var candidates = byID[id], !candidates.isEmpty {
                let match = candidates.removeFirst()
                byID[id] = candidates
                leftNew.remove(match)
                pairs.append((index, match))
                byOperationID += 1
            } else {
                removed.append(index)
            }
        }
        self.pairs = pairs.sorted { $0.new < $1.new }
        matchedByOperationID = byOperationID
        added = leftNew.sorted()
        self.removed = removed
    }
}
