/// Splits identifiers into lowercased words, whatever the case convention.
///
/// `userPassword`, `user_password`, `user-password` and `USER.PASSWORD` all give `["user", "password"]`;
/// `HTTPServer` gives `["http", "server"]`; digits stay with the word before them (`oauth2`).
public enum NameWords {
    public static func split(_ name: String) -> [String] {
        name.isASCII ? splitASCII(name) : splitCharacters(name)
    }

    /// Splits by Unicode character properties: any script, any case.
    static func splitCharacters(_ name: String) -> [String] {
        var words: [String] = []
        var current: [Character] = []
        let characters = Array(name)
        func flush() {
            if !current.isEmpty { words.append(String(current).lowercased()) }
            current.removeAll()
        }
        for (index, character) in characters.enumerated() {
            if !(character.isLetter || character.isNumber) {
                flush()
                continue
            }
            if character.isUppercase, let previous = current.last {
                let next = index + 1 < characters.count ? characters[index + 1] : nil
                // A new word starts at an upper-case letter after a lower-case one or a digit,
                // or at the last capital of an acronym followed by a lower-case letter (HTTPServer).
                if previous.isLowercase || previous.isNumber
                    || (previous.isUppercase && next.map { $0.isLowercase } == true)
                {
                    flush()
                }
            }
            current.append(character)
        }
        flush()
        return words
    }

    /// The same rules on bytes, for the common all-ASCII name (Unicode character properties are slow).
    static func splitASCII(_ name: String) -> [String] {
        var words: [String] = []
        forEachASCIIWord(of: name) { word in
            words.append(word)
            return false
        }
        return words
    }

    /// The first word of `name`, in `split` order, that satisfies `predicate`; the words after it are not made.
    public static func firstWord(of name: String, where predicate: (String) -> Bool) -> String? {
        guard name.isASCII else { return splitCharacters(name).first(where: predicate) }
        var found: String?
        forEachASCIIWord(of: name) { word in
            guard predicate(word) else { return false }
            found = word
            return true
        }
        return found
    }

    /// Calls `body` with each word of the ASCII `name`, in order, until it returns true.
    static func forEachASCIIWord(of name: String, _ body: (String) -> Bool) {
        func isUpper(_ byte: UInt8) -> Bool { byte >= 0x41 && byte <= 0x5A }
        func isLower(_ byte: UInt8) -> Bool { byte >= 0x61 && byte <= 0x7A }
        func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }
        var name = name
        name.withUTF8 { bytes in
            var current: [UInt8] = []
            /// Hands the word gathered so far to `body`; whether it asked to stop.
            func flush() -> Bool {
                guard !current.isEmpty else { return false }
                defer { current.removeAll(keepingCapacity: true) }
                return body(String(decoding: current, as: UTF8.self))
            }
            for (index, byte) in bytes.enumerated() {
                guard isUpper(byte) || isLower(byte) || isDigit(byte) else {
                    if flush() { return }
                    continue
                }
                if isUpper(byte), let previous = current.last {
                    let next = index + 1 < bytes.count ? bytes[index + 1] : 0
                    // `previous` is already lowercased: an upper-case previous letter was stored as its lower case.
                    let previousWasUpper = isUpper(bytes[index - 1])
                    if (!previousWasUpper && (isLower(previous) || isDigit(previous)))
                        || (previousWasUpper && isLower(next))
                    {
                        if flush() { return }
                    }
                }
                current.append(isUpper(byte) ? byte | 0x20 : byte)
            }
            _ = flush()
        }
    }

    /// Whether `words` contains `phrase` as consecutive whole words.
    public static func contains(_ words: [String], phrase: [String]) -> Bool {
        guard !phrase.isEmpty, phrase.count <= words.count else { return false }
        for start in 0...(words.count - phrase.count) where Array(words[start..<start + phrase.count]) == phrase {
            return true
        }
        return false
    }

    /// Whether `words` ends with `phrase` as whole words.
    public static func endsWith(_ words: [String], phrase: [String]) -> Bool {
        phrase.count <= words.count && Array(words.suffix(phrase.count)) == phrase
    }
}

extension String {
    /// Whether every character is ASCII: then the text's characters are its bytes, which the lexicon reads instead
    /// of splitting the text into characters.
    var isASCII: Bool { utf8.allSatisfy { $0 < 0x80 } }
}
