/// Why a file could not be turned into a node tree, and where.
public struct LoadError: Error, Hashable, Sendable, CustomStringConvertible {
    public var path: String
    public var position: Position
    public var message: String

    public init(path: String, position: Position = Position(line: 1, column: 1), message: String) {
        self.path = path
        self.position = position
        self.message = message
    }

    /// `FILE:LINE:COL: error: MESSAGE`, the form compilers and editors understand.
    public var description: String { "\(path):\(position.line):\(position.column): error: \(message)" }
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
