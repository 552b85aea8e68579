import Lexicon
import OpenAPIModel

/// What an operation's method, names and path say it is for, read with the lexicon: a write or a query, a credential
/// issuer or sign-in, an endpoint public by decision.
extension Operation {
    /// Whether the operation is a `POST` named like a query (`OperationNames.namesQuery`).
    public var isNamedLikeQuery: Bool {
        method == .post && OperationNames.namesQuery([operationID, summary], path: path)
    }

    /// Whether the operation changes state: `POST`, `PUT`, `PATCH` or `DELETE`, except a `POST` named like a query.
    public var changesState: Bool { method.isWrite && !isNamedLikeQuery }

    /// Whether the operation writes `security: []` itself on a path public by its nature (`POST /oauth/token`,
    /// `GET /health`): a decision to let anyone call it, not an oversight.
    public var isPublicByDecision: Bool {
        !isWebhook && security != nil && effectiveSecurity.isEmpty && SensitiveNames.isPublicByNature(path)
    }
}

extension SensitiveNames {
    /// Whether `operation` issues credentials or signs users in, by its path and, for a `POST` or `PUT`, any segment;
    /// `pathWords`, when given, is its path already split by `fixedSegmentWords`.
    public static func credentialOperation(_ operation: Operation, pathWords: [[String]]? = nil) -> CredentialOperation?
    {
        guard mayNameCredentialOperation(operation.path) else { return nil }
        return credentialOperation(
            segmentWords: pathWords ?? fixedSegmentWords(operation.path),
            isPostOrPut: operation.method == .post || operation.method == .put)
    }
}
