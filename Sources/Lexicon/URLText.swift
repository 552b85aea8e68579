import Platform

/// Just enough URL parsing for security rules: scheme and host, without Foundation.
public struct URLText: Sendable {
    /// Lowercased scheme, nil for relative URLs.
    public let scheme: String?
    /// Lowercased host without port or brackets; empty when the URL has none.
    public let host: String

    public init(_ text: String) {
        let trimmed = text.trimmingSpaces
        if let range = trimmed.firstRange(ofCharacters: "://") {
            scheme = trimmed[..<range.lowerBound].lowercased()
            let rest = trimmed[range.upperBound...]
            let authority = rest.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
            let hostPort = authority.split(separator: "@").last.map(String.init) ?? ""
            if hostPort.hasPrefix("[") {
                host = String(hostPort.dropFirst().prefix { $0 != "]" }).lowercased()
            } else {
                host = String(hostPort.prefix { $0 != ":" }).lowercased()
            }
        } else {
            scheme = nil
            host = ""
        }
    }

    /// Whether the host only reaches this machine: `localhost`, `127.0.0.0/8`, `::1`.
    public var isLoopback: Bool {
        if host == "localhost" || host.hasSuffix(".localhost") || host == "::1" { return true }
        let octets = host.split(separator: ".", omittingEmptySubsequences: false)
        return octets.count == 4 && octets[0] == "127" && octets.allSatisfy { UInt8($0) != nil }
    }

    /// Whether the URL uses an unencrypted scheme (`http` or `ws`).
    public var isPlainText: Bool { scheme == "http" || scheme == "ws" }
}

extension String {
    /// The string without leading and trailing spaces, tabs and line breaks.
    public var trimmingSpaces: String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
        guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else {
            return ""
        }
        return String(self[first...last])
    }
}
