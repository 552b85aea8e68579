import OpenAPIModel
import RuleEngine

// Upper bounds on received values removed, raised tenfold or added.
extension Comparison {
    mutating func compareInputBounds() {
        var reported: Set<String> = []
        var compared: Set<InputShape.Pair> = []
        let limit = InputShape.limit + 16 * (old.schemaCount + new.schemas.schemas.count)
        let inputs = old.inputs
        for (oldIndex, newIndex) in match.pairs {
            let operation = new.operations[newIndex]
            guard !operation.isWebhook else { continue }
            let pairs = InputShape.pairs(
                old: (old.operations[oldIndex].inputSeeds, { inputs.members(of: $0) }), new: (operation, new.schemas),
                compared: &compared, limit: limit)
            for pair in pairs {
                let (was, now) = (inputs.bounds(of: pair.old), new.schemas[pair.new])
                let anchor = now.node.key ?? now.node
                for keyword in InputBound.keywords {
                    let before = was.value(keyword)
                    let after = InputBound.of(now, keyword)
                    // Which change this is, decided before any text is built: most values keep their bounds.
                    let change: PostureChange
                    if let before, after == nil, !now.isEnumerated {
                        change = PostureChange(
                            .inputBoundRemoved,
                            "\(keyword) \(InputBound.format(before)) of \(Self.phrase(pair.new, operation, in: new.schemas)) was removed, so the value is unbounded",
                            at: anchor, operation: operation.displayName)
                    } else if let before, let after, before > 0, after.value >= before * 10 {
                        change = PostureChange(
                            .inputBoundRemoved,
                            "\(keyword) of \(Self.phrase(pair.new, operation, in: new.schemas)) was raised from \(InputBound.format(before)) to \(InputBound.format(after.value))",
                            at: after.node, operation: operation.displayName)
                    } else if before == nil, let after, !was.isEnumerated {
                        change = PostureChange(
                            .inputBoundAdded,
                            "\(Self.phrase(pair.new, operation, in: new.schemas)) now has \(keyword) \(InputBound.format(after.value))",
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
