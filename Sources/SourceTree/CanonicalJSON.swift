/// Writes a node as compact JSON with YAML's plain scalars typed the way JSON types them.
///
/// Used to re-serialise YAML documents as JSON and to hash a node's content independently of formatting.
public enum CanonicalJSON {
    /// The JSON text of `node` (the root when nil); mapping keys keep their order unless `sortKeys`.
    public static func serialize(_ file: SourceFile, _ node: NodeID? = nil, sortKeys: Bool = false) -> String {
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
        var output = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": output += "\\\""
            case "\\": output += "\\\\"
            case "\n": output += "\\n"
            case "\r": output += "\\r"
            case "\t": output += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                output += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: output.unicodeScalars.append(scalar)
            }
        }
        return output + "\""
    }
}
