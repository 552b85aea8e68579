import OpenAPIModel
import RuleEngine

// Upper bounds on received values removed, raised tenfold or added.
extension Comparison {
    mutating func compareInputBounds() {
        let (oldWalker, newWalker) = (InputShape.Walker(graph: old.schemas), InputShape.Walker(graph: new.schemas))
        var reported: Set<String> = []
        for (oldIndex, newIndex) in match.pairs {
            let operation = new.operations[newIndex]
            guard !operation.isWebhook else { continue }
            var oldValues: [String: SchemaID] = [:]
            for entry in InputShape(of: old.operations[oldIndex], walker: oldWalker).entries
            where oldValues[entry.key] == nil {
                oldValues[entry.key] = entry.schema
            }
            for entry in InputShape(of: operation, walker: newWalker).entries {
                guard let oldID = oldValues.removeValue(forKey: entry.key) else { continue }
                let (was, now) = (old.schemas[oldID], new.schemas[entry.schema])
                let label = new.schemas.label(of: entry.schema)
                let phrase = "\(label) received by \(operation.displayName)"
                for keyword in InputBound.keywords {
                    let before = InputBound.of(was, keyword)
                    let after = InputBound.of(now, keyword)
                    let anchor = now.node.key ?? now.node
                    let dedupe = "\(keyword) \(ObjectIdentifier(anchor.file)) \((after?.node ?? anchor).pointer)"
                    guard !reported.contains(dedupe) else { continue }
                    if let before, after == nil, !now.isEnumerated {
                        reported.insert(dedupe)
                        add(
                            PostureChange(
                                .inputBoundRemoved,
                                "\(keyword) \(InputBound.format(before.value)) of \(phrase) was removed, so the value is unbounded",
                                at: anchor, operation: operation.displayName))
                    } else if let before, let after, before.value > 0, after.value >= before.value * 10 {
                        reported.insert(dedupe)
                        add(
                            PostureChange(
                                .inputBoundRemoved,
                                "\(keyword) of \(phrase) was raised from \(InputBound.format(before.value)) to \(InputBound.format(after.value))",
                                at: after.node, operation: operation.displayName))
                    } else if before == nil, let after, !was.isEnumerated {
                        reported.insert(dedupe)
                        add(
                            PostureChange(
                                .inputBoundAdded, "\(phrase) now has \(keyword) \(InputBound.format(after.value))",
                                at: after.node, operation: operation.displayName))
                    }
                }
            }
        }
    }
}
