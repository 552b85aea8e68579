/// A regular expression over scope names, matched by a Thompson automaton: time linear in the name's length times
/// the pattern's size whatever the pattern, so a configuration from an untrusted pull request cannot hang a run
/// with a catastrophic pattern such as `(a+)+$`.
///
/// The syntax is the common subset of ECMAScript and Swift regular expressions: literals, `.`, `\d \w \s` (and
/// `\D \W \S`), escaped punctuation, classes `[a-z_]` and `[^…]`, `^`, `$`, groups `(…)` and `(?:…)`, `|`, and
/// `* + ? {m} {m,} {m,n}` (a lazy `?` suffix is accepted; it does not change whether a name matches). It searches,
/// like JSON Schema's `pattern`: anchor it with `^…$` to constrain the whole name.
public struct ScopePattern: Sendable, CustomStringConvertible {
    public let pattern: String
    private let program: [Instruction]

    /// Longest pattern source accepted.
    public static let maxPatternLength = 256
    /// Most automaton states a pattern may compile to (counted repetitions are unrolled).
    public static let maxStates = 2_000
    /// Longest name matched; a longer one fails without being matched, so the work per name stays bounded.
    public static let maxNameLength = 256

    public var description: String { pattern }

    /// One step of the automaton.
    private enum Instruction: Sendable {
        case consume(CharacterClass)
        case split(Int, Int)
        case jump(Int)
        case atStart
        case atEnd
        case match
    }

    /// A set of Unicode scalars: ranges, possibly negated.
    private struct CharacterClass: Sendable {
        var ranges: [ClosedRange<UInt32>]
        var negated = false

        func contains(_ scalar: Unicode.Scalar) -> Bool {
            ranges.contains { $0.contains(scalar.value) } != negated
        }

        /// The one scalar this class holds, when it holds exactly one.
        var singleValue: UInt32? {
            guard !negated, ranges.count == 1, ranges[0].lowerBound == ranges[0].upperBound else { return nil }
            return ranges[0].lowerBound
        }

        static let any = CharacterClass(ranges: [], negated: true)
        static func single(_ scalar: Unicode.Scalar) -> CharacterClass {
            CharacterClass(ranges: [scalar.value...scalar.value])
        }
    }

    /// The parsed pattern.
    private indirect enum Node {
        case atom(CharacterClass)
        case start, end
        case sequence([Node])
        case alternatives([Node])
        case repeated(Node, min: Int, max: Int?)
    }

    /// Why a pattern cannot be used.
    public struct SyntaxError: Error, Sendable {
        public let message: String
    }

    public init(_ pattern: String) throws(SyntaxError) {
        guard pattern.unicodeScalars.count <= Self.maxPatternLength else {
            throw SyntaxError(message: "is longer than \(Self.maxPatternLength) characters")
        }
        var parser = Parser(scalars: Array(pattern.unicodeScalars))
        let tree = try parser.parseAlternatives()
        if parser.position < parser.scalars.count {
            throw SyntaxError(message: "has an unmatched `)` at character \(parser.position + 1)")
        }
        var program: [Instruction] = []
        try Self.compile(tree, into: &program)
        program.append(.match)
        self.pattern = pattern
        self.program = program
    }

    /// Whether the pattern matches somewhere in `name`; false for names longer than `maxNameLength`.
    public func matches(_ name: String) -> Bool {
        let text = Array(name.unicodeScalars)
        guard text.count <= Self.maxNameLength else { return false }
        var current = ThreadList(capacity: program.count)
        var next = ThreadList(capacity: program.count)
        for position in 0...text.count {
            // Searching: a new attempt starts at every position.
            add(0, to: &current, at: position, length: text.count)
            if current.states.contains(where: { if case .match = program[$0] { true } else { false } }) { return true }
            guard position < text.count else { break }
            next.clear()
            for state in current.states {
                if case .consume(let characters) = program[state], characters.contains(text[position]) {
                    add(state + 1, to: &next, at: position + 1, length: text.count)
                }
            }
            swap(&current, &next)
        }
        return false
    }

    /// The states reached at one position, each once.
    private struct ThreadList {
        /// The consuming and matching states, where threads wait for the next character.
        var states: [Int] = []
        var seen: [Bool]
        /// Every state marked in `seen`, to unmark.
        var visited: [Int] = []

        init(capacity: Int) { seen = [Bool](repeating: false, count: capacity) }

        mutating func clear() {
            for state in visited { seen[state] = false }
            visited.removeAll(keepingCapacity: true)
            states.removeAll(keepingCapacity: true)
        }
    }

    /// Adds `state` and every state reachable from it without consuming input.
    private func add(_ state: Int, to list: inout ThreadList, at position: Int, length: Int) {
        var pending = [state]
        while let current = pending.popLast() {
            guard !list.seen[current] else { continue }
            list.seen[current] = true
            list.visited.append(current)
            switch program[current] {
            case .jump(let target): pending.append(target)
            case .split(let first, let second): pending += [second, first]
            case .atStart: if position == 0 { pending.append(current + 1) }
            case .atEnd: if position == length { pending.append(current + 1) }
            case .consume, .match: list.states.append(current)
            }
        }
    }

    private static func compile(_ node: Node, into program: inout [Instruction]) throws(SyntaxError) {
        guard program.count < maxStates else {
            throw SyntaxError(message: "is too large (more than \(maxStates) states once repetitions are counted)")
        }
        switch node {
        case .atom(let characters): program.append(.consume(characters))
        case .start: program.append(.atStart)
        case .end: program.append(.atEnd)
        case .sequence(let nodes):
            for node in nodes { try compile(node, into: &program) }
        case .alternatives(let nodes):
            var jumps: [Int] = []
            for (index, node) in nodes.enumerated() {
                if index < nodes.count - 1 {
                    let split = program.count
                    program.append(.split(split + 1, 0))
                    try compile(node, into: &program)
                    jumps.append(program.count)
                    program.append(.jump(0))
                    program[split] = .split(split + 1, program.count)
                } else {
                    try compile(node, into: &program)
                }
            }
            for jump in jumps { program[jump] = .jump(program.count) }
        case .repeated(let body, let min, let max):
            for _ in 0..<min { try compile(body, into: &program) }
            guard let max else {
                let split = program.count
                program.append(.split(split + 1, 0))
                try compile(body, into: &program)
                program.append(.jump(split))
                program[split] = .split(split + 1, program.count)
                return
            }
            var splits: [Int] = []
            for _ in min..<max {
                splits.append(program.count)
                program.append(.split(program.count + 1, 0))
                try compile(body, into: &program)
            }
            for split in splits { program[split] = .split(split + 1, program.count) }
        }
    }

    /// A recursive-descent reader of the pattern's syntax.
    private struct Parser {
        let scalars: [Unicode.Scalar]
        var position = 0
        var depth = 0

        private var current: Unicode.Scalar? { position < scalars.count ? scalars[position] : nil }

        private func fail(_ message: String) -> SyntaxError {
            SyntaxError(message: "\(message) at character \(position + 1)")
        }

        mutating func parseAlternatives() throws(SyntaxError) -> Node {
            var alternatives = [try parseSequence()]
            while current == "|" {
                position += 1
                alternatives.append(try parseSequence())
            }
            return alternatives.count == 1 ? alternatives[0] : .alternatives(alternatives)
        }

        private mutating func parseSequence() throws(SyntaxError) -> Node {
            var items: [Node] = []
            while let character = current, character != "|", character != ")" {
                var item = try parseAtom()
                while let quantifier = try parseQuantifier() {
                    if case .start = item { throw fail("a quantifier cannot follow `^`") }
                    if case .end = item { throw fail("a quantifier cannot follow `$`") }
                    item = .repeated(item, min: quantifier.min, max: quantifier.max)
                }
                items.append(item)
            }
            return .sequence(items)
        }

        private mutating func parseAtom() throws(SyntaxError) -> Node {
            guard let character = current else { throw fail("the pattern ends early") }
            position += 1
            switch character {
            case "^": return .start
            case "$": return .end
            case ".": return .atom(.any)
            case "[": return .atom(try parseClass())
            case "\\": return .atom(try parseEscape(inClass: false))
            case "(":
                if current == "?" {
                    guard position + 1 < scalars.count, scalars[position + 1] == ":" else {
                        throw fail("lookaround and named groups are not supported; use `(…)` or `(?:…)`")
                    }
                    position += 2
                }
                depth += 1
                guard depth <= 32 else { throw fail("groups nest more than 32 deep") }
                let inner = try parseAlternatives()
                guard current == ")" else { throw fail("a group is not closed") }
                position += 1
                depth -= 1
                return inner
            case "*", "+", "?", "{": throw fail("`\(character)` has nothing to repeat")
            default: return .atom(.single(character))
            }
        }

        private mutating func parseQuantifier() throws(SyntaxError) -> (min: Int, max: Int?)? {
            guard let character = current else { return nil }
            var bounds: (min: Int, max: Int?)
            switch character {
            case "*": bounds = (0, nil)
            case "+": bounds = (1, nil)
            case "?": bounds = (0, 1)
            case "{":
                position += 1
                let min = try parseNumber()
                var max: Int? = min
                if current == "," {
                    position += 1
                    max = current == "}" ? nil : try parseNumber()
                }
                guard current == "}" else { throw fail("a `{m,n}` repetition is not closed") }
                if let max, max < min { throw fail("`{\(min),\(max)}` has its bounds reversed") }
                bounds = (min, max)
            default: return nil
            }
            position += 1
            if current == "?" { position += 1 }
            return bounds
        }

        private mutating func parseNumber() throws(SyntaxError) -> Int {
            var digits = ""
            while let character = current, ("0"..."9").contains(character) {
                digits.unicodeScalars.append(character)
                position += 1
            }
            guard let number = Int(digits), digits.count <= 4 else { throw fail("expected a count up to 9999") }
            return number
        }

        private mutating func parseClass() throws(SyntaxError) -> CharacterClass {
            var result = CharacterClass(ranges: [])
            if current == "^" {
                result.negated = true
                position += 1
            }
            var first = true
            while let character = current, character != "]" || first {
                first = false
                position += 1
                var low: CharacterClass
                if character == "\\" {
                    low = try parseEscape(inClass: true)
                } else {
                    low = .single(character)
                }
                if current == "-", position + 1 < scalars.count, scalars[position + 1] != "]",
                    let lowBound = low.singleValue
                {
                    position += 1
                    let upperCharacter = scalars[position]
                    position += 1
                    let upper = upperCharacter == "\\" ? try parseEscape(inClass: true) : .single(upperCharacter)
                    guard let highBound = upper.singleValue, lowBound <= highBound else {
                        throw fail("a class range is reversed or not between two characters")
                    }
                    low = CharacterClass(ranges: [lowBound...highBound])
                }
                guard !low.negated else { throw fail("`\\D`, `\\W` and `\\S` are not supported inside a class") }
                result.ranges += low.ranges
            }
            guard current == "]" else { throw fail("a `[…]` class is not closed") }
            position += 1
            return result
        }

        private mutating func parseEscape(inClass: Bool) throws(SyntaxError) -> CharacterClass {
            guard let character = current else { throw fail("the pattern ends with `\\`") }
            position += 1
            let digits: [ClosedRange<UInt32>] = [48...57]
            let word: [ClosedRange<UInt32>] = [48...57, 65...90, 95...95, 97...122]
            let space: [ClosedRange<UInt32>] = [9...13, 32...32]
            switch character {
            case "d": return CharacterClass(ranges: digits)
            case "D": return CharacterClass(ranges: digits, negated: true)
            case "w": return CharacterClass(ranges: word)
            case "W": return CharacterClass(ranges: word, negated: true)
            case "s": return CharacterClass(ranges: space)
            case "S": return CharacterClass(ranges: space, negated: true)
            case "n": return .single("\n")
            case "t": return .single("\t")
            default:
                guard character.properties.isPatternSyntax || character == "-" || character == "/" else {
                    throw fail("`\\\(character)` is not supported; escape only punctuation")
                }
                return .single(character)
            }
        }
    }
}
