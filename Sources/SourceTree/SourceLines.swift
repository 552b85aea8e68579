import Platform
/// The lines of a file's text, for code frames and regions; computed when a reporter needs them.
///
/// Lines are counted as SARIF, editors and GitHub count them: only `\n`, `\r\n` and `\r` end a line.
/// Any part of a line is found in time bounded by the part's length, however long the line is. Offsets are kept as
/// `UInt32` (a file is at most 64 MB), eight bytes a line.
public struct SourceLines: Sendable {
    private let bytes: [UInt8]
    /// Byte offset where each line starts (line 1 at index 0).
    private let starts: [UInt32]
    /// Index, counted in Unicode scalars from the start of the text, of each line's first scalar.
    private let scalarStarts: [UInt32]
    /// Byte offset of every `checkpointStride`-th scalar of the text.
    private let checkpoints: [UInt32]
    private static let checkpointStride = 1024

    /// The lines of a parsed file. Its line index already counts where each line starts in scalars; when it was made
    /// from the file's own bytes, that is shared, and for ASCII text (where a byte offset is a scalar index) nothing
    /// is counted again.
    public init(_ file: SourceFile) {
        guard file.linesIndexBytes else {
            self.init(bytes: file.bytes)
            return
        }
        let lineStarts = file.lines.starts
        if file.lines.isASCII, file.lines.firstByte == 0 {
            let bytes = file.bytes
            self.init(
                bytes: bytes, starts: lineStarts, scalarStarts: lineStarts,
                checkpoints: stride(from: 0, through: bytes.count, by: Self.checkpointStride).map { UInt32($0) })
        } else {
            self.init(bytes: file.bytes, scalarStarts: lineStarts)
        }
    }

    public init(bytes: [UInt8]) { self.init(bytes: bytes, scalarStarts: nil) }

    private init(bytes: [UInt8], starts: [UInt32], scalarStarts: [UInt32], checkpoints: [UInt32]) {
        self.bytes = bytes
        self.starts = starts
        self.scalarStarts = scalarStarts
        self.checkpoints = checkpoints
    }

    /// Counts the lines of `bytes`, in scalars too unless `knownScalarStarts` gives those.
    private init(bytes: [UInt8], scalarStarts knownScalarStarts: [UInt32]?) {
        self.bytes = bytes
        let first = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        let countsScalarStarts = knownScalarStarts == nil
        var starts: [UInt32] = []
        var scalarStarts: [UInt32] = []
        // Room for lines of 24 bytes on average; capacity left unused is never touched.
        starts.reserveCapacity(bytes.count / 24 + 1)
        starts.append(UInt32(first))
        if countsScalarStarts {
            scalarStarts.reserveCapacity(bytes.count / 24 + 1)
            scalarStarts.append(0)
        }
        var checkpoints: [UInt32] = []
        checkpoints.reserveCapacity(bytes.count / Self.checkpointStride + 2)
        var scalars = 0
        var index = first
        bytes.withUnsafeBufferPointer { bytes in
            while index < bytes.count {
                if let run = Self.runBeforeBreak(bytes, at: index, scalarsSoFar: scalars) {
                    scalars += run.scalars
                    index += run.bytes
                    continue
                }
                let byte = bytes[index]
                if byte & 0xC0 != 0x80 {
                    if scalars % Self.checkpointStride == 0 { checkpoints.append(UInt32(index)) }
                    scalars += 1
                }
                if byte == 0x0A || byte == 0x0D {
                    if byte == 0x0D, index + 1 < bytes.count, bytes[index + 1] == 0x0A {
                        index += 1
                        if scalars % Self.checkpointStride == 0 { checkpoints.append(UInt32(index)) }
                        scalars += 1
                    }
                    starts.append(UInt32(index + 1))
                    if countsScalarStarts { scalarStarts.append(UInt32(scalars)) }
                }
                index += 1
            }
        }
        if scalars % Self.checkpointStride == 0 { checkpoints.append(UInt32(bytes.count)) }
        self.starts = starts
        self.scalarStarts = knownScalarStarts ?? scalarStarts
        self.checkpoints = checkpoints
    }

    /// The bytes before the first line break among the eight at `index` (all eight when none is one) and how many
    /// scalars begin in them, when they are some and none is a scalar that gets a checkpoint; nil when the bytes
    /// must be looked at one by one.
    private static func runBeforeBreak(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int, scalarsSoFar: Int) -> (
        bytes: Int, scalars: Int
    )? {
        guard index + 8 <= bytes.count else { return nil }
        let word = ByteWord.load(bytes.baseAddress!, at: index)
        let breaks = ByteWord.bytes(equalTo: 0x0A, in: word) | ByteWord.bytes(equalTo: 0x0D, in: word)
        let length = breaks == 0 ? 8 : ByteWord.firstFlagged(breaks)
        guard length > 0 else { return nil }
        let starts = ByteWord.scalarStarts(in: word, first: length)
        let sinceCheckpoint = scalarsSoFar % checkpointStride
        // The scalars numbered scalarsSoFar ..< scalarsSoFar + starts must not include a multiple of the stride.
        guard starts == 0 || (sinceCheckpoint != 0 && sinceCheckpoint + starts <= checkpointStride) else { return nil }
        return (length, starts)
    }

    /// How many lines the file has (a final line break does not start a new one).
    public var count: Int {
        starts.count > 1 && starts.last == UInt32(bytes.count) ? starts.count - 1 : starts.count
    }

    /// Byte offset where a 1-based line starts.
    private func start(_ line: Int) -> Int { Int(starts[line - 1]) }

    /// Byte offset where a 1-based line's text ends, before its line break (`\r\n`, `\n` or `\r`).
    private func end(_ line: Int) -> Int {
        guard line < starts.count else { return bytes.count }
        let next = Int(starts[line])
        let crlf = next - 2 >= start(line) && bytes[next - 1] == 0x0A && bytes[next - 2] == 0x0D
        return next - (crlf ? 2 : 1)
    }

    /// The text of a 1-based line without its line break; empty past the end.
    public func text(_ line: Int) -> String {
        guard line >= 1, line <= starts.count else { return "" }
        return String(decoding: bytes[start(line)..<end(line)], as: UTF8.self)
    }

    /// How many Unicode scalars a 1-based line holds, without its line break; 0 past the end.
    public func length(_ line: Int) -> Int {
        guard line >= 1, line <= starts.count else { return 0 }
        return scalarOffset(ofByte: end(line), from: line) - Int(scalarStarts[line - 1])
    }

    /// The scalars `from..<to` (1-based columns) of a line, clamped to the line.
    public func text(_ line: Int, columns: Range<Int>) -> String {
        guard line >= 1, line <= starts.count else { return "" }
        let length = length(line)
        let lower = min(max(columns.lowerBound, 1), length + 1)
        let upper = min(max(columns.upperBound, lower), length + 1)
        let first = byteOffset(line: line, column: lower)
        let lineEnd = end(line)
        var last = first
        var remaining = upper - lower
        while remaining > 0, last < lineEnd {
            last += 1
            while last < lineEnd, bytes[last] & 0xC0 == 0x80 { last += 1 }
            remaining -= 1
        }
        return String(decoding: bytes[first..<last], as: UTF8.self)
    }

    /// The byte offset of a 1-based column of a 1-based line (the column must lie on the line or just past it).
    func byteOffset(line: Int, column: Int) -> Int {
        let target = Int(scalarStarts[line - 1]) + column - 1
        let checkpoint = min(target / Self.checkpointStride, checkpoints.count - 1)
        var offset = max(Int(checkpoints[checkpoint]), start(line))
        var scalar = max(checkpoint * Self.checkpointStride, Int(scalarStarts[line - 1]))
        while scalar < target, offset < bytes.count {
            offset += 1
            while offset < bytes.count, bytes[offset] & 0xC0 == 0x80 { offset += 1 }
            scalar += 1
        }
        return offset
    }

    /// The scalar index of a byte offset on a 1-based line.
    private func scalarOffset(ofByte target: Int, from line: Int) -> Int {
        // Find the last checkpoint at or before the target by binary search, then walk.
        var low = 0
        var high = checkpoints.count - 1
        while low < high {
            let middle = (low + high + 1) / 2
            if Int(checkpoints[middle]) <= target { low = middle } else { high = middle - 1 }
        }
        var offset = checkpoints.isEmpty ? start(line) : Int(checkpoints[low])
        var scalar = low * Self.checkpointStride
        if offset < start(line) {
            offset = start(line)
            scalar = Int(scalarStarts[line - 1])
        }
        while offset < target {
            offset += 1
            while offset < target, bytes[offset] & 0xC0 == 0x80 { offset += 1 }
            scalar += 1
        }
        return scalar
    }
}
