import Dispatch
import Linter
import Synchronization

/// The output formats, each a reporter.
public enum ReportFormat: String, CaseIterable, Sendable {
    case text, json, sarif, github, junit, markdown, html

    /// Writes the report as UTF-8, handing it to `drain` in pieces: text, JSON and SARIF are streamed as they are
    /// built, so however many findings there are, only a megabyte of output is held at a time.
    public func write(
        _ input: ReportInput, useColor: Bool = false, showSuppressed: Bool = false, quiet: Bool = false,
        drain: ([UInt8]) -> Void
    ) {
        switch self {
        case .json: JSONReporter().write(input, drain: drain)
        case .sarif: SARIFReporter().write(input, drain: drain)
        case .text:
            TextReporter(useColor: useColor, showSuppressed: showSuppressed, quiet: quiet).write(input, drain: drain)
        default: drain(Array(render(input, useColor: useColor, showSuppressed: showSuppressed, quiet: quiet).utf8))
        }
    }

    /// Renders the run in this format.
    public func render(
        _ input: ReportInput, useColor: Bool = false, showSuppressed: Bool = false, quiet: Bool = false
    ) -> String {
        switch self {
        case .text: TextReporter(useColor: useColor, showSuppressed: showSuppressed, quiet: quiet).render(input)
        case .json: JSONReporter().render(input)
        case .sarif: SARIFReporter().render(input)
        case .github: GitHubReporter().render(input)
        case .junit: JUnitReporter().render(input)
        case .markdown: MarkdownReporter().render(input)
        case .html:
            HTMLReporter(run: input.run, outlines: input.inventoryOutlines, workingDirectory: input.workingDirectory)
                .render()
        }
    }
}

/// How much output a streaming reporter holds before handing it on.
let outputChunkSize = 1 << 16

/// A writer that collects output as bytes and hands it on in pieces of about `outputChunkSize`.
protocol ChunkedOutput {
    /// What has been written and not yet handed on.
    var output: [UInt8] { get set }
}

extension ChunkedOutput {
    /// Hands what has been written to `drain` once it passes `outputChunkSize`.
    mutating func drain(whenFull drain: ([UInt8]) -> Void) {
        guard output.count >= outputChunkSize else { return }
        flush(to: drain)
    }

    /// Hands everything written so far to `drain`.
    mutating func flush(to drain: ([UInt8]) -> Void) {
        drain(output)
        output.removeAll(keepingCapacity: true)
    }
}

/// How many items one piece of a report holds at most when its items are written on both cores (`writeInPieces`).
let itemsPerPiece = 1024

/// Writes items `0..<count` of a report in pieces, two at once on the two cores, and hands the pieces' bytes to
/// `drain` in order; `write` writes the items of one piece to the drain it is given. Each pair of pieces takes up to
/// `2 * itemsPerPiece` items, split evenly, so the cores finish a pair together; a pair is held until both are
/// written. No more than `itemsPerPiece` items are written on this thread straight to `drain`, holding none.
func writeInPieces(
    count: Int, drain: ([UInt8]) -> Void, write: @Sendable (Range<Int>, _ drain: ([UInt8]) -> Void) -> Void
) {
    guard count > itemsPerPiece else {
        if count > 0 { withoutActuallyEscaping(drain) { write(0..<count, $0) } }
        return
    }
    for range in pairedPieces(count: count) {
        let middle = range.lowerBound + (range.count + 1) / 2
        let halves = [range.lowerBound..<middle, middle..<range.upperBound]
        // Each piece's chunks kept apart, not joined into one array that grows by copying; each copied to its size,
        // so that the writer's buffer, with room to spare, is reused rather than held.
        let pieces = Mutex<[[[UInt8]]]>([[], []])
        DispatchQueue.concurrentPerform(iterations: 2) { index in
            var chunks: [[UInt8]] = []
            write(halves[index]) { chunks.append(Array($0[...])) }
            pieces.withLock { $0[index] = chunks }
        }
        for piece in pieces.withLock({ $0 }) { for chunk in piece where !chunk.isEmpty { drain(chunk) } }
    }
}

/// The items `0..<count` in runs of at most `2 * itemsPerPiece`, as few runs as that allows and of even sizes.
func pairedPieces(count: Int) -> [Range<Int>] {
    let runs = (count + 2 * itemsPerPiece - 1) / (2 * itemsPerPiece)
    return (0..<runs).map { run in (count * run / runs)..<(count * (run + 1) / runs) }
}

/// Gathers what a streaming writer drains into one buffer.
func collect(_ write: (([UInt8]) -> Void) -> Void) -> [UInt8] {
    var all: [UInt8] = []
    write { all += $0 }
    return all
}
