/// How many terminal columns text takes: East Asian wide and fullwidth characters (CJK, Hangul, fullwidth forms,
/// most emoji) take two, combining marks and zero-width characters none, everything else one.
enum DisplayWidth {
    /// The columns `scalar` takes.
    static func of(_ scalar: Unicode.Scalar) -> Int {
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format: return 0
        default: break
        }
        return wideRanges.contains { $0.contains(scalar.value) } ? 2 : 1
    }

    /// The columns `scalars` take.
    static func of<Scalars: Sequence<Unicode.Scalar>>(_ scalars: Scalars) -> Int {
        scalars.reduce(0) { $0 + of($1) }
    }

    /// Unicode's East Asian Width classes W and F, in broad blocks.
    static let wideRanges: [ClosedRange<UInt32>] = [
        0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xA000...0xA4CF,
        0xA960...0xA97F, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE10...0xFE19, 0xFE30...0xFE6F, 0xFF00...0xFF60,
        0xFFE0...0xFFE6, 0x1F300...0x1F64F, 0x1F900...0x1F9FF, 0x20000...0x2FFFD, 0x30000...0x3FFFD,
    ]
}
