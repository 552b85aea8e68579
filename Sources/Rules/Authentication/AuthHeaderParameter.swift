import Lexicon
import OpenAPIModel
import RuleEngine

/// Flags credentials declared as ordinary header or cookie parameters instead of as a security scheme.
struct AuthHeaderParameter: Rule {
    func check(_ context: RuleContext) {
        let api = context.api
        for operation in api.operations {
            for parameter in operation.parameters where parameter.location == .header || parameter.location == .cookie {
                guard
                    let credential = CredentialHeaders.credential(
                        named: parameter.name, in: parameter.location.description),
                    !Self.isDeclared(parameter, by: operation, in: api)
                else { continue }
                context.report(
                    parameter.node,
                    "\(parameter.location) parameter '\(parameter.name)' of \(operation.displayName) carries \(credential.description) as an ordinary parameter; declare \(credential.scheme) instead, so that gateways, clients and reviewers see the operation authenticates"
                )
            }
        }
    }

    /// Whether a security scheme the operation uses already sends this credential, making the parameter mere
    /// documentation: an API key scheme of the same name and place, or (for `Authorization`) any HTTP, OAuth 2.0 or
    /// OpenID Connect scheme.
    static func isDeclared(_ parameter: Parameter, by operation: Operation, in api: APIModel) -> Bool {
        let schemes = operation.effectiveSecurity.flatMap(\.entries).compactMap {
            api.securityScheme(named: $0.schemeName)
        }
        return schemes.contains { scheme in
            switch scheme.type {
            case .apiKey:
                return scheme.apiKeyLocation?.parameterLocation == parameter.location
                    && scheme.apiKeyName?.lowercased() == parameter.name.lowercased()
                    || parameter.location == .header && parameter.name.lowercased() == "cookie"
                        && scheme.apiKeyLocation == .cookie
            case .http, .oauth2, .openIdConnect:
                return parameter.name.lowercased() == "authorization"
            default:
                return false
            }
        }
    }
}
