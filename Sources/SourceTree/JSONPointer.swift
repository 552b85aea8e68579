/// RFC 6901 JSON pointers: escaping tokens and walking a tree.
public enum JSONPointer {
    /// Appends one token's UTF-8 bytes to a pointer's, escaped: `~` → `~0`, `/` → `~1`.
    static func appendEscaped(_ token: UnsafeBufferPointer<UInt8>, to pointer: inout [UInt8]) {
        for byte in token {
            switch byte {
            case UInt8(ascii: "~"): pointer += [UInt8(ascii: "~"), UInt8(ascii: "0")]
            case UInt8(ascii: "/"): pointer += [UInt8(ascii: "~"), UInt8(ascii: "1")]
            default: pointer.append(byte)
            }
        }
    }

    /// Splits a pointer into unescaped tokens; nil when it does not start with `/` (the empty pointer is `[]`).
    public static func decode(_ pointer: String) -> [String]? {
        if pointer.isEmpty { return [] }
        var pointer = pointer
        return pointer.withUTF8 { bytes -> [String]? in
            guard bytes.first == UInt8(ascii: "/") else { return nil }
            var tokens: [String] = []
            var start = 1
            var index = 1
            var escaped = false
            while index < bytes.count {
                switch bytes[index] {
                case UInt8(ascii: "~"):
                    // The byte after `~` belongs to its escape, even a `/`.
                    escaped = true
                    index += 2
                    continue
                case UInt8(ascii: "/"):
                    tokens.append(token(UnsafeBufferPointer(rebasing: bytes[start..<index]), escaped: escaped))
                    start = index + 1
                    escaped = false
                default:
                    break
                }
                index += 1
            }
            tokens.append(token(UnsafeBufferPointer(rebasing: bytes[start...]), escaped: escaped))
            return tokens
        }
    }

    /// One token's text: `~0` → `~`, `~1` → `/`, any other `~` kept as written.
    private static func token(_ bytes: UnsafeBufferPointer<UInt8>, escaped: Bool) -> String {
        guard escaped else { return String(decoding: bytes, as: UTF8.self) }
        var current: [UInt8] = []
        var escaped = false
        for byte in bytes {
            if escaped {
                escaped = false
                switch byte {
                case UInt8(ascii: "0"): current.append(UInt8(ascii: "~"))
                case UInt8(ascii: "1"): current.append(UInt8(ascii: "/"))
                default: current += [UInt8(ascii: "~"), byte]
                }
            } else if byte == UInt8(ascii: "~") {
                escaped = true
            } else {
                current.append(byte)
            }
        }
        if escaped { current.append(UInt8(ascii: "~")) }
        return String(decoding: current, as: UTF8.self)
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
