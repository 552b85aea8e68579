import Lexicon
import OpenAPIModel

/// The deployment a server belongs to, when its `x-environment` or description names one.
public enum ServerEnvironment: String, Sendable, CaseIterable {
    case production, staging, sandbox, test, development

    /// Words that name each environment, matched as whole words of `x-environment` or the description.
    static let words: [(ServerEnvironment, Set<String>)] = [
        (.production, ["production", "prod", "live"]),
        (.staging, ["staging", "stage", "preprod", "preproduction"]),
        (.sandbox, ["sandbox"]),
        (.test, ["test", "testing", "qa", "uat"]),
        (.development, ["development", "dev", "local", "localhost"]),
    ]

    /// The environment `x-environment` names, else the first one the description names (`Sandbox with synthetic data`).
    public static func of(_ server: Server) -> ServerEnvironment? {
        for text in [server.environment, server.description].compactMap({ $0 }) {
            var found = Set(NameWords.split(text))
            // `pre-production` and `pre-prod` are staging.
            if found.contains("pre") && (found.contains("prod") || found.contains("production")) {
                found.subtract(["prod", "production"])
                found.insert("preprod")
            }
            if let (environment, _) = words.first(where: { !$0.1.isDisjoint(with: found) }) { return environment }
        }
        return nil
    }
}
