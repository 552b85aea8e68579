import SourceTree

/// A JSON value with ordered object keys, written deterministically.
public enum JSONValue: Sendable, Equatable {
    case string(String)
    case int(Int)
    case double(Double)
    case bool(Bool)
    case null
    case array([JSONValue])
    case object([(String, JSONValue)])

    public static func == (lhs: JSONValue, rhs: JSONValue) -> Bool { lhs.serialized() == rhs.serialized() }

    /// An object's members; empty for other values.
    public var members: [(String, JSONValue)] {
        if case .object(let members) = self { return members }
        return []
    }

    /// The value as JSON text, pretty-printed with two-space indentation.
    public func serialized(pretty: Bool = true) -> String {
        var output: [UInt8] = []
        write(to: &output, indent: pretty ? 0 : nil)
        return String(decoding: output, as: UTF8.self)
    }

    func write(to output: inout [UInt8], indent: Int?) {
        switch self {
        case .string(let text): CanonicalJSON.appendQuoted(text, to: &output)
        case .int(let value): JSONWriter.appendDecimal(value, to: &output)
        case .double(let value):
            let text = value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) + ".0" : String(value)
            output += Array(text.utf8)
        case .bool(let value): output += Array((value ? "true" : "false").utf8)
        case .null: output += Array("null".utf8)
        case .array(let items):
            guard !items.isEmpty else {
                output += Array("[]".utf8)
                return
            }
            output.append(UInt8(ascii: "["))
            for (index, item) in items.enumerated() {
                if index > 0 { output.append(UInt8(ascii: ",")) }
                Self.newline(&output, indent.map { $0 + 1 })
                item.write(to: &output, indent: indent.map { $0 + 1 })
            }
            Self.newline(&output, indent)
            output.append(UInt8(ascii: "]"))
        case .object(let members):
            guard !members.isEmpty else {
                output += Array("{}".utf8)
                return
            }
            output.append(UInt8(ascii: "{"))
            for (index, (key, value)) in members.enumerated() {
                if index > 0 { output.append(UInt8(ascii: ",")) }
                Self.newline(&output, indent.map { $0 + 1 })
                CanonicalJSON.appendQuoted(key, to: &output)
                output.append(UInt8(ascii: ":"))
                if indent != nil { output.append(UInt8(ascii: " ")) }
                value.write(to: &output, indent: indent.map { $0 + 1 })
            }
            Self.newline(&output, indent)
            output.append(UInt8(ascii: "}"))
        }
    }

    static func newline(_ output: inout [UInt8], _ indent: Int?) {
        guard let indent else { return }
        JSONWriter.appendNewline(indent: indent, to: &output)
    }
}
