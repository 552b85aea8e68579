import Linter
import OpenAPIModel
import References
import SourceTree

/// Where `oasguard diff` reads a version of a document: a file, or `git:REV:path` from git history.
public enum DocumentSource: Sendable, Equatable {
    case file(String)
    /// `git show REV:path`; the path is relative to the repository's root, or to the working directory when it
    /// starts with `./` or `../`, as git reads it.
    case git(revision: String, path: String)

    /// Reads an argument: `git:REV:path` (split at the first `:` after `git:`), else a file path.
    public init(argument: String) {
        if argument.hasPrefix("git:") {
            let rest = argument.dropFirst(4)
            if let colon = rest.firstIndex(of: ":"), colon != rest.startIndex, rest.index(after: colon) != rest.endIndex
            {
                self = .git(revision: String(rest[..<colon]), path: String(rest[rest.index(after: colon)...]))
                return
            }
        }
        self = .file(argument)
    }

    /// As the user wrote it.
    public var label: String {
        switch self {
        case .file(let path): path
        case .git(let revision, let path): "git:\(revision):\(path)"
        }
    }
}

/// How reports name a version of a document: as the user gave it, and its files by the paths to show.
public struct VersionName: Sendable {
    public let source: DocumentSource
    /// For a git version, the temporary directory its files were read into and the repository folder it stands for.
    let pathMapping: (temporary: String, shown: String)?

    /// The path to show for a file of this version: for git versions, the path in the repository.
    public func displayPath(_ path: String) -> String {
        guard let (temporary, shown) = pathMapping, path == temporary || path.hasPrefix(temporary + "/") else {
            return path
        }
        let rest = path.dropFirst(temporary.count + 1)
        return shown.isEmpty ? String(rest) : PathName.join(shown, String(rest))
    }
}

/// A version of a document loaded for comparison: its model, without the lines the linter indexes for reports that
/// show code frames.
public struct LoadedDocument: Sendable {
    public let name: VersionName
    /// The model, unless an error stopped the version.
    public let model: APIModel?
    /// Errors that stopped the version, or files it references that could not be parsed.
    public let errors: [LoadError]

    init(name: VersionName, result: DocumentResult) {
        self.name = name
        model = result.model
        errors = result.errors
    }

    /// Loads and models `source` (no rules run). Errors come back in `errors`, or as the thrown error when
    /// the source could not be read at all.
    public static func load(_ source: DocumentSource, options: LintOptions) throws(LoadError) -> LoadedDocument {
        var options = options
        options.enabledRules = []
        switch source {
        case .file(let path):
            let run = Linter(options: options).lint(paths: [path])
            if let error = run.inputErrors.first { throw error }
            guard let document = run.documents.first else {
                throw LoadError(path: path, message: "excluded by the configuration, so there is nothing to compare")
            }
            return LoadedDocument(name: VersionName(source: source, pathMapping: nil), result: document)
        case .git(let revision, let path):
            let checkout = try GitRevisionReader(revision: revision, path: path, limits: options.limits).read()
            defer { checkout.files.removeAll() }
            options.referenceRoot = checkout.files.directory
            options.excludes = []
            let run = Linter(options: options).lint(paths: [checkout.documentPath])
            if let error = run.inputErrors.first { throw error }
            guard let document = run.documents.first else {
                throw LoadError(path: source.label, message: "could not be read from git")
            }
            return LoadedDocument(
                name: VersionName(source: source, pathMapping: (checkout.files.directory, "")), result: document)
        }
    }
}
