/// Finds one string among the characters of another with the standard library's core alone. The
/// `_StringProcessing` versions (`firstRange(of:)`, `contains(_:)`, `replacing(_:with:)`) sit in one large block of
/// code that the linker cannot take apart, so a run that calls them maps pages of it that nothing else uses
/// (see scripts/startup-order).
extension StringProtocol {
    /// The range of the first occurrence of `needle`, compared character by character as `firstRange(of:)` does;
    /// an empty `needle` is found at the start.
    public func firstRange(ofCharacters needle: some StringProtocol) -> Range<Index>? {
        var start = startIndex
        while true {
            if self[start...].starts(with: needle) { return start..<index(start, offsetBy: needle.count) }
            guard start != endIndex else { return nil }
            start = index(after: start)
        }
    }

    /// Whether `needle` occurs among the characters, as `firstRange(of:)` finds it (`contains(_:)` also finds a line
    /// feed inside a CR LF, which is one character).
    public func containsCharacters(_ needle: some StringProtocol) -> Bool { firstRange(ofCharacters: needle) != nil }

    /// The text with every occurrence of `needle` replaced by `replacement`, from the start and without overlaps, as
    /// `replacing(_:with:)` does; an empty `needle` replaces nothing.
    public func replacingCharacters(_ needle: some StringProtocol, with replacement: some StringProtocol) -> String {
        guard !needle.isEmpty else { return String(self) }
        var result = ""
        var rest = self[...]
        while let found = rest.firstRange(ofCharacters: needle) {
            result += rest[..<found.lowerBound]
            result += replacement
            rest = rest[found.upperBound...]
        }
        return result + rest
    }
}
