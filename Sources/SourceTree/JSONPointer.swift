/// RFC 6901 JSON pointers: encoding tokens and walking a tree.
public enum JSONPointer {
    /// `["paths", "/pets"]` → `/paths/~1pets`.
    public static func encode(_ tokens: [String]) -> String {
        var result = ""
        for token in tokens {
            result += "/"
            result += escape(token)
        }
        return result
    }

    /// Escapes one token: `~` → `~0`, `/` → `~1`.
    public static func escape(_ token: String) -> String {
        guard token.contains("~") || token.contains("/") else { return token }
        return token.replacingOccurrences(of: "~", with: "~0").replacingOccurrences(of: "/", with: "~1")
    }

    /// Splits a pointer into unescaped tokens; nil when it does not start with `/` (the empty pointer is `[]`).
    public static func decode(_ pointer: String) -> [String]? {
        if pointer.isEmpty { return [] }
        guard pointer.hasPrefix("/") else { return nil }
        return pointer.dropFirst().split(separator: "/", omittingEmptySubsequences: false).map {
            String($0).replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~")
        }
    }
}

extension String {
    /// Replaces every occurrence of `target` by `replacement` (a small stand-in for Foundation's method).
    func replacingOccurrences(of target: String, with replacement: String) -> String {
        guard !target.isEmpty else { return self }
        var result = ""
        var rest = self[...]
        while let range = rest.firstRange(of: target) {
            result += rest[..<range.lowerBound]
            result += replacement
            rest = rest[range.upperBound...]
        }
        result += rest
        return result
    }
}

extension SourceFile {
    /// The node a list of tokens leads to from `start` (the root by default).
    public func resolve(tokens: [String], from start: NodeID? = nil) -> NodeID? {
        guard var current = start ?? root else { return nil }
        for token in tokens {
            switch kind(current) {
            case .mapping:
                guard let next = value(current, token) else { return nil }
                current = next
            case .sequence:
                guard let index = Int(token), index >= 0, index < count(current) else { return nil }
                current = items(current)[index]
            case .scalar:
                return nil
            }
        }
        return current
    }
}
