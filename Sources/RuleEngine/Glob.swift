/// Shell-style patterns over `/`-separated text: `*` and `?` stay within one segment, `**` crosses segments.
///
/// Used for file globs (`specs/**/*.yaml`) and JSON-pointer patterns (`/paths/~1internal~1**`).
public struct Glob: Sendable, Equatable, CustomStringConvertible {
    public let pattern: String
    private let tokens: [Token]

    /// A piece of a pattern.
    private enum Token: Equatable {
        case literal(Character)
        case anyCharacter
        case anyInSegment
        case anyAcrossSegments
    }

    public init(_ pattern: String) {
        self.pattern = pattern
        var tokens: [Token] = []
        var characters = Array(pattern)[...]
        while let character = characters.popFirst() {
            switch character {
            case "*":
                if characters.first == "*" {
                    characters.removeFirst()
                    // `**/` also matches no folder at all.
                    if characters.first == "/" { characters.removeFirst() }
                    tokens.append(.anyAcrossSegments)
                } else {
                    tokens.append(.anyInSegment)
                }
            case "?": tokens.append(.anyCharacter)
            default: tokens.append(.literal(character))
            }
        }
        self.tokens = tokens
    }

    public var description: String { pattern }

    /// The text every match starts with: the pattern up to its first wildcard.
    public var literalPrefix: String {
        var prefix = ""
        for token in tokens {
            guard case .literal(let character) = token else { break }
            prefix.append(character)
        }
        return prefix
    }

    /// Whether the whole of `text` matches.
    public func matches(_ text: String) -> Bool {
        let characters = Array(text)
        // Dynamic programming over (token, character) positions: no backtracking blow-up.
        var reachable = [Bool](repeating: false, count: characters.count + 1)
        reachable[0] = true
        for token in tokens {
            var next = [Bool](repeating: false, count: characters.count + 1)
            for position in 0...characters.count where reachable[position] {
                switch token {
                case .literal(let character):
                    if position < characters.count && characters[position] == character { next[position + 1] = true }
                case .anyCharacter:
                    if position < characters.count && characters[position] != "/" { next[position + 1] = true }
                case .anyInSegment:
                    next[position] = true
                    var end = position
                    while end < characters.count && characters[end] != "/" {
                        end += 1
                        next[end] = true
                    }
                case .anyAcrossSegments:
                    for end in position...characters.count { next[end] = true }
                }
            }
            reachable = next
        }
        return reachable[characters.count]
    }

    /// Whether `text` or one of its `/`-prefixes matches (a pattern covers a whole subtree).
    public func matchesPrefix(of text: String) -> Bool {
        if matches(text) { return true }
        var prefix = ""
        for character in text {
            if character == "/" && !prefix.isEmpty && matches(prefix) { return true }
            prefix.append(character)
        }
        return false
    }
}
