/// The kinds of sensitive data the inventory reports and the diff watches, ordered from most to least sensitive.
///
/// Classification reads field and parameter names with `SensitiveNames`, the knowledge the data-exposure rules use,
/// so the inventory, the diff and the rules agree on what a `password`, a `card_number` or an `email` is.
public enum DataClass: String, Sendable, CaseIterable, Comparable {
    /// Passwords, PINs, tokens, keys and client secrets: whatever authenticates someone.
    case credentials
    /// Card numbers, card verification codes and bank account numbers.
    case financial
    /// What identifies a person: e-mail, phone, date of birth, postal address, social security and passport numbers.
    case personal

    /// `credentials`, `financial data`, `personal data`.
    public var label: String {
        switch self {
        case .credentials: "credentials"
        case .financial: "financial data"
        case .personal: "personal data"
        }
    }

    /// `credentials`, `financial`, `personal`: the short form for tables.
    public var shortLabel: String { rawValue }

    private var rank: Int {
        switch self {
        case .credentials: 0
        case .financial: 1
        case .personal: 2
        }
    }

    public static func < (lhs: DataClass, rhs: DataClass) -> Bool { lhs.rank < rhs.rank }

    /// `SensitiveNames` terms that are financial data.
    static let financialTerms: Set<String> = ["card_number", "cvv", "iban"]
    /// `SensitiveNames` secret terms of the personal kind that still authenticate someone.
    static let credentialTerms: Set<String> = ["password", "pin"]

    /// What a field or parameter named `name` holds, if it is sensitive: the class and the term it matched.
    public static func classify(_ name: String) -> (dataClass: DataClass, match: SensitiveNames.Match)? {
        if let (match, kind) = SensitiveNames.secret(name) {
            if financialTerms.contains(match.term) { return (.financial, match) }
            if kind == .credential || credentialTerms.contains(match.term) { return (.credentials, match) }
            return (.personal, match)
        }
        if let match = SensitiveNames.personalData(name) {
            return (financialTerms.contains(match.term) ? .financial : .personal, match)
        }
        return nil
    }
}
