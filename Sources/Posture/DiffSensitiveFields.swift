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

    /// `returned`: the sensitive fields each operation of the new version returns.
    mutating func compareSensitiveFields(returned after: [[SensitiveField]]) {
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
        var removedReported: Set<Int> = []
        for (oldIndex, newIndex) in match.pairs {
            let operation = new.operations[newIndex]
            let oldFields = old.operations[oldIndex].returned
            let oldTerms = Set(oldFields.map(\.term))
            let newTerms = Set(after[newIndex].map(\.match.term))
            for field in after[newIndex]
            where !oldTerms.contains(field.match.term) && !exempt(field, operation) {
                report(field, operation, isNew: false)
            }
            for field in oldFields where !newTerms.contains(field.term) {
                guard removedReported.insert(field.identity).inserted else { continue }
                let verb = operation.isWebhook ? "sends" : "returns"
                add(
                    PostureChange(
                        .sensitiveFieldRemoved,
                        "\(operation.displayName) no longer \(verb) '\(field.name)', \(field.description)",
                        at: field.location, operation: operation.displayName))
            }
        }
        for index in match.added {
            let operation = new.operations[index]
            for field in after[index] where field.dataClass != .personal && !exempt(field, operation) {
                report(field, operation, isNew: true)
            }
        }
    }
}
