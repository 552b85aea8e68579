import Platform

/// Recognises literals shaped like live credentials — cloud and vendor keys, private keys, passwords in URLs —
/// and tells them from placeholders and vendors' documented examples.
public enum CredentialShapes {
    /// A credential found in a text. Its `redacted` form is the only one fit for output.
    public struct Found: Sendable {
        /// What it is, for messages: `an AWS access key id`.
        public let kind: String
        /// The first four characters, enough to recognise it without revealing it.
        public let prefix: String
        public let length: Int

        /// The kind, the first four characters and the length: never the credential itself.
        public var redacted: String { "\(kind) (`\(prefix)…`, \(length) characters)" }
    }

    /// A token recognised by its prefix, followed by a body of known characters and length.
    struct PrefixedToken: Sendable {
        let prefixes: [String]
        let kind: String
        let body: BodyCharacters
        let lengths: ClosedRange<Int>
        /// GitHub's format: the last six characters are the base-62 CRC-32 of the rest.
        var checksummed = false
    }

    /// The characters a token's body is made of.
    enum BodyCharacters: Sendable {
        case upperAndDigits, alphanumeric, alphanumericAnd(String)

        func contains(_ byte: UInt8) -> Bool {
            switch self {
            case .upperAndDigits: isUpperOrDigit(byte)
            case .alphanumeric: isAlphanumeric(byte)
            case .alphanumericAnd(let extra): isAlphanumeric(byte) || extra.utf8.contains(byte)
            }
        }
    }

    static func isUpperOrDigit(_ byte: UInt8) -> Bool { (0x41...0x5A).contains(byte) || (0x30...0x39).contains(byte) }
    static func isAlphanumeric(_ byte: UInt8) -> Bool {
        isUpperOrDigit(byte) || (0x61...0x7A).contains(byte)
    }

    static let tokens: [PrefixedToken] = [
        PrefixedToken(
            prefixes: ["AKIA", "ASIA"], kind: "an AWS access key id", body: .upperAndDigits, lengths: 16...16),
        PrefixedToken(
            prefixes: ["ghp_", "gho_", "ghu_", "ghs_", "ghr_"], kind: "a GitHub token", body: .alphanumeric,
            lengths: 36...36, checksummed: true),
        PrefixedToken(
            prefixes: ["github_pat_"], kind: "a GitHub token", body: .alphanumericAnd("_"),
            lengths: 22...255),
        PrefixedToken(
            prefixes: ["xoxa-", "xoxb-", "xoxp-", "xoxr-", "xoxs-"], kind: "a Slack token",
            body: .alphanumericAnd("-"), lengths: 20...255),
        PrefixedToken(
            prefixes: ["sk_live_", "rk_live_"], kind: "a Stripe live key", body: .alphanumeric, lengths: 16...255),
        PrefixedToken(
            prefixes: ["AIza"], kind: "a Google API key", body: .alphanumericAnd("-_"), lengths: 35...35),
    ]

    /// Words that mark a value as a stand-in (`AKIAIOSFODNN7EXAMPLE`, `sk_live_your_key_here`).
    static let placeholderWords = [
        "example", "xxxx", "your", "sample", "dummy", "fake", "placeholder", "redacted", "changeme", "test", "here",
        "token", "secret", "password",
    ]

    static let placeholderWordBytes = placeholderWords.map { Array($0.utf8) }

    /// Credentials that vendors publish in their own documentation as examples.
    static let documentedExamples: Set<String> = [
        "xoxb-17653672481-19874698323-pdFZKVeTuE8sk7oOcBrzbqgy"
    ]

    /// Passwords in URLs that are the word for a password, not one.
    static let placeholderPasswords: Set<String> = [
        "password", "pass", "passwd", "pwd", "pw", "secret", "token", "key", "apikey", "api_key", "changeme", "x",
    ]

    /// The first credential-shaped literal in `text`, if any.
    public static func find(in text: String) -> Found? {
        var text = text
        return text.withUTF8 { find(in: $0) }
    }

    /// The first credential-shaped literal in the UTF-8 `bytes`, if any: the first token of the first kind in
    /// `tokens` order (prefixes in their order), else a private key, else a password in a URL.
    public static func find(in bytes: UnsafeBufferPointer<UInt8>) -> Found? {
        // Most text holds nothing of the kind: one pass over its bytes rules it out before any search.
        guard mayHoldCredential(bytes) else { return nil }
        // One pass over the bytes stops only where a prefix may start; the first acceptable token of each prefix is
        // the one its own search would find, and the earliest prefix in `tokens` order wins.
        var best: (rank: Int, start: Int, end: Int)?
        // Read once: the search stops at every start of a prefix's pair, and text such as `github` has many.
        let prefixes = prefixesByRank
        _ = prefixStarts.first(in: bytes) { index in
            for rank in prefixes.indices
            where rank < best?.rank ?? .max && holds(prefixes[rank].bytes, at: index, in: bytes) {
                if let end = tokenEnd(prefixes[rank], at: index, in: bytes) { best = (rank, index, end) }
            }
            // No prefix ranks before the first.
            return best?.rank == 0
        }
        if let best {
            let candidate = prefixes[best.rank]
            return Found(
                kind: candidate.token.kind, prefix: String(decoding: candidate.bytes.prefix(4), as: UTF8.self),
                length: best.end - best.start)
        }
        // A byte search first: the `String` search for a PEM header is slow, and most text has none.
        let mayHoldPrivateKey = contains(pemHeader, in: bytes)
        if mayHoldPrivateKey, let found = privateKey(in: String(decoding: bytes, as: UTF8.self)) { return found }
        return contains(urlSeparator, in: bytes) ? passwordInURL(in: bytes) : nil
    }

    /// One prefix of one token, ranked by the order in which `find` prefers them.
    struct RankedPrefix: Sendable {
        let rank: Int
        let token: PrefixedToken
        let bytes: [UInt8]
    }

    static let prefixesByRank: [RankedPrefix] = tokens.flatMap { token in token.prefixes.map { (token, $0) } }
        .enumerated().map { RankedPrefix(rank: $0.offset, token: $0.element.0, bytes: Array($0.element.1.utf8)) }

    /// Where a token's prefix may start: each holds an `A` (`AKIA`, `AIza`), a `_` (`ghp_`, `sk_live_`) or a `-`
    /// (`xoxb-`).
    static let prefixStarts = StringStarts(prefixesByRank.map(\.bytes), anchors: Array("A_-".utf8))

    /// Whether `prefix` occurs in `bytes` at `index`.
    static func holds(_ prefix: [UInt8], at index: Int, in bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard index + prefix.count <= bytes.count else { return false }
        // Compared byte by byte: most candidates differ in their first or second byte.
        for offset in prefix.indices where bytes[index + offset] != prefix[offset] { return false }
        return true
    }

    /// Where the token whose prefix is `candidate`'s, at `index`, ends, if it is an acceptable credential there.
    static func tokenEnd(_ candidate: RankedPrefix, at index: Int, in bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        let prefix = candidate.bytes
        let token = candidate.token
        if index > 0, isAlphanumeric(bytes[index - 1]) { return nil }
        var end = index + prefix.count
        while end < bytes.count, token.body.contains(bytes[end]) { end += 1 }
        let body = Array(bytes[(index + prefix.count)..<end])
        // A fixed-length token must not run on into more letters or digits.
        guard token.lengths.contains(body.count), !isPlaceholder(body) else { return nil }
        if token.lengths.count == 1, end < bytes.count, isAlphanumeric(bytes[end]) { return nil }
        if token.checksummed, !hasValidChecksum(body) { return nil }
        if documentedExamples.contains(String(decoding: bytes[index..<end], as: UTF8.self)) { return nil }
        return end
    }

    /// The starts of every shape recognised here, taken from the shapes themselves so none can be missed: each
    /// token's prefix, the PEM header and a URL's `://`.
    static let triggers: [[UInt8]] = prefixesByRank.map(\.bytes) + [pemHeader, urlSeparator]

    /// Where a trigger may start: each holds an anchor of a token's prefix, or a `-` (the PEM header) or a `:` (`://`).
    static let triggerStarts = StringStarts(triggers, anchors: Array("A_-:".utf8))

    /// Whether `bytes` contains one of the `triggers`: one pass that rules most text out before any search.
    public static func mayHoldCredential(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let triggers = triggers
        return triggerStarts.first(in: bytes) { index in triggers.contains { holds($0, at: index, in: bytes) } }
    }

    /// Whether `bytes` contains `needle`.
    static func contains(_ needle: [UInt8], in bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        firstIndex(of: needle, in: bytes, from: 0) != nil
    }

    static let pemHeader = Array("-----BEGIN ".utf8)

    /// A PEM private key block with a body of real key material.
    static func privateKey(in text: String) -> Found? {
        guard let begin = text.firstRange(of: "-----BEGIN "),
            let header = text[begin.upperBound...].firstRange(of: "-----")
        else { return nil }
        let label = text[begin.upperBound..<header.lowerBound]
        guard label.hasSuffix("PRIVATE KEY"), !label.contains("\n") else { return nil }
        let rest = text[header.upperBound...]
        let body = rest.firstRange(of: "-----END").map { rest[..<$0.lowerBound] } ?? rest
        let material = Array(
            body.utf8.filter { isAlphanumeric($0) || $0 == UInt8(ascii: "+") || $0 == UInt8(ascii: "/") })
        guard material.count >= 64, !isPlaceholder(material), !body.contains("...") else { return nil }
        return Found(kind: "a PEM private key", prefix: "----", length: text.utf8.count)
    }

    static let urlSeparator = Array("://".utf8)
    /// Bytes that end a URL's authority, marked in a table by byte value (a table, not a `Set`: it is read at
    /// every byte of every authority).
    static let authorityStops = byteTable("/?# \t\r\n\"'<>()[]`")
    /// Bytes of template syntax, which mark a password as a stand-in.
    static let templateMarkers = byteTable("{}$%*<>")

    /// A table of 256 entries, true at the UTF-8 bytes of `characters`.
    static func byteTable(_ characters: String) -> [Bool] {
        var table = [Bool](repeating: false, count: 256)
        for byte in characters.utf8 { table[Int(byte)] = true }
        return table
    }

    /// A URL whose userinfo carries a password: `https://user:secret@host`.
    static func passwordInURL(in bytes: UnsafeBufferPointer<UInt8>) -> Found? {
        var start = 0
        let (separator, authorityStops, templateMarkers) = (urlSeparator, authorityStops, templateMarkers)
        while let index = firstIndex(of: separator, in: bytes, from: start) {
            start = index + 1
            var schemeStart = index
            while schemeStart > 0, isAlphanumeric(bytes[schemeStart - 1]) || bytes[schemeStart - 1] == UInt8(ascii: "+")
            {
                schemeStart -= 1
            }
            guard schemeStart < index else { continue }
            var end = index + separator.count
            var holdsAt = false
            while end < bytes.count, !authorityStops[Int(bytes[end])] {
                holdsAt = holdsAt || bytes[end] == UInt8(ascii: "@")
                end += 1
            }
            // Most URLs carry no user information: only an authority with an `@` is copied and read further.
            guard holdsAt else { continue }
            let authority = Array(bytes[(index + separator.count)..<end])
            guard let at = authority.lastIndex(of: UInt8(ascii: "@")), at + 1 < authority.count,
                let colon = authority[..<at].firstIndex(of: UInt8(ascii: ":"))
            else { continue }
            let password = Array(authority[(colon + 1)..<at])
            let text = String(decoding: password, as: UTF8.self).lowercased()
            guard !password.isEmpty, !placeholderPasswords.contains(text),
                !password.contains(where: { templateMarkers[Int($0)] }),
                !isPlaceholder(password)
            else { continue }
            return Found(
                kind: "a password in a URL",
                prefix: String(decoding: bytes[schemeStart..<(schemeStart + 4)], as: UTF8.self),
                length: end - schemeStart)
        }
        return nil
    }

    /// Whether a credential's body is a stand-in: a placeholder word, a character repeated four times in a row,
    /// six characters in sequence (`123456`, `abcdef`), or fewer than five distinct characters.
    static func isPlaceholder(_ body: [UInt8]) -> Bool {
        if body.allSatisfy({ $0 < 0x80 }) {
            // ASCII lowercases byte for byte to ASCII, and no word holds a line break (`\r\n` is one character): a
            // word among the bytes in any ASCII case is one among the lowercased characters.
            let found = body.withUnsafeBufferPointer { body in
                placeholderWordBytes.contains { ActiveContent.containsIgnoringASCIICase($0, in: body) }
            }
            if found { return true }
        } else {
            let text = String(decoding: body, as: UTF8.self).lowercased()
            if placeholderWords.contains(where: text.contains) { return true }
        }
        if Set(body.map { $0 | 0x20 }).count < 5 { return true }
        var run = 1
        var ascending = 1
        for index in body.indices.dropFirst() {
            let (previous, current) = (body[index - 1] | 0x20, body[index] | 0x20)
            run = current == previous ? run + 1 : 1
            ascending = current == previous &+ 1 ? ascending + 1 : 1
            if run >= 4 || ascending >= 6 { return true }
        }
        return false
    }

    /// The digits of base 62, in the order GitHub's token checksums use.
    static let base62Digits = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".utf8)

    /// Whether the last six characters of a GitHub token body are the base-62 CRC-32 of the others: documentation
    /// examples (`ghp_16C7e42F292c6912E7710c838347Ae178B4a`) fail it, real tokens pass.
    static func hasValidChecksum(_ body: [UInt8]) -> Bool {
        guard body.count > 6 else { return false }
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in body.dropLast(6) {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
        }
        crc ^= 0xFFFF_FFFF
        var value: UInt64 = 0
        for byte in body.suffix(6) {
            guard let digit = base62Digits.firstIndex(of: byte) else { return false }
            value = value * 62 + UInt64(digit)
        }
        return value == UInt64(crc)
    }

    /// Where `needle` first occurs in `haystack` at or after `start`.
    static func firstIndex(of needle: [UInt8], in haystack: UnsafeBufferPointer<UInt8>, from start: Int) -> Int? {
        guard !needle.isEmpty, haystack.count >= needle.count, start <= haystack.count - needle.count else {
            return nil
        }
        let lastStart = haystack.count - needle.count
        var from = start
        // The first byte is found eight bytes at a time.
        while let index = ByteWord.firstIndex(of: needle[0], in: haystack, from: from), index <= lastStart {
            if UnsafeBufferPointer(rebasing: haystack[index..<(index + needle.count)]).elementsEqual(needle) {
                return index
            }
            from = index + 1
        }
        return nil
    }
}
