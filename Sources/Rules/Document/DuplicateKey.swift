import OpenAPIModel
import RuleEngine
import SourceTree

/// Reports mapping keys written twice; the first value is the one used.
struct DuplicateKey: Rule {
    func check(_ context: RuleContext) {
        for file in context.api.files {
            for (first, duplicate) in file.duplicateKeys {
                context.report(
                    NodeRef(file, duplicate),
                    "key '\(file.string(duplicate))' repeats the key on line \(file.position(first).line); only the first is used"
                )
            }
        }
    }
}
