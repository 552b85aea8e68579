import Platform

/// Recognises active content in text that documentation portals render as Markdown or HTML: script and frame
/// elements, embedded objects, event-handler attributes and script links. Code spans and fences are shown, not run.
public enum ActiveContent {
    /// Elements that run or embed active content (all but `script` only with something to load).
    static let elements = ["script", "iframe", "object", "embed"]
    /// Link targets that run script when followed.
    static let linkSchemes = ["javascript:", "vbscript:", "data:text/html"]
    /// Characters after which a link target starts: `](`, `href="`, `=`, `<`.
    static let linkOpeners = Array("(\"'=<".utf8)

    /// What active content `text` holds outside code, for messages (`a <script> element`), if any.
    public static func find(in text: String) -> String? {
        // Without a `<` there is no element, and without a script scheme no link: most text is ruled out cheaply.
        let isASCII = text.isASCII
        var bytes = text
        if !text.utf8.contains(UInt8(ascii: "<")) {
            guard text.utf8.contains(UInt8(ascii: ":")) else { return nil }
            // In ASCII text a scheme found among the bytes in any ASCII case is one found among the lowercased
            // characters, without making the lowercased copy and searching it character by character.
            if isASCII {
                guard bytes.withUTF8({ bytes in linkSchemeBytes.contains { containsIgnoringASCIICase($0, in: bytes) } })
                else { return nil }
            } else {
                let lowered = text.lowercased()
                guard linkSchemes.contains(where: lowered.contains) else { return nil }
            }
        }
        let written = bytes.withUTF8 { bytes in
            // Removing code spans may join a scheme's letters, and lowercasing makes ASCII letters of ASCII ones only.
            let joins = bytes.contains(UInt8(ascii: "`"))
            return linkSchemeBytes.map {
                joins ? holdsInOrder($0, in: bytes) : containsIgnoringASCIICase($0, in: bytes)
            }
        }
        // ASCII text without a carriage return (which joins the line feed after it) is one character per byte: it is
        // read as bytes, without breaking it into characters.
        if isASCII, !text.utf8.contains(UInt8(ascii: "\r")) {
            let prose = withoutCode(Array(text.utf8)).map { (0x41...0x5A).contains($0) ? $0 | 0x20 : $0 }
            return find(inProse: prose, schemesWritten: written)
        }
        // Code is removed from the text as a string, which costs its UTF-8 bytes, and the lowercased prose is read
        // as characters of four bytes, not the sixteen of a `Character` (a 61 KB description took 1 MB so).
        return find(inProse: withoutCode(text).lowercased().map(ProseCharacter.init), schemesWritten: written)
    }

    /// What active content lowercased `prose` without code holds; `written` tells, for each of `linkSchemes`, whether
    /// the text may hold it at all.
    static func find<Unit: SearchedProseUnit>(inProse prose: [Unit], schemesWritten written: [Bool]) -> String? {
        for index in prose.indices where prose[index] == .lessThan {
            guard index + 1 < prose.count, prose[index + 1].isLetter,
                index == 0 || !(prose[index - 1].isLetter || prose[index - 1].isNumber)
            else { continue }
            let tagEnd = prose[index...].firstIndex(of: .greaterThan) ?? prose.endIndex
            let tag = prose[(index + 1)..<tagEnd]
            let name = Unit.text(tag.prefix { $0.isLetter || $0.isNumber })
            if elements.contains(name), tag.count == name.count || tag[tag.startIndex + name.count].isTagBreak,
                name == "script" || loadsContent(Unit.text(tag.dropFirst(name.count)))
            {
                return "a <\(name)> element"
            }
            if let handler = eventHandler(in: Array(tag.dropFirst(name.count))) {
                return "an `\(handler)` event-handler attribute"
            }
        }
        for (scheme, isWritten) in zip(linkSchemes, written) where isWritten {
            var searchStart = prose.startIndex
            let pattern = scheme.utf8.map(Unit.ascii)
            while let found = firstIndex(of: pattern, in: prose, from: searchStart) {
                searchStart = found + 1
                var before = found - 1
                while before >= 0, prose[before] == .space { before -= 1 }
                let after = found + pattern.count
                guard before >= 0, linkOpeners.contains(where: { prose[before] == Unit.ascii($0) }),
                    after < prose.count, !prose[after].isWhitespace
                else { continue }
                return "a `\(scheme)` link"
            }
        }
        return nil
    }

    /// Whether a text's UTF-8 `bytes` may hold active content, decided in one pass before any `String` is made: a
    /// `<` before an element's name, a tag with an event-handler attribute, or a link scheme, in any case. Removing a
    /// code span can join what it separated, so text with a backtick takes the full path when it holds a `<`
    /// anywhere, or a link scheme's characters in order; removing a fenced block can change what a tag holds, so
    /// text with a tilde takes it when it holds a tag.
    ///
    /// The names, `on` and the schemes are ASCII, and no other character lowercases to one of their letters (of the
    /// two that lowercase to ASCII, the Kelvin sign becomes `k` and `İ` an `i` with a combining dot, one character
    /// that is no `i`): what the search finds among lowercased characters is written in these bytes in some ASCII case.
    public static func mayHold(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = bytes.baseAddress else { return false }
        var hasColon = false
        var hasBacktick = false
        var hasTilde = false
        var hasLessThan = false
        var hasTag = false
        /// Whether the `<` at `index` starts a tag, noted in `hasTag`, and names an element.
        func startsElement(at index: Int) -> Bool {
            hasLessThan = true
            guard lessThanStartsTag(at: index, in: bytes) else { return false }
            hasTag = true
            return elementBytes.contains { name in
                index + name.count < bytes.count
                    && name.indices.allSatisfy { bytes[index + 1 + $0] | 0x20 == name[$0] }
            }
        }
        // Eight bytes at a time, then the rest one by one.
        var start = 0
        while start + 8 <= bytes.count {
            let word = ByteWord.load(base, at: start)
            hasColon = hasColon || ByteWord.holds(UInt8(ascii: ":"), in: word)
            hasBacktick = hasBacktick || ByteWord.holds(UInt8(ascii: "`"), in: word)
            hasTilde = hasTilde || ByteWord.holds(UInt8(ascii: "~"), in: word)
            // Flagging each `<` costs more than finding none, as in most words.
            var lessThans =
                ByteWord.holds(UInt8(ascii: "<"), in: word)
                ? ByteWord.exactBytes(equalTo: UInt8(ascii: "<"), in: word) : 0
            while lessThans != 0 {
                if startsElement(at: start + ByteWord.firstFlagged(lessThans)) { return true }
                lessThans &= lessThans - 1
            }
            start += 8
        }
        for index in start..<bytes.count {
            switch bytes[index] {
            case UInt8(ascii: "`"): hasBacktick = true
            case UInt8(ascii: "~"): hasTilde = true
            case UInt8(ascii: ":"): hasColon = true
            case UInt8(ascii: "<"): if startsElement(at: index) { return true }
            default: break
            }
        }
        // Every result needs a `<` (an element or attribute) or a `:` (a link) in the text.
        if hasBacktick { return hasLessThan || hasColon && linkSchemeBytes.contains { holdsInOrder($0, in: bytes) } }
        if hasTag && (hasTilde || mayHoldEventHandler(bytes)) { return true }
        return hasColon && linkSchemeBytes.contains { containsIgnoringASCIICase($0, in: bytes) }
    }

    static let elementBytes = elements.map { Array($0.utf8) }

    /// Whether `bytes` hold what an event-handler attribute is made of, in any ASCII case: after whitespace, a `/`
    /// or a byte of a non-ASCII character (which may be whitespace), `on`, then letters or non-ASCII bytes, spaces
    /// and `=`.
    static func mayHoldEventHandler(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        func mayBeLetter(_ byte: UInt8) -> Bool { byte >= 0x80 || isASCIILetter(byte) }
        var index = 1
        while index + 2 < bytes.count {
            defer { index += 1 }
            let before = bytes[index - 1]
            guard bytes[index] | 0x20 == UInt8(ascii: "o"), bytes[index + 1] | 0x20 == UInt8(ascii: "n"),
                before >= 0x80 || before == UInt8(ascii: "/") || before.isWhitespace
            else { continue }
            var end = index + 2
            while end < bytes.count, mayBeLetter(bytes[end]) { end += 1 }
            guard end > index + 2 else { continue }
            while end < bytes.count, bytes[end] == UInt8(ascii: " ") { end += 1 }
            if end < bytes.count, bytes[end] == UInt8(ascii: "=") { return true }
        }
        return false
    }

    /// Whether the `<` at `index` is followed by a letter, or by a byte of a non-ASCII character that may be one.
    static func lessThanStartsTag(at index: Int, in bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        index + 1 < bytes.count && (bytes[index + 1] >= 0x80 || isASCIILetter(bytes[index + 1]))
    }

    static let linkSchemeBytes = linkSchemes.map { Array($0.utf8) }

    static func isASCIILetter(_ byte: UInt8) -> Bool { (0x61...0x7A).contains(byte | 0x20) }

    /// Whether `bytes` contains the lowercase ASCII `needle`, in any ASCII case.
    static func containsIgnoringASCIICase(_ needle: [UInt8], in bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard bytes.count >= needle.count else { return false }
        for start in 0...(bytes.count - needle.count) {
            var matched = 0
            while matched < needle.count {
                let byte = bytes[start + matched]
                guard byte == needle[matched] || isASCIILetter(byte) && byte | 0x20 == needle[matched] else { break }
                matched += 1
            }
            if matched == needle.count { return true }
        }
        return false
    }

    /// Whether the characters of the lowercase ASCII `needle` occur in `bytes` in order, in any ASCII case, with
    /// anything between them: what removing code from the text can at most join into `needle`.
    static func holdsInOrder(_ needle: [UInt8], in bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var matched = 0
        for byte in bytes where byte == needle[matched] || isASCIILetter(byte) && byte | 0x20 == needle[matched] {
            matched += 1
            if matched == needle.count { return true }
        }
        return false
    }

    /// Attributes that make a frame or an embedded object load something; without one it shows nothing.
    static let loadingAttributes = ["src", "srcdoc", "data"]

    /// Whether a tag's attribute text sets a loading attribute (`<iframe src=…>`): prose that names the element
    /// (`An <iframe> tag that embeds a player`) does not.
    static func loadsContent(_ attributes: String) -> Bool {
        let words = attributes.split(whereSeparator: { $0.isWhitespace || $0 == "=" || $0 == "/" })
        return words.contains { loadingAttributes.contains(String($0)) }
    }

    /// An `on…=` attribute inside a tag's attribute text.
    static func eventHandler<Unit: SearchedProseUnit>(in attributes: [Unit]) -> String? {
        var index = 0
        while index + 2 < attributes.count {
            defer { index += 1 }
            guard attributes[index].isTagBreak, attributes[index + 1] == Unit.ascii(UInt8(ascii: "o")),
                attributes[index + 2] == Unit.ascii(UInt8(ascii: "n"))
            else {
                continue
            }
            var end = index + 3
            while end < attributes.count, attributes[end].isLetter { end += 1 }
            var equals = end
            while equals < attributes.count, attributes[equals] == .space { equals += 1 }
            if end > index + 3, equals < attributes.count, attributes[equals] == Unit.ascii(UInt8(ascii: "=")) {
                return Unit.text(attributes[(index + 1)..<end])
            }
        }
        return nil
    }

    /// `text` with Markdown fenced code blocks and code spans removed.
    static func withoutCode<Text: RangeReplaceableCollection & BidirectionalCollection>(_ text: Text) -> Text
    where Text.Element: ProseUnit {
        var kept = Text()
        var keptLines = 0
        var fence: Text.SubSequence?
        for line in text.split(separator: .lineFeed, omittingEmptySubsequences: false) {
            let trimmed = line.drop { $0 == .space }
            let marker = trimmed.prefix { $0 == .backtick || $0 == .tilde }
            if let open = fence {
                if marker.count >= open.count, marker.first == open.first { fence = nil }
                continue
            }
            if marker.count >= 3, Set(marker).count == 1 {
                fence = marker
                continue
            }
            if keptLines > 0 { kept.append(.lineFeed) }
            kept.append(contentsOf: line)
            keptLines += 1
        }
        return withoutCodeSpans(kept)
    }

    /// `characters` without inline code spans: a run of backticks up to the next run of the same length.
    static func withoutCodeSpans<Text: RangeReplaceableCollection & BidirectionalCollection>(_ characters: Text) -> Text
    where Text.Element: ProseUnit {
        var result = Text()
        /// Where the characters not yet copied to `result` start.
        var copiedUpTo = characters.startIndex
        var index = characters.startIndex
        while index < characters.endIndex {
            guard characters[index] == .backtick else {
                characters.formIndex(after: &index)
                continue
            }
            let runStart = index
            var runLength = 0
            while index < characters.endIndex, characters[index] == .backtick {
                characters.formIndex(after: &index)
                runLength += 1
            }
            var search = index
            while search < characters.endIndex {
                guard characters[search] == .backtick else {
                    characters.formIndex(after: &search)
                    continue
                }
                var length = 0
                while search < characters.endIndex, characters[search] == .backtick {
                    characters.formIndex(after: &search)
                    length += 1
                }
                if length == runLength {
                    result.append(contentsOf: characters[copiedUpTo..<runStart])
                    copiedUpTo = search
                    index = search
                    break
                }
            }
        }
        result.append(contentsOf: characters[copiedUpTo...])
        return result
    }

    static func firstIndex<Unit: SearchedProseUnit>(of needle: [Unit], in text: [Unit], from start: Int) -> Int? {
        guard text.count >= needle.count, start <= text.count - needle.count else { return nil }
        for index in start...(text.count - needle.count)
        where text[index..<(index + needle.count)].elementsEqual(needle) {
            return index
        }
        return nil
    }
}

/// What `ActiveContent` removes code from: characters, or the bytes of ASCII text without a carriage return, which
/// are the same.
protocol ProseUnit: Hashable {
    /// The unit of an ASCII character.
    static func ascii(_ byte: UInt8) -> Self
}

/// What `ActiveContent` searches, once code is removed and the text lowercased: `ProseCharacter`s, or bytes.
protocol SearchedProseUnit: ProseUnit {
    var isLetter: Bool { get }
    var isNumber: Bool { get }
    var isWhitespace: Bool { get }
    /// The text of `units`.
    static func text(_ units: ArraySlice<Self>) -> String
}

extension ProseUnit {
    static var lineFeed: Self { Self.ascii(UInt8(ascii: "\n")) }
    static var space: Self { Self.ascii(UInt8(ascii: " ")) }
    static var backtick: Self { Self.ascii(UInt8(ascii: "`")) }
    static var tilde: Self { Self.ascii(UInt8(ascii: "~")) }
    static var lessThan: Self { Self.ascii(UInt8(ascii: "<")) }
    static var greaterThan: Self { Self.ascii(UInt8(ascii: ">")) }
}

extension SearchedProseUnit {
    /// Whitespace, `/` or `>`: what may follow a tag name.
    var isTagBreak: Bool { isWhitespace || self == Self.ascii(UInt8(ascii: "/")) || self == .greaterThan }
}

extension Character: ProseUnit {
    static func ascii(_ byte: UInt8) -> Character { Character(Unicode.Scalar(byte)) }
}

/// A character of prose that is not ASCII, in four bytes: one of a single Unicode scalar is that scalar; one of
/// several (a letter and its combining marks, CR LF, an emoji sequence) keeps only what the search asks of it, and
/// equals no ASCII character. Both keep whether they are a letter, a number or whitespace, as `Character` has it.
struct ProseCharacter: SearchedProseUnit {
    /// The scalar (21 bits), or `severalScalars`; and the kind bits.
    private let value: UInt32

    private static let severalScalars: UInt32 = 1 << 21
    private static let letter: UInt32 = 1 << 24
    private static let number: UInt32 = 1 << 25
    private static let whitespace: UInt32 = 1 << 26
    private static let scalarBits: UInt32 = (1 << 21) - 1

    init(_ character: Character) {
        let scalars = character.unicodeScalars
        self.init(
            scalars.count == 1 ? scalars.first!.value : Self.severalScalars, isLetter: character.isLetter,
            isNumber: character.isNumber, isWhitespace: character.isWhitespace)
    }

    private init(_ scalar: UInt32, isLetter: Bool, isNumber: Bool, isWhitespace: Bool) {
        value =
            scalar | (isLetter ? Self.letter : 0) | (isNumber ? Self.number : 0) | (isWhitespace ? Self.whitespace : 0)
    }

    /// The character of an ASCII byte, its kinds as the byte's (the search compares with these in every step).
    static func ascii(_ byte: UInt8) -> ProseCharacter {
        ProseCharacter(UInt32(byte), isLetter: byte.isLetter, isNumber: byte.isNumber, isWhitespace: byte.isWhitespace)
    }

    var isLetter: Bool { value & Self.letter != 0 }
    var isNumber: Bool { value & Self.number != 0 }
    var isWhitespace: Bool { value & Self.whitespace != 0 }

    /// The text of `units`; a character of several scalars is written as a space when it is whitespace, else as
    /// U+FFFD (only an event-handler attribute's name in a message shows it).
    static func text(_ units: ArraySlice<ProseCharacter>) -> String {
        var text = String.UnicodeScalarView()
        for unit in units {
            if unit.value & severalScalars == 0, let scalar = Unicode.Scalar(unit.value & scalarBits) {
                text.append(scalar)
            } else {
                text.append(unit.isWhitespace ? " " : "\u{FFFD}")
            }
        }
        return String(text)
    }
}

extension UInt8: SearchedProseUnit {
    static func ascii(_ byte: UInt8) -> UInt8 { byte }

    var isLetter: Bool { (0x61...0x7A).contains(self | 0x20) }
    var isNumber: Bool { (0x30...0x39).contains(self) }
    /// As `Character.isWhitespace` has it for ASCII: tab, line feed, vertical tab, form feed, carriage return, space.
    var isWhitespace: Bool { (0x09...0x0D).contains(self) || self == 0x20 }

    static func text(_ units: ArraySlice<UInt8>) -> String { String(decoding: units, as: UTF8.self) }
}
