import Lexicon
import OpenAPIModel
import RuleEngine
import SourceTree

// Sensitive fields an operation starts or stops returning.
extension Comparison {
    /// Whether the operation issues credentials or signs users in, so returning a token, key or secret is its purpose:
    /// the lexicon's reading, which `sensitive-field-in-response` shares.
    static func issuesCredentials(_ operation: Operation) -> Bool {
        SensitiveNames.credentialOperation(operation) != nil
    }

    mutating func compareSensitiveFields() {
        let (before, after) = (oldFacts.flow, newFacts.flow)
        var reported: Set<NodeRef> = []
        func report(_ field: SensitiveField, _ operation: Operation, isNew: Bool) {
            guard reported.insert(field.node).inserted else { return }
            let severity: Severity = field.dataClass == .personal ? .warning : .error
            let verb = operation.isWebhook ? "sends" : "returns"
            let message =
                isNew
                ? "\(operation.displayName) is new and \(verb) '\(field.name)', \(field.match.description) (\(field.dataClass.label))"
                : "\(operation.displayName) now \(verb) '\(field.name)', \(field.match.description) (\(field.dataClass.label))"
            add(
                PostureChange(
                    .sensitiveFieldReturned, message, at: field.node, operation: operation.displayName,
                    severity: severity))
        }
        func exempt(_ field: SensitiveField, _ operation: Operation) -> Bool {
            field.isIssuableCredential && Self.issuesCredentials(operation)
        }
        var removedReported: Set<NodeRef> = []
        for (oldIndex, newIndex) in match.pairs {
            let operation = new.operations[newIndex]
            let oldTerms = Set(before.returned[oldIndex].map(\.match.term))
            let newTerms = Set(after.returned[newIndex].map(\.match.term))
            for field in after.returned[newIndex]
            where !oldTerms.contains(field.match.term) && !exempt(field, operation) {
                report(field, operation, isNew: false)
            }
            for field in before.returned[oldIndex] where !newTerms.contains(field.match.term) {
                guard removedReported.insert(field.node).inserted else { continue }
                let verb = operation.isWebhook ? "sends" : "returns"
                add(
                    PostureChange(
                        .sensitiveFieldRemoved,
                        "\(operation.displayName) no longer \(verb) '\(field.name)', \(field.match.description)",
                        at: field.node, operation: operation.displayName, inNewDocument: false))
            }
        }
        for index in match.added {
            let operation = new.operations[index]
            for field in after.returned[index] where field.dataClass != .personal && !exempt(field, operation) {
                report(field, operation, isNew: true)
            }
        }
    }
}
