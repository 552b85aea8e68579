import OpenAPIModel
import RuleEngine

extension Policy {
    /// The security-severity a policy's findings weigh in the score and in code scanning, by severity.
    public static let securitySeverity: [Severity: Double] = [.error: 7.0, .warning: 5.0, .note: 2.0]

    /// The policy's catalog entry: `oasguard rules`, SARIF rule metadata and the score read it.
    public var ruleDescription: RuleDescription {
        RuleDescription(
            id: ruleID, title: message ?? "Organisation policy \(id)", summary: summary, severity: severity,
            securitySeverity: Self.securitySeverity[severity] ?? 0, category: .policy, owasp: [], cwe: [],
            precision: .high,
            rationale: "An organisation policy, defined at \(source). It states what this organisation requires of "
                + "its APIs; oasguard checks it on the typed model (effective security after inheritance, servers, "
                + "responses and scopes, through `$ref`s).",
            remediation: "Change the API so that it meets the policy, or excuse a deliberate exception where it "
                + "occurs with `x-oasguard-ignore: {\(ruleID): REASON}`.",
            references: [], recommended: true,
            recommendedReason: "An organisation policy, written in the configuration: on in every preset.")
    }

    /// One sentence: which operations must satisfy what, and what the document must satisfy.
    public var summary: String {
        var sentences: [String] = []
        if let requirements = operationRequirements {
            sentences.append("\(selector?.summary ?? "Every operation") must \(requirements.summary).")
        }
        if let document = documentRequirements { sentences.append("The document must \(document.summary).") }
        return sentences.joined(separator: " ")
    }
}

extension OperationSelector {
    /// `Operations under /admin/** (POST, DELETE) tagged internal`.
    var summary: String {
        var text = "Operations"
        if let paths { text += " under " + paths.map(\.description).joined(separator: ", ") }
        if let methods {
            text += " (" + HTTPMethod.allCases.filter(methods.contains).map(\.display).joined(separator: ", ") + ")"
        }
        if let tags { text += " tagged " + tags.sorted().joined(separator: " or ") }
        if let extensions { text += " with " + extensions.map { "\($0.name): \($0.value)" }.joined(separator: ", ") }
        return text
    }
}

extension OperationRequirements {
    var summary: String {
        var parts: [String] = []
        if authenticated { parts.append("require authentication") }
        if let schemes { parts.append("use only schemes of kind " + schemes.map(\.rawValue).joined(separator: ", ")) }
        if let scopes { parts.append("ask for scopes " + scopes.joined(separator: ", ")) }
        if let responses { parts.append("declare responses " + responses.joined(separator: ", ")) }
        if rateLimit { parts.append("declare a rate limit") }
        if let servers { parts.append("be served only from " + servers.map(\.description).joined(separator: ", ")) }
        return parts.joined(separator: "; ")
    }
}

extension DocumentRequirements {
    var summary: String {
        var parts: [String] = []
        if let scopePattern { parts.append("name every scope to match \(scopePattern)") }
        if let servers {
            parts.append("declare only servers matching " + servers.map(\.description).joined(separator: ", "))
        }
        if let schemes {
            parts.append("define only schemes of kind " + schemes.map(\.rawValue).joined(separator: ", "))
        }
        return parts.joined(separator: "; ")
    }
}

extension RuleCatalog {
    /// This catalog with a rule for each policy after the built-in rules.
    public func including(_ policies: [Policy]) -> RuleCatalog {
        adding(policies.map { Entry(description: $0.ruleDescription, rule: PolicyRule($0)) })
    }
}
