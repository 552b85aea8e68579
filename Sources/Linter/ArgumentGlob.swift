import References
import RuleEngine
import SourceTree

/// A path argument written as a glob (`'specs/**/*.yaml'`), expanded by oasguard itself, so that quoting it, and
/// shells without `**`, give the same files everywhere.
public struct ArgumentGlob {
    /// The pattern, normalised (`./` and `..` folded).
    public let pattern: String

    /// The pattern in `argument`, or nil when it is a plain path: it has no `*`, `?` or `[`, or names an existing file.
    public init?(_ argument: String) {
        guard argument.contains(where: { "*?[".contains($0) }), FileReader.isDirectory(argument) == nil else {
            return nil
        }
        pattern = PathName.normalize(argument)
    }

    /// The directory to search: the pattern's leading segments without wildcards (`.` when the first has one).
    var base: String {
        let segments = pattern.split(separator: "/", omittingEmptySubsequences: false)
        let fixed = segments.prefix { !$0.contains(where: { "*?[".contains($0) }) }
        if fixed.count == segments.count { return pattern }
        let joined = fixed.joined(separator: "/")
        return joined.isEmpty ? (pattern.hasPrefix("/") ? "/" : ".") : joined
    }

    /// The YAML and JSON files the pattern matches, sorted, found as a directory search finds them (hidden and
    /// dependency folders skipped).
    public func matches() -> [String] { candidates().files.map(\.path) }

    /// The files the pattern matches with their canonical paths, and the errors of the search (links out of the
    /// base folder, unreadable folders).
    func candidates() -> (files: [DocumentDiscovery.Candidate], errors: [LoadError]) {
        let glob = Glob(pattern)
        guard FileReader.isDirectory(base) == true else { return ([], []) }
        let listing = DocumentDiscovery.walk(base, canonical: FileReader.realPath(base) ?? base)
        return (listing.files.filter { glob.matches($0.path) }, listing.errors)
    }
}
