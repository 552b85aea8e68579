// swift-tools-version: 6.0
import PackageDescription

#if canImport(Glibc)
    import Glibc
#endif

/// The loader's relative relocations packed into a bitmap (DT_RELR, 8 KB instead of 1 MB of `.rela.dyn` that the
/// loader reads at every start), when the C library of this machine, which builds and runs the binary, reads them
/// (glibc 2.36 and later; an older loader refuses such a binary).
let packedRelocations: [String] = {
    #if canImport(Glibc)
        // "glibc 2.36".
        var text = [UInt8](repeating: 0, count: 64)
        let length = text.withUnsafeMutableBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { confstr(Int32(_CS_GNU_LIBC_VERSION), $0.baseAddress, $0.count) }
        }
        guard length > 1, length <= text.count else { return [] }
        let version = String(decoding: text[..<(length - 1)], as: UTF8.self).split(separator: " ").last?
            .split(separator: ".").compactMap { Int($0) }
        guard let version, version.count >= 2, (version[0], version[1]) >= (2, 36) else { return [] }
        return ["-Xlinker", "-z", "-Xlinker", "pack-relative-relocs"]
    #else
        return []
    #endif
}()

/// Links a fully static executable (`-static-executable`: the C and C++ libraries and libyaml in the binary as well
/// as the Swift runtime) when their static archives are on this machine: Debian and Ubuntu ship them in libc6-dev,
/// libstdc++-*-dev and libyaml-dev; elsewhere (Fedora's glibc-static) they may be missing, and then only the Swift
/// runtime is linked in (`-static-stdlib`). A static run maps no shared library: the loader binds no symbols and
/// relocates nothing, and the pages of libc, libstdc++ and libm a run touches are the functions it calls, placed by
/// Linking/startup-order.txt, instead of whole shared segments (a small lint: 10.0 → 7.7 MB).
let linksStaticExecutable: Bool = {
    #if canImport(Glibc)
        let folders = ["/usr/lib/x86_64-linux-gnu", "/usr/lib/aarch64-linux-gnu", "/usr/lib64", "/usr/lib"]
        func archive(_ name: String) -> Bool { folders.contains { access("\($0)/\(name)", R_OK) == 0 } }
        return archive("libc.a") && archive("libm.a") && archive("libyaml.a") && compilerArchive("libstdc++.a")
    #else
        return false
    #endif
}()

#if canImport(Glibc)
    /// Whether a GCC installation under /usr/lib/gcc (or /usr/lib64/gcc) holds `name`, as `…/TRIPLE/VERSION/name`.
    func compilerArchive(_ name: String) -> Bool {
        for root in ["/usr/lib/gcc", "/usr/lib64/gcc"] {
            for triple in folderEntries(root) {
                for version in folderEntries("\(root)/\(triple)")
                where access("\(root)/\(triple)/\(version)/\(name)", R_OK) == 0 {
                    return true
                }
            }
        }
        return false
    }

    /// The names in a folder, without `.` and `..`; none when it cannot be read.
    func folderEntries(_ path: String) -> [String] {
        guard let folder = opendir(path) else { return [] }
        defer { closedir(folder) }
        var names: [String] = []
        while let entry = readdir(folder) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { bytes in
                String(decoding: bytes.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }
#endif

/// The folder of this manifest: linker inputs are named by absolute path, whatever folder the link runs in.
let packageDirectory = String(#filePath.prefix(upTo: #filePath.lastIndex(of: "/")!))

let package = Package(
    name: "oasguard",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "oasguard", targets: ["oasguard"])
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0")
    ],
    targets: [
        // libyaml, the system library (Debian: libyaml-dev).
        .systemLibrary(
            name: "CYAML",
            pkgConfig: "yaml-0.1",
            providers: [.apt(["libyaml-dev"]), .brew(["libyaml"])]
        ),
        // The platform's C library (Glibc, Musl or Darwin) behind one module.
        .target(name: "Platform"),
        // Stage 1: bytes → positioned node tree.
        .target(name: "SourceTree", dependencies: ["CYAML", "Platform"]),
        // Stage 2: files confined to a root, `$ref` resolution across them.
        .target(name: "References", dependencies: ["SourceTree", "Platform"]),
        // Stage 3: the typed OpenAPI model, one shape for 2.0, 3.0 and 3.1.
        .target(name: "OpenAPIModel", dependencies: ["SourceTree", "References", "Platform"]),
        // The words oasguard recognises: sensitive names, scopes, credentials, media types, HTTP authentication schemes.
        .target(name: "Lexicon", dependencies: ["Platform"]),
        // Stage 4: the rule protocol, findings and the catalog format.
        .target(name: "RuleEngine", dependencies: ["SourceTree", "OpenAPIModel", "Lexicon"]),
        // The rules themselves, one file each, registered from `rules/*.yaml` at build time.
        .target(
            name: "Rules",
            dependencies: ["RuleEngine", "OpenAPIModel", "SourceTree", "Lexicon"],
            plugins: ["RuleCatalogPlugin"]
        ),
        // Organisation policies: declarative requirements from the configuration, evaluated like rules.
        .target(name: "Policies", dependencies: ["SourceTree", "OpenAPIModel", "RuleEngine", "Lexicon"]),
        // The pipeline: paths in, sorted findings out.
        .target(
            name: "Linter",
            dependencies: ["SourceTree", "References", "OpenAPIModel", "RuleEngine", "Rules", "Policies", "Platform"]
        ),
        // Posture over whole documents: inventory, security score, and the diff of two versions.
        .target(
            name: "Posture",
            dependencies: ["SourceTree", "References", "OpenAPIModel", "RuleEngine", "Linter", "Platform", "Lexicon"]
        ),
        // Stage 5: text, JSON and SARIF output.
        .target(
            name: "Reporters",
            dependencies: ["Linter", "RuleEngine", "SourceTree", "References", "OpenAPIModel", "Posture", "Lexicon"]),
        // `oasguard lsp`: JSON-RPC framing, positions in the editor's encoding, diagnostics, quick fixes, hover.
        .target(
            name: "LanguageServer",
            dependencies: ["Linter", "Reporters", "RuleEngine", "SourceTree", "References", "Platform"]
        ),
        .executableTarget(
            name: "oasguard",
            dependencies: [
                "Linter", "Reporters", "RuleEngine", "Rules", "Policies", "Posture", "References", "SourceTree",
                "Platform", "LanguageServer", "Lexicon",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            // The Swift runtime linked in (and the C libraries, see `linksStaticExecutable`): no shared Swift
            // libraries to map and relocate at every start, which is most of the start-up memory and time of a
            // short run. ArgumentParser imports FoundationEssentials, whose static library needs the two below;
            // `--static-swift-stdlib` finds them by compiling every module against the static SDK, which a package
            // setting cannot ask for a dependency. lld places the functions a short run executes together
            // (scripts/startup-order), so a run maps fewer pages of text; it also links in a third of gold's time,
            // without gold's warning about FoundationEssentials' mktemp.
            // `-static-stdlib` also exports every symbol of our own modules (`-export-dynamic`), 4,000 names whose
            // table the loader reads at every start while it binds the C libraries; nothing looks them up.
            linkerSettings: [
                .unsafeFlags(
                    [
                        linksStaticExecutable ? "-static-executable" : "-static-stdlib", "-use-ld=lld",
                        "-Xlinker", "--symbol-ordering-file=\(packageDirectory)/Linking/startup-order.txt",
                        "-Xlinker", "--no-warn-symbol-ordering", "-Xlinker", "--no-export-dynamic",
                    ] + packedRelocations, .when(platforms: [.linux])),
                .linkedLibrary("_FoundationCShims", .when(platforms: [.linux])),
                .linkedLibrary("_FoundationCollections", .when(platforms: [.linux])),
            ]
        ),
        // libFuzzer target (built by scripts/fuzz); a plain build is a replayer of crashers.
        .executableTarget(name: "oasguard-fuzz", dependencies: ["Linter", "Reporters", "SourceTree", "Platform"]),
        // Build-time tool: checks and embeds `rules/*.yaml` and lists the rule types.
        .executableTarget(name: "rule-catalog-generator", dependencies: ["RuleEngine", "SourceTree"]),
        .plugin(
            name: "RuleCatalogPlugin",
            capability: .buildTool(),
            dependencies: ["rule-catalog-generator"]
        ),
        .testTarget(
            name: "OASGuardTests",
            dependencies: [
                "SourceTree", "References", "OpenAPIModel", "RuleEngine", "Rules", "Policies", "Linter", "Reporters",
                "Posture", "LanguageServer", "Lexicon", "Platform",
            ],
            exclude: ["Fixtures"]
        ),
    ],
    swiftLanguageModes: [.v6]
)

// Each function in a section of its own (as the static Swift runtime is built), so that lld can place the functions
// of Linking/startup-order.txt next to each other instead of whole source files.
for target in package.targets where target.type == .regular || target.type == .executable {
    target.swiftSettings =
        (target.swiftSettings ?? []) + [.unsafeFlags(["-Xfrontend", "-function-sections"], .when(platforms: [.linux]))]
}
