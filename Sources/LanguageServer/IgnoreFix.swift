import RuleEngine
import SourceTree

/// The edit that makes `x-oasguard-ignore` excuse a rule on the mapping a finding belongs to: the finding's own
/// mapping (or the mapping its key introduces), else the nearest enclosing one.
///
/// A mapping without the key gets a new first entry, indented like its first key in block style and written
/// inline or on its own line in flow style (JSON included); an existing ignore is extended (a single id becomes
/// a list, a list gets an item, a map of reasons gets an entry).
struct IgnoreFix: Equatable {
    /// Byte offsets of the text replaced (equal for an insertion).
    let start: Int
    let end: Int
    let newText: String

    static func make(ruleID: RuleID, at location: NodeRef) -> IgnoreFix? {
        let file = location.file
        var node = location.node
        if file.isKey(node), let value = file.value(ofKey: node), file.isMapping(value) { node = value }
        while !file.isMapping(node) || isMapOfNames(NodeRef(file, node)) {
            guard let parent = file.parent(node) else { return nil }
            node = parent
        }
        let syntax = Syntax(file: file)
        let mapping = NodeRef(file, node)
        if let existing = mapping[InlineSuppression.key] {
            return syntax.extend(existing, with: ruleID)
        }
        return syntax.insertEntry(
            syntax.quoted(InlineSuppression.key) + ": " + syntax.quoted(ruleID.rawValue), into: mapping)
    }

    /// Whether every key of the mapping names something (a security requirement's schemes, a schema's properties,
    /// a flow's scopes), so an added key would be read as one more name rather than as an ignore.
    static func isMapOfNames(_ mapping: NodeRef) -> Bool {
        let file = mapping.file
        if let key = file.keyText(of: mapping.node) {
            return ["properties", "patternProperties", "scopes"].contains(key)
        }
        guard let list = file.parent(mapping.node), file.isSequence(list) else { return false }
        return file.keyText(of: list) == "security"
    }

    /// Where things are in one file's bytes, and how it writes strings.
    private struct Syntax {
        let file: SourceFile
        let converter: PositionConverter
        /// Whether the file is JSON, so every string is written quoted.
        let isJSON: Bool

        init(file: SourceFile) {
            self.file = file
            converter = PositionConverter(bytes: file.bytes, encoding: .utf8)
            let first = file.bytes.first { ![0x20, 0x09, 0x0A, 0x0D, 0xEF, 0xBB, 0xBF].contains($0) }
            isJSON = first == UInt8(ascii: "{") || first == UInt8(ascii: "[")
        }

        func quoted(_ text: String) -> String { isJSON ? "\"\(text)\"" : text }

        func start(_ node: NodeRef) -> Int { converter.offset(of: file.span(node.node).start) }
        func end(_ node: NodeRef) -> Int { converter.offset(of: file.span(node.node).end) }
        func isFlow(_ node: NodeRef) -> Bool {
            let offset = start(node)
            return offset < file.bytes.count && [UInt8(ascii: "{"), UInt8(ascii: "[")].contains(file.bytes[offset])
        }

        /// The whitespace that puts text under `offset` on a new line.
        func indentation(under offset: Int) -> String {
            let lineStart = converter.lineStart(ofOffset: offset)
            return String(file.bytes[lineStart..<offset].map { $0 == 0x09 ? "\t" : " " })
        }

        /// The end of the line holding `offset`, before its line break.
        func lineEnd(from offset: Int) -> Int {
            var index = offset
            while index < file.bytes.count, file.bytes[index] != 0x0A, file.bytes[index] != 0x0D { index += 1 }
            return index
        }

        /// A new first entry of `mapping`.
        func insertEntry(_ entry: String, into mapping: NodeRef) -> IgnoreFix {
            let opening = start(mapping)
            guard let firstKey = mapping.entries.first?.key else {
                return IgnoreFix(start: opening + 1, end: opening + 1, newText: entry)
            }
            let keyOffset = start(firstKey)
            let flow = isFlow(mapping)
            if flow, !file.bytes[opening..<keyOffset].contains(0x0A), !file.bytes[opening..<keyOffset].contains(0x0D) {
                return IgnoreFix(start: opening + 1, end: opening + 1, newText: entry + ", ")
            }
            let text = entry + (flow ? "," : "") + "\n" + indentation(under: keyOffset)
            return IgnoreFix(start: keyOffset, end: keyOffset, newText: text)
        }

        /// The existing ignore `value` with `ruleID` added.
        func extend(_ value: NodeRef, with ruleID: RuleID) -> IgnoreFix? {
            let rule = quoted(ruleID.rawValue)
            if value.isScalar {
                let replacement = "[" + quoted(value.string) + ", " + rule + "]"
                return IgnoreFix(start: start(value), end: end(value), newText: replacement)
            }
            if value.isMapping { return insertEntry(rule + ": \"\"", into: value) }
            let opening = start(value)
            guard let last = value.items.last else {
                return IgnoreFix(start: opening + 1, end: opening + 1, newText: rule)
            }
            if isFlow(value) { return IgnoreFix(start: end(last), end: end(last), newText: ", " + rule) }
            var dash = start(value.items[0])
            while dash > 0, file.bytes[dash - 1] == 0x20 { dash -= 1 }
            dash = max(dash - 1, 0)
            let insertion = lineEnd(from: end(last))
            return IgnoreFix(start: insertion, end: insertion, newText: "\n" + indentation(under: dash) + "- " + rule)
        }
    }
}
