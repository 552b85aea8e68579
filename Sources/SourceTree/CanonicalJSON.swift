import Platform
/// Writes a node as compact JSON with YAML's plain scalars typed the way JSON types them.
///
/// Used to re-serialise YAML documents as JSON and to hash a node's content independently of formatting.
public enum CanonicalJSON {
    /// The JSON text of `node` (the root when nil); mapping keys keep their order unless `sortKeys`, and entries
    /// whose key is in `omittingKeys` are left out at every depth.
    public static func serialize(
        _ file: SourceFile, _ node: NodeID? = nil, sortKeys: Bool = false, omittingKeys: Set<String> = []
    ) -> String {
        guard let start = node ?? file.root else { return "null" }
        var output = ""
        // An explicit stack instead of recursion, so deep documents cannot overflow the call stack.
        enum Step {
            case node(NodeID)
            case text(String)
        }
        var stack: [Step] = [.node(start)]
        while let step = stack.popLast() {
            switch step {
            case .text(let text):
                output += text
            case .node(let current):
                switch file.kind(current) {
                case .scalar:
                    output += scalarJSON(file, current)
                case .sequence:
                    var steps: [Step] = [.text("[")]
                    for (index, item) in file.items(current).enumerated() {
                        if index > 0 { steps.append(.text(",")) }
                        steps.append(.node(item))
                    }
                    steps.append(.text("]"))
                    stack += steps.reversed()
                case .mapping:
                    var entries = Array(file.entries(current))
                    if !omittingKeys.isEmpty { entries.removeAll { omittingKeys.contains(file.string($0.key)) } }
                    if sortKeys { entries.sort { file.string($0.key) < file.string($1.key) } }
                    var steps: [Step] = [.text("{")]
                    for (index, entry) in entries.enumerated() {
                        steps.append(.text((index > 0 ? "," : "") + quote(file.string(entry.key)) + ":"))
                        steps.append(.node(entry.value))
                    }
                    steps.append(.text("}"))
                    stack += steps.reversed()
                }
            }
        }
        return output
    }

    static func scalarJSON(_ file: SourceFile, _ node: NodeID) -> String {
        let text = file.string(node)
        if file.isQuoted(node) { return quote(text) }
        if file.isNull(node) { return "null" }
        if let flag = file.bool(node) { return flag ? "true" : "false" }
        if isJSONNumber(text) { return text }
        return quote(text)
    }

    /// Whether `text` is a number in JSON's grammar.
    static func isJSONNumber(_ text: String) -> Bool {
        var bytes = Array(text.utf8)[...]
        if bytes.first == UInt8(ascii: "-") { bytes = bytes.dropFirst() }
        func digits() -> Int {
            let count = bytes.prefix { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }.count
            bytes = bytes.dropFirst(count)
            return count
        }
        let first = bytes.first
        let integer = digits()
        guard integer > 0, integer == 1 || first != UInt8(ascii: "0") else { return false }
        if bytes.first == UInt8(ascii: ".") {
            bytes = bytes.dropFirst()
            guard digits() > 0 else { return false }
        }
        if bytes.first == UInt8(ascii: "e") || bytes.first == UInt8(ascii: "E") {
            bytes = bytes.dropFirst()
            if bytes.first == UInt8(ascii: "+") || bytes.first == UInt8(ascii: "-") { bytes = bytes.dropFirst() }
            guard digits() > 0 else { return false }
        }
        return bytes.isEmpty
    }

    /// A JSON string literal.
    public static func quote(_ text: String) -> String {
        var bytes: [UInt8] = []
        appendQuoted(text, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Appends `text` as a JSON string literal, copying the runs that need no escape in bulk.
    public static func appendQuoted(_ text: String, to output: inout [UInt8]) {
        var text = text
        text.withUTF8 { appendQuoted(bytes: $0, to: &output) }
    }

    /// Appends UTF-8 `bytes` as a JSON string literal: `"`, `\\` and control characters escaped, the rest as
    /// it is.
    public static func appendQuoted(bytes: UnsafeBufferPointer<UInt8>, to output: inout [UInt8]) {
        output.append(UInt8(ascii: "\""))
        var runStart = 0
        var position = 0
        while let found = firstByteNeedingEscape(in: bytes, from: position) {
            output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<found]))
            appendEscape(bytes[found], to: &output)
            position = found + 1
            runStart = position
        }
        output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart...]))
        output.append(UInt8(ascii: "\""))
    }

    /// The index of the first byte at or after `start` that a JSON string must escape, eight bytes at a time.
    static func firstByteNeedingEscape(in bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int? {
        guard let base = bytes.baseAddress else { return nil }
        var index = start
        while index + 8 <= bytes.count {
            let word = ByteWord.load(base, at: index)
            let flags =
                ByteWord.bytes(below: 0x20, in: word) | ByteWord.bytes(equalTo: UInt8(ascii: "\""), in: word)
                | ByteWord.bytes(equalTo: UInt8(ascii: "\\"), in: word)
            if flags != 0 { return index + ByteWord.firstFlagged(flags) }
            index += 8
        }
        while index < bytes.count {
            if needsEscape(bytes[index]) { return index }
            index += 1
        }
        return nil
    }

    static func needsEscape(_ byte: UInt8) -> Bool {
        byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\")
    }

    /// Appends the escape sequence of a byte that `needsEscape`.
    static func appendEscape(_ byte: UInt8, to output: inout [UInt8]) {
        switch byte {
        case UInt8(ascii: "\""): output += [UInt8(ascii: "\\"), UInt8(ascii: "\"")]
        case UInt8(ascii: "\\"): output += [UInt8(ascii: "\\"), UInt8(ascii: "\\")]
        case 0x0A: output += [UInt8(ascii: "\\"), UInt8(ascii: "n")]
        case 0x0D: output += [UInt8(ascii: "\\"), UInt8(ascii: "r")]
        case 0x09: output += [UInt8(ascii: "\\"), UInt8(ascii: "t")]
        default:
            let hex: StaticString = "0123456789abcdef"
            output += [
                UInt8(ascii: "\\"), UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"),
                hex.utf8Start[Int(byte >> 4)], hex.utf8Start[Int(byte & 0xF)],
            ]
        }
    }
}
