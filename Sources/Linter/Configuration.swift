import Policies
import References
import RuleEngine
import Rules
import SourceTree

/// The least severity that fails a run.
public enum FailLevel: String, Sendable, CaseIterable {
    case error, warning, note, never

    /// The severity at which findings fail the run; nil for `never`.
    public var threshold: Severity? { Severity(rawValue: rawValue) }
}

/// What the configuration says about a rule or a category.
public enum RuleSetting: Sendable, Equatable {
    case off
    case severity(Severity)
}

/// An `ignore` entry: a rule excused under a JSON-pointer pattern, optionally only in matching files.
public struct IgnorePattern: Sendable {
    public let ruleID: RuleID
    /// Files it applies to, relative to `baseDirectory`; nil for every file.
    public let file: Glob?
    public let pointer: Glob
    /// Absolute directory that file globs are relative to.
    public let baseDirectory: String
    /// Where the pattern is written, for the justification.
    public let source: String

    /// Whether the pattern excuses a finding of `ruleID` at `pointer` in `absolutePath`.
    public func matches(ruleID: RuleID, absolutePath: String, pointer: String) -> Bool {
        guard ruleID == self.ruleID, self.pointer.matchesPrefix(of: pointer) else { return false }
        guard let file else { return true }
        return file.matches(Configuration.relative(absolutePath, to: baseDirectory))
    }
}

/// `.oasguard.yml`, read strictly: unknown keys, unknown rule ids and wrong types are errors with a position.
public struct Configuration: Sendable {
    public static let fileNames = [".oasguard.yml", ".oasguard.yaml"]

    /// The configuration file, nil for the built-in defaults.
    public var path: String?
    /// Absolute directory that relative paths in the file are resolved against.
    public var directory: String
    /// Which rules run before `rules` adjusts them: the recommended ones (the default) or all of them.
    public var preset: RulePreset?
    /// Settings by rule id or category name, in file order.
    public var rules: [(target: String, setting: RuleSetting)] = []
    public var failOn: FailLevel?
    public var ignores: [IgnorePattern] = []
    /// Files not linted, relative to `directory`.
    public var excludes: [Glob] = []
    public var referenceRoot: String?
    public var baseline: String?
    /// The least security score (0–100) a document may have before `lint` and `inventory` fail.
    public var minScore: Double?
    /// Organisation policies: those of `--policy` files, then the file's own `policies`.
    public var policies: [Policy] = []

    /// The keys of the file.
    public enum Key: String, CaseIterable, Sendable {
        case preset, rules
        case failOn = "fail-on"
        case minScore = "min-score"
        case ignore, exclude
        case referenceRoot = "ref-root"
        case baseline, policies
    }

    /// The built-in rules and a rule per policy.
    public var catalog: RuleCatalog { RuleCatalog.builtIn.including(policies) }

    public init(directory: String) {
        self.directory = directory
    }

    /// The nearest `.oasguard.yml` from `directory` up to the enclosing git repository's root.
    public static func discover(from directory: String) -> String? {
        for current in RepositoryAncestry(from: directory).directories {
            for name in fileNames where FileReader.isDirectory(current + "/" + name) == false {
                return current + "/" + name
            }
        }
        return nil
    }

    /// Reads and checks a configuration file; `workingDirectory` makes a relative path absolute. `policies` (from
    /// `--policy` files) come before the file's own, which may not reuse their ids.
    public static func load(path: String, workingDirectory: String, policies: [Policy] = []) throws(LoadError)
        -> Configuration
    {
        let file = try YAMLLoader.load(path: path)
        let absolute = path.hasPrefix("/") ? path : PathName.join(workingDirectory, path)
        var configuration = Configuration(directory: PathName.directory(of: absolute))
        configuration.path = path
        configuration.policies = policies
        guard let rootNode = file.root else { return configuration }
        let root = NodeRef(file, rootNode)
        func fail(_ node: NodeRef, _ message: String) -> LoadError {
            LoadError(path: path, position: node.position, message: message)
        }
        guard root.isMapping else { throw fail(root, "the configuration must be a mapping of settings") }
        // Policies first, so that `rules` and `ignore` may name them wherever they are written.
        if let list = root["policies"] { try PolicyParser.read(list, path: path, into: &configuration.policies) }
        let ruleIDs = Set(configuration.catalog.entries.map(\.id.rawValue))
        let categories = Set(RuleCategory.allCases.map(\.rawValue))
        // A key whose entries are all commented out (`rules:` alone) is an empty setting.
        for (keyNode, value) in root.entries where !value.file.isNull(value.node) {
            guard let key = Key(rawValue: keyNode.string) else {
                throw fail(
                    keyNode,
                    "unknown key '\(keyNode.string)'; expected \(Key.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            switch key {
            case .policies: continue
            case .preset:
                guard let preset = value.scalar.flatMap(RulePreset.init(rawValue:)) else {
                    throw fail(value, "`preset` must be recommended or all")
                }
                configuration.preset = preset
            case .rules:
                guard value.isMapping else {
                    throw fail(value, "`rules` must map rule ids or categories to off, error, warning or note")
                }
                for (target, setting) in value.entries {
                    guard ruleIDs.contains(target.string) || categories.contains(target.string) else {
                        throw fail(
                            target,
                            "unknown rule or category '\(target.string)'"
                                + suggestion(target.string, in: ruleIDs.union(categories)))
                    }
                    let text = setting.scalar ?? ""
                    if text == "off" {
                        configuration.rules.append((target.string, .off))
                    } else if let severity = Severity(rawValue: text) {
                        configuration.rules.append((target.string, .severity(severity)))
                    } else {
                        throw fail(setting, "'\(target.string)' must be off, error, warning or note, not '\(text)'")
                    }
                }
            case .failOn:
                guard let level = value.scalar.flatMap(FailLevel.init(rawValue:)) else {
                    throw fail(value, "`fail-on` must be error, warning, note or never")
                }
                configuration.failOn = level
            case .ignore:
                guard value.isMapping else {
                    throw fail(value, "`ignore` must map rule ids to lists of JSON-pointer patterns")
                }
                for (rule, patterns) in value.entries {
                    guard ruleIDs.contains(rule.string) else {
                        throw fail(rule, "unknown rule '\(rule.string)'" + suggestion(rule.string, in: ruleIDs))
                    }
                    guard patterns.isSequence, patterns.items.allSatisfy(\.isScalar) else {
                        throw fail(patterns, "the patterns of '\(rule.string)' must be a list of strings")
                    }
                    for pattern in patterns.items {
                        configuration.ignores.append(
                            try ignorePattern(
                                pattern, rule: RuleID(rule.string), configuration: configuration, fail: fail))
                    }
                }
            case .exclude:
                guard value.isSequence, value.items.allSatisfy(\.isScalar) else {
                    throw fail(value, "`exclude` must be a list of file globs")
                }
                configuration.excludes = value.items.map { Glob($0.string) }
            case .minScore:
                guard let score = value.number, (0...100).contains(score) else {
                    throw fail(value, "`min-score` must be a number from 0 to 100")
                }
                configuration.minScore = score
            case .referenceRoot, .baseline:
                guard let text = value.scalar, !text.isEmpty else {
                    throw fail(value, "`\(key.rawValue)` must be a path")
                }
                let resolved = text.hasPrefix("/") ? text : PathName.join(configuration.directory, text)
                if key == .referenceRoot {
                    configuration.referenceRoot = try narrowedRoot(resolved, configuration: configuration) {
                        fail(value, $0)
                    }
                } else {
                    configuration.baseline = resolved
                }
            }
        }
        return configuration
    }

    /// A `ref-root` from the file, which a pull request may have written: it may narrow the reference root to a
    /// directory inside the repository holding the configuration (or, outside git, the configuration's own
    /// directory), never widen it. Only `--ref-root` on the command line may point elsewhere.
    private static func narrowedRoot(
        _ path: String, configuration: Configuration, fail: (String) -> LoadError
    ) throws(LoadError) -> String {
        guard let canonical = FileReader.realPath(path), FileReader.isDirectory(canonical) == true else {
            throw fail("`ref-root` '\(path)' is not a directory")
        }
        let directory = FileReader.realPath(configuration.directory) ?? configuration.directory
        let repository = ReferenceRoot.enclosing(document: PathName.join(directory, Configuration.fileNames[0]))
        guard repository.contains(canonical) else {
            throw fail(
                "`ref-root` may only narrow the reference root to a directory inside '\(repository)', "
                    + "not '\(canonical)'; use --ref-root on the command line to widen it")
        }
        return canonical
    }

    private static func ignorePattern(
        _ node: NodeRef, rule: RuleID, configuration: Configuration, fail: (NodeRef, String) -> LoadError
    ) throws(LoadError) -> IgnorePattern {
        let text = node.string
        var file: Glob?
        var pointer = text
        if let hash = text.firstIndex(of: "#") {
            let filePart = String(text[..<hash])
            file = filePart.isEmpty ? nil : Glob(filePart)
            pointer = String(text[text.index(after: hash)...])
        }
        guard pointer.isEmpty || pointer.hasPrefix("/") else {
            throw fail(
                node, "'\(text)' is not a JSON-pointer pattern: write it as /paths/~1users or FILE-GLOB#/pointer")
        }
        return IgnorePattern(
            ruleID: rule, file: file, pointer: Glob(pointer.isEmpty ? "**" : pointer),
            baseDirectory: configuration.directory,
            source: "\(configuration.path ?? ".oasguard.yml"):\(node.position.line)")
    }

    private static func suggestion(_ word: String, in candidates: Set<String>) -> String {
        let close = candidates.sorted().first { $0.contains(word) || word.contains($0) }
        return close.map { "; did you mean '\($0)'?" } ?? ""
    }

    /// `path` relative to `directory` when inside it, else unchanged.
    static func relative(_ path: String, to directory: String) -> String {
        let base = directory.hasSuffix("/") ? directory : directory + "/"
        return path.hasPrefix(base) ? String(path.dropFirst(base.count)) : path
    }

    /// Whether a file is excluded from linting.
    public func excludes(absolutePath: String) -> Bool {
        let relative = Self.relative(absolutePath, to: directory)
        return excludes.contains { $0.matches(relative) }
    }

    /// The rules that run and their severities: the preset's rules, then categories, then rule ids. A category's
    /// severity applies to its rules but turns on only those in the preset; naming a rule turns it on.
    public func ruleSelection() -> (enabled: Set<RuleID>, severities: [RuleID: Severity]) {
        let catalog = self.catalog
        var enabled = catalog.ids(in: preset ?? .recommended)
        var severities: [RuleID: Severity] = [:]
        let byCategory = Dictionary(grouping: catalog.entries, by: { $0.description.category.rawValue })
        let ordered = rules.filter { byCategory[$0.target] != nil } + rules.filter { byCategory[$0.target] == nil }
        for (target, setting) in ordered {
            let ids = byCategory[target].map { $0.map(\.id) } ?? [RuleID(target)]
            for id in ids {
                switch setting {
                case .off: enabled.remove(id)
                case .severity(let severity):
                    if byCategory[target] == nil { enabled.insert(id) }
                    severities[id] = severity
                }
            }
        }
        return (enabled, severities)
    }
}
