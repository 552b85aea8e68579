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
        try load(ParsedVersion(source, options: options))
    }

    /// Resolves references and models a parsed version, then removes the files read for it from git.
    public static func load(_ parsed: ParsedVersion) throws(LoadError) -> LoadedDocument {
        defer { parsed.checkout?.files.removeAll() }
        let document = try parsed.document.get()
        return LoadedDocument(name: parsed.name, result: parsed.linter.lint(document))
    }
}

/// A version of a document whose root file is read and parsed, to be modelled by `LoadedDocument.load(_:)`: the
/// new version is parsed while the old one is modelled.
public struct ParsedVersion: Sendable {
    let name: VersionName
    /// The linter that parsed it, running no rules.
    let linter: Linter
    /// The parsed document, or what stopped the version before it was parsed.
    let document: Result<ParsedDocument, LoadError>
    /// For a git version, the files read from git, which references are read from until the version is modelled.
    let checkout: GitRevisionReader.Checkout?

    /// The size in bytes of the root file, when it was parsed.
    public var rootFileBytes: Int { (try? document.get())?.file?.bytes.count ?? 0 }

    /// Reads and parses `source`'s document.
    public init(_ source: DocumentSource, options: LintOptions) {
        var options = options
        // No rule runs, so nothing is reported with a code frame of this version and its lines are not indexed.
        options.enabledRules = []
        let checkout: GitRevisionReader.Checkout?
        let path: String
        let pathMapping: (temporary: String, shown: String)?
        switch source {
        case .file(let file):
            (checkout, path, pathMapping) = (nil, file, nil)
        case .git(let revision, let file):
            do {
                let read = try GitRevisionReader(revision: revision, path: file, limits: options.limits).read()
                options.referenceRoot = read.files.directory
                options.excludes = []
                (checkout, path, pathMapping) = (read, read.documentPath, (read.files.directory, ""))
            } catch {
                self.init(
                    name: VersionName(source: source, pathMapping: nil), linter: Linter(options: options),
                    document: .failure(error), checkout: nil)
                return
            }
        }
        let linter = Linter(options: options)
        let found = linter.find(paths: [path])
        let document: Result<ParsedDocument, LoadError>
        if let error = found.errors.first {
            document = .failure(error)
        } else if let first = found.documents.first {
            document = .success(linter.parse(first))
        } else if checkout == nil {
            document = .failure(
                LoadError(path: path, message: "excluded by the configuration, so there is nothing to compare"))
        } else {
            document = .failure(LoadError(path: source.label, message: "could not be read from git"))
        }
        self.init(
            name: VersionName(source: source, pathMapping: pathMapping), linter: linter, document: document,
            checkout: checkout)
    }

    private init(
        name: VersionName, linter: Linter, document: Result<ParsedDocument, LoadError>,
        checkout: GitRevisionReader.Checkout?
    ) {
        self.name = name
        self.linter = linter
        self.document = document
        self.checkout = checkout
    }
}
