import Linter
import SourceTree

/// Writes pretty-printed JSON straight into a byte buffer, the same bytes `JSONValue.serialized()` gives, so a
/// large report never exists as a tree of values.
///
/// Containers are opened and closed in turn; inside an object each value follows its `key`. `drain` hands the
/// bytes written so far to the caller's sink whenever they pass `outputChunkSize`.
struct JSONWriter: ChunkedOutput {
    var output: [UInt8] = []
    /// The indentation of the innermost open container.
    private var depth: Int
    /// For each open container, whether it has no element yet.
    private var isEmpty: [Bool] = []
    /// Set after a key: the value goes on the key's line.
    private var afterKey = false
    /// Where a JSON pointer is built before it is written.
    private var pointerBytes: [UInt8] = []

    /// A writer whose first value sits at indentation `depth` (two spaces each).
    init(depth: Int = 0) { self.depth = depth }

    /// Writes elements `0..<count` of the innermost array on both cores, in pieces (`writeInPieces`), their bytes going
    /// to `drain` in order after this writer's own. `elementWriter` is called once per piece and gives what writes
    /// one element (by index) to the piece's writer, so a piece can keep state of its own.
    mutating func writeElementsInPieces(
        count: Int, drain: ([UInt8]) -> Void, elementWriter: @Sendable () -> (Int, inout JSONWriter) -> Void
    ) {
        flush(to: drain)
        let (first, following) = (piece(following: false), piece(following: true))
        writeInPieces(count: count, drain: drain) { range, drain in
            var piece = range.lowerBound == 0 ? first : following
            let writeElement = elementWriter()
            for index in range {
                writeElement(index, &piece)
                piece.drain(whenFull: drain)
            }
            piece.flush(to: drain)
        }
        // The elements the pieces wrote went into the innermost array.
        if count > 0, let last = isEmpty.indices.last { isEmpty[last] = false }
    }

    /// A writer for elements of this writer's innermost array written apart from it (on another core), whose bytes
    /// follow this writer's in the output; `following` says whether elements come before them.
    private func piece(following: Bool) -> JSONWriter {
        var piece = JSONWriter(depth: depth)
        piece.isEmpty = [!following]
        return piece
    }

    mutating func beginObject() { open(UInt8(ascii: "{")) }

    /// Opens a report's object with the members every JSON report of oasguard starts with.
    mutating func beginReport(formatVersion: Int) {
        beginObject()
        member("tool", "oasguard")
        member("version", OASGuardVersion.current)
        member("formatVersion", formatVersion)
    }
    mutating func endObject() { close(UInt8(ascii: "}")) }
    mutating func beginArray() { open(UInt8(ascii: "[")) }
    mutating func endArray() { close(UInt8(ascii: "]")) }

    /// An object's key, written without escaping: keys are literals of this program.
    mutating func key(_ name: StaticString) {
        startElement()
        output.append(UInt8(ascii: "\""))
        name.withUTF8Buffer { output.append(contentsOf: $0) }
        output.append(UInt8(ascii: "\""))
        output.append(UInt8(ascii: ":"))
        output.append(UInt8(ascii: " "))
        afterKey = true
    }

    mutating func string(_ text: String) {
        startElement()
        CanonicalJSON.appendQuoted(text, to: &output)
    }

    /// A string given as its UTF-8 bytes.
    mutating func string(utf8 bytes: [UInt8]) {
        startElement()
        bytes.withUnsafeBufferPointer { CanonicalJSON.appendQuoted(bytes: $0, to: &output) }
    }

    mutating func int(_ value: Int) {
        startElement()
        Self.appendDecimal(value, to: &output)
    }

    mutating func bool(_ value: Bool) {
        startElement()
        raw(value ? "true" : "false")
    }

    mutating func null() {
        startElement()
        raw("null")
    }

    /// A value built as a tree (small parts of a report: rule metadata, the invocation).
    mutating func value(_ value: JSONValue) {
        startElement()
        value.write(to: &output, indent: depth)
    }

    /// `"name": text`.
    mutating func member(_ name: StaticString, _ text: String) {
        key(name)
        string(text)
    }

    /// `"name": value`.
    mutating func member(_ name: StaticString, _ value: Int) {
        key(name)
        int(value)
    }

    /// `"name": value`.
    mutating func member(_ name: StaticString, _ value: Bool) {
        key(name)
        bool(value)
    }

    /// `"name": text`, the text given as its UTF-8 bytes.
    mutating func member(_ name: StaticString, utf8 bytes: [UInt8]) {
        key(name)
        string(utf8: bytes)
    }

    /// `"name": pointer`: the JSON pointer of `node`, written from its file's tree.
    mutating func member(_ name: StaticString, pointerOf node: NodeRef) {
        pointerBytes.removeAll(keepingCapacity: true)
        node.file.appendPointer(node.node, to: &pointerBytes)
        member(name, utf8: pointerBytes)
    }

    /// `"name": text` or `"name": null`.
    mutating func member(_ name: StaticString, _ text: String?) {
        key(name)
        if let text { string(text) } else { null() }
    }

    /// Raw bytes that are already valid JSON text at this point (a fixed prefix or suffix of a log).
    mutating func raw(_ text: StaticString) { text.withUTF8Buffer { output.append(contentsOf: $0) } }

    private mutating func open(_ bracket: UInt8) {
        startElement()
        output.append(bracket)
        isEmpty.append(true)
        depth += 1
    }

    private mutating func close(_ bracket: UInt8) {
        depth -= 1
        if !isEmpty.removeLast() { newline() }
        output.append(bracket)
    }

    /// The separator and line break before an array element or an object's key; nothing before a key's value.
    private mutating func startElement() {
        if afterKey {
            afterKey = false
            return
        }
        guard let last = isEmpty.indices.last else { return }
        if !isEmpty[last] { output.append(UInt8(ascii: ",")) }
        isEmpty[last] = false
        newline()
    }

    private mutating func newline() { Self.appendNewline(indent: depth, to: &output) }

    /// Spaces copied in slices for indentation.
    private static let spaces = [UInt8](repeating: UInt8(ascii: " "), count: 64)

    /// Appends a line break and `indent` levels of two spaces.
    static func appendNewline(indent: Int, to output: inout [UInt8]) {
        output.append(0x0A)
        var remaining = indent * 2
        spaces.withUnsafeBufferPointer { spaces in
            while remaining > 0 {
                let count = min(remaining, spaces.count)
                output.append(contentsOf: UnsafeBufferPointer(rebasing: spaces[..<count]))
                remaining -= count
            }
        }
    }

    /// Appends the decimal digits of `value`.
    static func appendDecimal(_ value: Int, to output: inout [UInt8]) {
        guard value >= 0 else {
            output += Array(String(value).utf8)
            return
        }
        let start = output.count
        var remaining = value
        repeat {
            output.append(UInt8(ascii: "0") + UInt8(remaining % 10))
            remaining /= 10
        } while remaining > 0
        output[start...].reverse()
    }
}
