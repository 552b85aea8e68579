import SourceTree

/// A rule's catalog entry, read from its `rules/<id>.yaml`: documentation and mapping (examples: `RuleExamples`).
public struct RuleDescription: Sendable, Equatable {
    public let id: RuleID
    public let title: String
    /// One sentence: what the rule flags.
    public let summary: String
    public let severity: Severity
    /// 0.0–10.0, the CVSS-like score code scanning uses to rank security alerts.
    public let securitySeverity: Double
    public let category: RuleCategory
    /// OWASP API Security Top 10 (2023) entries, e.g. `API2:2023`.
    public let owasp: [String]
    /// CWE ids, e.g. `CWE-319`.
    public let cwe: [String]
    public let precision: RulePrecision
    /// Markdown: what the rule does and why it matters.
    public let rationale: String
    /// Markdown: how to fix it.
    public let remediation: String
    public let references: [String]
    /// Whether the rule is on by default, in the `recommended` preset (`recommended: true`); a rule that is not
    /// runs only with the `all` preset or when the configuration names it.
    public let recommended: Bool
    /// Why the rule is, or is not, on by default (and which of its findings it keeps for `all`).
    public let recommendedReason: String
    /// For rules that report operations lacking something: what the operations lack, completing
    /// "none of the N operations …" (`requires authentication`); when no operation of a document has it, the
    /// findings become one, at the document.
    public let absence: String?

    public init(
        id: RuleID, title: String, summary: String, severity: Severity, securitySeverity: Double,
        category: RuleCategory, owasp: [String], cwe: [String], precision: RulePrecision, rationale: String,
        remediation: String, references: [String], recommended: Bool, recommendedReason: String,
        absence: String? = nil
    ) {
        self.id = id
        self.title = title
        self.summary = summary
        self.severity = severity
        self.securitySeverity = securitySeverity
        self.category = category
        self.owasp = owasp
        self.cwe = cwe
        self.precision = precision
        self.rationale = rationale
        self.remediation = remediation
        self.references = references
        self.recommended = recommended
        self.recommendedReason = recommendedReason
        self.absence = absence
    }
}

/// How often a rule's findings are right, as SARIF's `precision` says it.
public enum RulePrecision: String, Sendable {
    case veryHigh = "very-high"
    case high
    case medium
    case low
}

/// A rule's examples, read from the `examples:` section of its catalog file; every one runs as a test.
public struct RuleExamples: Sendable {
    /// Documents that must produce a finding on each line marked `# ←` (once per arrow), and at each column
    /// marked by a caret line (`#   ^`, the `^` under the first character of the place reported).
    public let triggering: [String]
    /// Documents that must produce no finding of this rule.
    public let nonTriggering: [String]

    /// The marker that ends an example line on which a finding must land.
    public static let marker = "# ←"
    /// The only character after `#` on a caret line, under the column where a finding must land on the nearest
    /// line above that is not a caret line. A line marked by caret lines has no `# ←`.
    public static let caret: Unicode.Scalar = "^"
    /// Written after the marker (`# ← (all)`, `# ^ (all)`) when the rule keeps that finding for the `all` preset.
    public static let allPresetTag = "(all)"

    /// Reads the `examples` section from a catalog file's text (whole, or the section alone).
    public static func parse(id: RuleID, text: String) throws(CatalogError) -> RuleExamples {
        func fail(_ message: String, at node: NodeRef?) -> CatalogError {
            CatalogError(id: id, position: node?.position, message: message)
        }
        let root = try CatalogYAML.root(id: id, text: text)
        guard let examples = root["examples"], examples.isMapping else {
            throw fail("'examples' is missing", at: root["examples"])
        }
        if let unknown = examples.keys.first(where: { $0 != "triggering" && $0 != "non-triggering" }) {
            throw fail("unknown key 'examples.\(unknown)'", at: examples.keyNode(unknown))
        }
        let triggering = try CatalogYAML.list(examples["triggering"], "examples.triggering", id: id)
        let nonTriggering = try CatalogYAML.list(examples["non-triggering"], "examples.non-triggering", id: id)
        guard !triggering.isEmpty, !nonTriggering.isEmpty else {
            throw fail("each rule needs at least one triggering and one non-triggering example", at: examples)
        }
        let triggeringNodes = examples["triggering"].map { $0.isSequence ? $0.items : [$0] } ?? []
        for example in triggeringNodes {
            let text = example.scalar ?? ""
            guard !text.contains(marker), !text.split(separator: "\n").contains(where: { caretColumn($0) != nil })
            else { continue }
            throw fail(
                "a triggering example has no line marked '\(marker)' and no caret line '# \(caret)'", at: example)
        }
        return RuleExamples(triggering: triggering, nonTriggering: nonTriggering)
    }

    /// The 1-based column of the caret when `line` is a caret line: spaces, `#`, spaces, one `^`, and at most the
    /// preset tag.
    public static func caretColumn(_ line: Substring) -> Int? {
        let scalars = Array(line.unicodeScalars)
        guard let hash = scalars.firstIndex(where: { $0 != " " }), scalars[hash] == "#",
            let caretIndex = scalars[(hash + 1)...].firstIndex(where: { $0 != " " }), scalars[caretIndex] == caret
        else { return nil }
        let rest = String(String.UnicodeScalarView(scalars[(caretIndex + 1)...].filter { $0 != " " }))
        return rest.isEmpty || rest == allPresetTag ? caretIndex + 1 : nil
    }
}

/// A catalog file that does not have the required shape.
public struct CatalogError: Error, CustomStringConvertible, Sendable {
    public let id: RuleID
    /// Where in `rules/<id>.yaml`; nil when the mistake is about the file as a whole.
    public let position: Position?
    public let message: String

    public init(id: RuleID, position: Position? = nil, message: String) {
        self.id = id
        self.position = position
        self.message = message
    }

    /// `rules/<id>.yaml:LINE:COL: error: MESSAGE`, the form compilers and editors understand.
    public var description: String {
        LoadError(path: "rules/\(id).yaml", position: position, message: message).description
    }
}

/// Reading catalog YAML: the top-level mapping and string lists.
enum CatalogYAML {
    static func root(id: RuleID, text: String) throws(CatalogError) -> NodeRef {
        let file: SourceFile
        do {
            file = try YAMLLoader.parse(Array(text.utf8), path: "rules/\(id).yaml")
        } catch {
            throw CatalogError(id: id, position: error.position, message: error.message)
        }
        guard let rootNode = file.root, file.isMapping(rootNode) else {
            throw CatalogError(id: id, message: "the top level must be a mapping")
        }
        if let (_, duplicate) = file.duplicateKeys.first {
            throw CatalogError(
                id: id, position: file.position(duplicate), message: "'\(file.string(duplicate))' is given twice")
        }
        return NodeRef(file, rootNode)
    }

    static func list(_ node: NodeRef?, _ key: String, id: RuleID) throws(CatalogError) -> [String] {
        guard let node else { throw CatalogError(id: id, message: "'\(key)' is missing") }
        if let single = node.scalar { return [single] }
        guard node.isSequence else {
            throw CatalogError(
                id: id, position: node.position, message: "'\(key)' must be a string or a list of strings")
        }
        return node.items.compactMap(\.scalar)
    }
}

extension RuleDescription {
    /// The values `recommended` takes.
    static let recommendedValues = ["true": true, "false": false]

    /// Reads a catalog entry's documentation; every field is required and checked (`examples` is read by
    /// `RuleExamples`).
    public static func parse(id: RuleID, text: String) throws(CatalogError) -> RuleDescription {
        let root = try CatalogYAML.root(id: id, text: text)
        /// The mistake, at the value of `key` (or the key itself, or the file when neither is there).
        func fail(_ message: String, at key: String) -> CatalogError {
            CatalogError(id: id, position: (root[key] ?? root.keyNode(key))?.position, message: message)
        }
        let known: Set<String> = [
            "id", "title", "summary", "severity", "security-severity", "category", "owasp", "cwe", "precision",
            "rationale", "remediation", "references", "recommended", "recommended-reason", "absence", "examples",
        ]
        if let unknown = root.keys.first(where: { !known.contains($0) }) {
            throw fail("unknown key '\(unknown)'", at: unknown)
        }
        func field(_ key: String) throws(CatalogError) -> String {
            guard let value = root[key]?.scalar, !value.isEmpty else {
                throw fail("'\(key)' must be a non-empty string", at: key)
            }
            return value
        }
        func list(_ node: NodeRef?, _ key: String) throws(CatalogError) -> [String] {
            try CatalogYAML.list(node, key, id: id)
        }
        guard try field("id") == id.rawValue else { throw fail("'id' must be '\(id)', the file's name", at: "id") }
        guard let severity = Severity(rawValue: try field("severity")) else {
            throw fail("'severity' must be error, warning or note", at: "severity")
        }
        guard let category = RuleCategory(rawValue: try field("category")) else {
            throw fail(
                "'category' must be one of \(RuleCategory.allCases.map(\.rawValue).joined(separator: ", "))",
                at: "category")
        }
        guard let score = root["security-severity"]?.number, (0...10).contains(score) else {
            throw fail("'security-severity' must be a number from 0.0 to 10.0", at: "security-severity")
        }
        guard severity.admits(securitySeverity: score) else {
            throw fail(
                "'security-severity' \(score) does not agree with severity \(severity.rawValue): errors take 7.0–10.0, warnings 4.0–6.9, notes 0.0–3.9",
                at: "security-severity")
        }
        guard let precision = RulePrecision(rawValue: try field("precision")) else {
            throw fail("'precision' must be very-high, high, medium or low", at: "precision")
        }
        let owasp = try list(root["owasp"], "owasp")
        guard owasp.allSatisfy({ $0.hasPrefix("API") && $0.hasSuffix(":2023") }) else {
            throw fail("'owasp' entries look like API2:2023", at: "owasp")
        }
        let cwe = try list(root["cwe"], "cwe")
        guard cwe.allSatisfy({ $0.hasPrefix("CWE-") && Int($0.dropFirst(4)) != nil }) else {
            throw fail("'cwe' entries look like CWE-319", at: "cwe")
        }
        guard let recommended = root["recommended"]?.scalar.flatMap({ recommendedValues[$0] }) else {
            throw fail(
                "'recommended' must be true (on by default) or false (only with the `all` preset)", at: "recommended")
        }
        guard let reason = root["recommended-reason"]?.scalar, !reason.isEmpty else {
            throw fail(
                "needs a 'recommended-reason:' saying why the rule is, or is not, on by default",
                at: "recommended-reason")
        }
        return RuleDescription(
            id: id, title: try field("title"), summary: try field("summary"), severity: severity,
            securitySeverity: score, category: category, owasp: owasp, cwe: cwe, precision: precision,
            rationale: try field("rationale"), remediation: try field("remediation"),
            references: try list(root["references"], "references"), recommended: recommended,
            recommendedReason: reason,
            absence: root["absence"] == nil ? nil : try field("absence"))
    }
}
