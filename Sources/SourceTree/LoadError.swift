/// Why a file could not be turned into a node tree, and where.
public struct LoadError: Error, Hashable, Sendable, CustomStringConvertible {
    public var path: String
    /// Where in the file; nil when the error is about the file as a whole (it does not exist).
    public var position: Position?
    public var message: String

    public init(path: String, position: Position? = Position(line: 1, column: 1), message: String) {
        self.path = path
        self.position = position
        self.message = message
    }

    /// `FILE:LINE:COL: error: MESSAGE`, the form compilers and editors understand (`FILE: error: MESSAGE`
    /// without a position).
    public var description: String { "\(place(shownAs: path)): error: \(message)" }

    /// The position, or the file's start when the error has none (for formats that require one).
    public var positionOrFileStart: Position { position ?? Position(line: 1, column: 1) }

    /// `PATH:LINE:COL`, or `PATH` alone when there is no position, with the file shown as `path`.
    public func place(shownAs path: String) -> String {
        guard let position else { return path }
        return "\(path):\(position.line):\(position.column)"
    }
}

/// Bounds that keep hostile input from exhausting time or memory.
public struct LoadLimits: Hashable, Sendable {
    /// Largest file read, in bytes.
    public var maxFileBytes: Int
    /// Deepest nesting of mappings and sequences.
    public var maxDepth: Int
    /// Most nodes that aliases may add when expanded, summed over a file.
    public var maxAliasExpansion: Int
    /// Most files one document's references may pull in.
    public var maxFiles: Int

    public init(
        maxFileBytes: Int = 64 << 20,
        maxDepth: Int = 512,
        maxAliasExpansion: Int = 1_000_000,
        maxFiles: Int = 10_000
    ) {
        self.maxFileBytes = maxFileBytes
        self.maxDepth = maxDepth
        self.maxAliasExpansion = maxAliasExpansion
        self.maxFiles = maxFiles
    }

    public static let `default` = LoadLimits()
}
