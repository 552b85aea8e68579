import SourceTree

/// Where a document's `$ref`s may lead: inside one directory, or nowhere for a document held only in memory.
public enum ReferenceRoot: Sendable, Hashable, CustomStringConvertible {
    /// Inside this directory, by its canonical (link-free) path.
    case directory(String)
    /// Nowhere: the document exists only in memory, so no file lies relative to it.
    case inMemory

    /// `directory` with its links resolved, or only normalised when it does not exist.
    public static func canonicalising(_ directory: String) -> ReferenceRoot {
        .directory(FileReader.realPath(directory) ?? PathName.normalize(directory))
    }

    /// The root of a document when none is given: its enclosing git repository, else its directory. Canonical
    /// because the document's path is.
    public static func enclosing(document canonicalPath: String) -> ReferenceRoot {
        let directory = PathName.directory(of: canonicalPath)
        return .directory(RepositoryAncestry(from: directory).repositoryRoot ?? directory)
    }

    /// Whether a canonical path is the root or lies below it.
    public func contains(_ canonical: String) -> Bool {
        guard case .directory(let root) = self else { return false }
        return root == "/" || canonical == root || canonical.hasPrefix(root + "/")
    }

    /// Whether a canonical path lies strictly below the root, so that it is opened from the root down.
    func isBelow(_ canonical: String) -> Bool {
        guard case .directory(let root) = self else { return false }
        return canonical.hasPrefix(root == "/" ? "/" : root + "/")
    }

    /// The directory, as messages show it.
    public var description: String {
        switch self {
        case .directory(let root): root
        case .inMemory: "(none: the document is held in memory)"
        }
    }
}

/// A directory and its parents up to the root of the git repository enclosing it: where the search for a
/// configuration file stops, and the reference root of a document that names none.
public struct RepositoryAncestry: Sendable {
    /// The directory first, then each parent, ending at the repository root (or `/` outside git).
    public let directories: [String]
    /// The root of the enclosing git repository (the directory holding `.git`); nil outside git.
    public let repositoryRoot: String?

    public init(from directory: String) {
        var directories = [directory]
        var current = directory
        while FileReader.isDirectory(current + "/.git") == nil {
            let parent = PathName.directory(of: current)
            guard parent != current else {
                self.directories = directories
                repositoryRoot = nil
                return
            }
            directories.append(parent)
            current = parent
        }
        self.directories = directories
        repositoryRoot = current
    }
}
