import Lexicon
import OpenAPIModel
import RuleEngine

/// Flags an `operationId` that an earlier operation already uses.
struct OperationIdDuplicate: Rule {
    func check(_ context: RuleContext) {
        var first: [String: Operation] = [:]
        for operation in context.api.operations {
            guard let id = operation.operationID, !id.trimmingSpaces.isEmpty,
                let node = operation.operationIDNode
            else { continue }
            guard let earlier = first[id] else {
                first[id] = operation
                continue
            }
            // One operation reached through two `$ref`s is written once; there is no second key to point at.
            guard earlier.node != operation.node else { continue }
            let location =
                earlier.operationIDNode.map { key in
                    key.file === node.file
                        ? " (line \(key.position.line))" : " (\(key.file.path):\(key.position.line))"
                } ?? ""
            context.report(
                node,
                "operationId '\(id)' of \(operation.displayName) is already used by \(earlier.displayName)\(location)"
            )
        }
    }
}
