/// Splits identifiers into lowercased words, whatever the case convention.
///
/// `userPassword`, `user_password`, `user-password` and `USER.PASSWORD` all give `["user", "password"]`;
/// `HTTPServer` gives `["http", "server"]`; digits stay with the word before them (`oauth2`).
public enum NameWords {
    public static func split(_ name: String) -> [String] {
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
