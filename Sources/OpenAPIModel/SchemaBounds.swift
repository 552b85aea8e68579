extension Schema {
    /// `enum` or `const`: the value is one of a fixed set.
    public var isEnumerated: Bool { hasEnum || hasConst }

    /// `minimum`, or a numeric (3.1) `exclusiveMinimum`.
    public var hasLowerBound: Bool { minimum != nil || exclusiveMinimum != nil }

    /// `maximum`, or a numeric (3.1) `exclusiveMaximum`.
    public var hasUpperBound: Bool { maximum != nil || exclusiveMaximum != nil }

    /// The text of `example` (see `example`).
    public var exampleText: String? { example?.string }
}
