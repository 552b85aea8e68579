import OpenAPIModel
import RuleEngine

// Upper bounds on received values removed, raised tenfold or added.
extension Comparison {
    mutating func compareInputBounds() {
        let paths = KeyPaths()
        let oldWalker = InputShape.Walker(graph: old.schemas, paths: paths)
        let newWalker = InputShape.Walker(graph: new.schemas, paths: paths)
        var reported: Set<String> = []
        for (oldIndex, newIndex) in match.pairs {
            let operation = new.operations[newIndex]
            guard !operation.isWebhook else { continue }
            var oldValues: [KeyPaths.ID: SchemaID] = [:]
            for entry in InputShape(of: old.operations[oldIndex], walker: oldWalker).entries
            where oldValues[entry.key] == nil {
                oldValues[entry.key] = entry.schema
            }
            for entry in InputShape(of: operation, walker: newWalker).entries {
                guard let oldID = oldValues.removeValue(forKey: entry.key) else { continue }
                let (was, now) = (old.schemas[oldID], new.schemas[entry.schema])
                let anchor = now.node.key ?? now.node
                for keyword in InputBound.keywords {
                    let before = InputBound.of(was, keyword)
                    let after = InputBound.of(now, keyword)
                    // Which change this is, decided before any text is built: most values keep their bounds.
                    let change: PostureChange
                    if let before, after == nil, !now.isEnumerated {
                        change = PostureChange(
                            .inputBoundRemoved,
                            "\(keyword) \(InputBound.format(before.value)) of \(Self.phrase(entry.schema, operation, in: new.schemas)) was removed, so the value is unbounded",
                            at: anchor, operation: operation.displayName)
                    } else if let before, let after, before.value > 0, after.value >= before.value * 10 {
                        change = PostureChange(
                            .inputBoundRemoved,
                            "\(keyword) of \(Self.phrase(entry.schema, operation, in: new.schemas)) was raised from \(InputBound.format(before.value)) to \(InputBound.format(after.value))",
                            at: after.node, operation: operation.displayName)
                    } else if before == nil, let after, !was.isEnumerated {
                        change = PostureChange(
                            .inputBoundAdded,
                            "\(Self.phrase(entry.schema, operation, in: new.schemas)) now has \(keyword) \(InputBound.format(after.value))",
                            at: after.node, operation: operation.displayName)
                    } else {
                        continue
                    }
                    let dedupe = "\(keyword) \(ObjectIdentifier(anchor.file)) \((after?.node ?? anchor).pointer)"
                    guard reported.insert(dedupe).inserted else { continue }
                    add(change)
                }
            }
        }
    }

    /// `customer.name received by POST /customers`.
    private static func phrase(_ value: SchemaID, _ operation: Operation, in schemas: SchemaGraph) -> String {
        "\(schemas.label(of: value)) received by \(operation.displayName)"
    }
}
