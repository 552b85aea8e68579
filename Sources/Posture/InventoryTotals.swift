/// The inventory's totals, for one document or summed over several.
///
/// Webhooks are counted as operations, but not as unauthenticated or unthrottled: their `security` describes how
/// subscribers are called, not who may call the API.
public struct InventoryTotals: Sendable, Equatable {
    /// Operations, webhooks included.
    public var operations = 0
    public var webhooks = 0
    /// Operations a caller can reach without credentials (no security, or an empty alternative).
    public var unauthenticated = 0
    /// Unauthenticated operations that receive or return credentials, personal or financial data.
    public var sensitiveUnauthenticated = 0
    /// Operations declaring no `429`, rate-limit header or rate-limit extension.
    public var withoutRateLimit = 0
    public var deprecated = 0

    public init() {}

    /// The totals of `rows`.
    public init(rows: [InventoryRow]) {
        for row in rows {
            operations += 1
            if row.deprecated { deprecated += 1 }
            if row.isWebhook {
                webhooks += 1
                continue
            }
            if row.allowsAnonymous {
                unauthenticated += 1
                if row.handlesSensitiveData { sensitiveUnauthenticated += 1 }
            }
            if !row.rateLimit.isDeclared { withoutRateLimit += 1 }
        }
    }

    public static func + (lhs: InventoryTotals, rhs: InventoryTotals) -> InventoryTotals {
        var sum = lhs
        sum.operations += rhs.operations
        sum.webhooks += rhs.webhooks
        sum.unauthenticated += rhs.unauthenticated
        sum.sensitiveUnauthenticated += rhs.sensitiveUnauthenticated
        sum.withoutRateLimit += rhs.withoutRateLimit
        sum.deprecated += rhs.deprecated
        return sum
    }
}
