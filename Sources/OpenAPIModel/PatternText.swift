/// What a regular expression says about the strings it accepts, without compiling it.
public enum PatternText {
    /// Whether the pattern is anchored at both ends with no unbounded repetition (`*`, `+`, `{n,}`) and no
    /// top-level alternation, so every match has a bounded length: `^[0-9]{4}$`, `^\d{0,18}(\.\d{0,2})?$`.
    public static func boundsLength(_ pattern: String) -> Bool {
        let characters = Array(pattern)
        guard characters.first == "^", characters.count >= 2, characters.last == "$",
            characters[characters.count - 2] != "\\"
        else { return false }
        var index = 1
        var depth = 0
        var inClass = false
        while index < characters.count - 1 {
            let character = characters[index]
            if character == "\\" {
                index += 2
                continue
            }
            if inClass {
                if character == "]" { inClass = false }
            } else {
                switch character {
                case "[": inClass = true
                case "(": depth += 1
                case ")": depth -= 1
                case "*", "+": return false
                case "|" where depth == 0: return false
                case "{":
                    guard let close = characters[index...].firstIndex(of: "}") else { return false }
                    if characters[index..<close].contains(",") && characters[close - 1] == "," {
                        return false
                    }
                    index = close
                default: break
                }
            }
            index += 1
        }
        return true
    }

    /// Whether the pattern pins where a URL may lead: anchored with `^` and starting with a web scheme and a literal
    /// host (`^https://hooks\.example\.com/`), with a path on the same site (`^/[a-z]`, not `^//`), or with a literal
    /// that is no web URL at all (`^pkg:`, `^urn:`).
    public static func restrictsURL(_ pattern: String) -> Bool {
        guard pattern.first == "^" else { return false }
        let text = pattern.dropFirst().replacing("\\/", with: "/")
        if text.first == "/" {
            let rest = text.dropFirst()
            guard let next = rest.first else { return false }
            if next.isLetter || next.isNumber || rest.hasPrefix("(?!/)") { return true }
            // A character class that cannot start a second slash: `^/[a-z]`, `^/[^/]`.
            guard next == "[", let close = rest.firstIndex(of: "]") else { return false }
            let members = rest[rest.index(after: rest.startIndex)..<close]
            if members.contains("\\") { return false }
            return members.hasPrefix("^") ? members.contains("/") : !members.contains("/")
        }
        let literal = text.prefix { $0.isLetter || $0.isNumber }.lowercased()
        guard !literal.isEmpty else { return false }
        let webSchemes = ["http", "https", "ftp", "ws", "wss", "file", "gopher"]
        guard webSchemes.contains(where: { $0.hasPrefix(literal) || literal.hasPrefix($0) }) else {
            return true
        }
        guard let range = text.firstRange(of: "://") else { return false }
        let scheme = text[..<range.lowerBound]
        guard scheme.allSatisfy({ $0.isLetter || "()|?".contains($0) }) else { return false }
        var host = text[range.upperBound...]
        if host.first == "(" { host = host.dropFirst() }
        guard let first = host.first else { return false }
        return first.isLetter || first.isNumber
    }
}
