import Platform

/// oasguard's version, shown by `--version` and written into JSON and SARIF output.
public enum OASGuardVersion {
    public static let current = "0.1.0"

    /// The checkout the binary was built from, where `rules/` and `schemas/` live.
    public static let sourceDirectory: String = {
        var path = #filePath  // …/Sources/Linter/Version.swift
        for _ in 0..<3 {
            guard let slash = path.lastIndex(of: "/") else { return "." }
            path = String(path[..<slash])
        }
        return path
    }()

    /// The absolute path of `relativePath` in the checkout the binary was built from, when it is still there.
    public static func sourceFile(_ relativePath: String) -> String? {
        let path = sourceDirectory + "/" + relativePath
        return access(path, R_OK) == 0 ? path : nil
    }
}
