import References
import SourceTree

extension Configuration {
    /// The lint options the configuration alone implies: reference root, rules and severities, ignores and
    /// excludes, for commands without their own rule flags (`oasguard inventory`, `oasguard diff`).
    public func lintOptions(workingDirectory: String, limits: LoadLimits = .default) -> LintOptions {
        var options = LintOptions(referenceRoot: referenceRoot, limits: limits)
        let (enabled, severities) = ruleSelection()
        options.enabledRules = enabled
        options.preset = preset ?? .recommended
        options.severityOverrides = severities
        options.ignores = ignores
        options.excludes = excludes
        options.excludeDirectory = FileReader.realPath(directory) ?? directory
        options.workingDirectory = workingDirectory
        return options
    }
}
