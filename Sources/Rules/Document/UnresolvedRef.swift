import OpenAPIModel
import RuleEngine

/// Reports `$ref`s that cannot be followed; remote ones are notes, since they are never fetched.
struct UnresolvedRef: Rule {
    func check(_ context: RuleContext) {
        for problem in context.api.referenceProblems {
            context.report(
                problem.reference, "`$ref` '\(problem.target)' cannot be resolved: \(problem.reason)",
                severity: problem.isRemote ? .note : nil)
        }
    }
}
