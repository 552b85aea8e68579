import CYAML

/// Reads the keys of a YAML or JSON file's root mapping the way the parser sees them (flow mappings, `? key`,
/// escapes, anchors, tags, aliases, `--- {…}`, UTF-16), stopping as soon as the answer is known.
public enum RootKeyProbe {
    /// Whether the root mapping has one of `keys`; nil when the text cannot be parsed before that is known.
    public static func hasKey(_ bytes: [UInt8], among keys: Set<String>) -> Bool? {
        guard let text = try? TextEncoding.utf8(bytes, path: "") else { return nil }
        let parsed = SurrogateEscapes.rewrite(text) ?? text
        return parsed.withUnsafeBufferPointer { buffer -> Bool? in
            var parser = yaml_parser_t()
            guard yaml_parser_initialize(&parser) != 0 else { return nil }
            defer { yaml_parser_delete(&parser) }
            yaml_parser_set_input_string(&parser, buffer.baseAddress ?? UnsafePointer(bitPattern: 1), buffer.count)
            var scan = Scan(keys: keys)
            var event = yaml_event_t()
            while true {
                guard yaml_parser_parse(&parser, &event) != 0 else { return nil }
                defer { yaml_event_delete(&event) }
                if let answer = scan.handle(event) { return answer }
            }
        }
    }

    /// Where the probe is in the event stream.
    private struct Scan {
        let keys: Set<String>
        /// 0 before the root node, 1 inside the root mapping, more inside its members.
        var depth = 0
        /// Members of the root mapping seen so far: even while a key is expected.
        var members = 0
        /// Scalar anchors, so that an alias used as a key is read as its text.
        var anchors: [String: String] = [:]

        mutating func handle(_ event: yaml_event_t) -> Bool? {
            switch event.type {
            case YAML_STREAM_END_EVENT, YAML_DOCUMENT_END_EVENT:
                return false
            case YAML_MAPPING_START_EVENT:
                if depth == 0 {
                    depth = 1
                    return nil
                }
                depth += 1
            case YAML_SEQUENCE_START_EVENT:
                if depth == 0 { return false }
                depth += 1
            case YAML_MAPPING_END_EVENT, YAML_SEQUENCE_END_EVENT:
                depth -= 1
                if depth == 0 { return false }
                if depth == 1 { members += 1 }
            case YAML_SCALAR_EVENT:
                if depth == 0 { return false }
                let scalar = event.data.scalar
                let text =
                    scalar.value.map {
                        String(decoding: UnsafeBufferPointer(start: $0, count: Int(scalar.length)), as: UTF8.self)
                    } ?? ""
                if let anchor = scalar.anchor { anchors[String(cString: anchor)] = text }
                if depth == 1 {
                    if members % 2 == 0, keys.contains(text) { return true }
                    members += 1
                }
            case YAML_ALIAS_EVENT:
                if depth == 0 { return false }
                if depth == 1 {
                    let name = event.data.alias.anchor.map { String(cString: $0) } ?? ""
                    if members % 2 == 0, let text = anchors[name], keys.contains(text) { return true }
                    members += 1
                }
            default:
                break
            }
            return nil
        }
    }
}
