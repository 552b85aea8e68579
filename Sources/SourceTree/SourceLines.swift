/// The lines of a file's text, for code frames and regions; computed when a reporter needs them.
public struct SourceLines: Sendable {
    private let bytes: [UInt8]
    /// Byte offset where each line starts (line 1 at index 0).
    private let starts: [Int]

    public init(_ file: SourceFile) {
        bytes = file.bytes
        var starts = [bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0]
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == 0x0A {
                starts.append(index + 1)
            } else if byte == 0x0D {
                if index + 1 < bytes.count, bytes[index + 1] == 0x0A { index += 1 }
                starts.append(index + 1)
            }
            index += 1
        }
        self.starts = starts
    }

    /// How many lines the file has (a final line break does not start a new one).
    public var count: Int {
        starts.count > 1 && starts.last == bytes.count ? starts.count - 1 : starts.count
    }

    /// The text of a 1-based line without its line break; empty past the end.
    public func text(_ line: Int) -> String {
        guard line >= 1, line <= starts.count else { return "" }
        var end = line < starts.count ? starts[line] : bytes.count
        while end > starts[line - 1], bytes[end - 1] == 0x0A || bytes[end - 1] == 0x0D { end -= 1 }
        return String(decoding: bytes[starts[line - 1]..<end], as: UTF8.self)
    }
}
