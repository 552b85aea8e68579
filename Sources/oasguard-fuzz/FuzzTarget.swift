import Linter
import Reporters
import SourceTree

/// libFuzzer entry point: bytes through the whole pipeline — load, resolve, model, every rule, SARIF.
///
/// Built by `scripts/fuzz` with `-sanitize=fuzzer,address -DFUZZING`; without `FUZZING` the same
/// target is a replayer that runs files (crashers, corpora) through the identical path.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    FuzzPipeline.run(Array(UnsafeBufferPointer(start: data, count: size)))
    return 0
}

/// What one fuzz input goes through.
enum FuzzPipeline {
    /// Probes and loads the raw input, lints it as one document and renders every format.
    static func run(_ bytes: [UInt8]) {
        let limits = LoadLimits(maxFileBytes: 1 << 20, maxDepth: 128, maxAliasExpansion: 10_000)
        // The raw bytes too: discovery's root-key probe and the loader's encodings (UTF-16, UTF-32 marks).
        _ = RootKeyProbe.hasKey(bytes, among: ["openapi", "swagger"])
        _ = try? YAMLLoader.parse(bytes, path: "fuzz.yaml", limits: limits)
        let linter = Linter(options: LintOptions(limits: limits))
        let result = linter.lint(text: String(decoding: bytes, as: UTF8.self), path: "fuzz.yaml")
        let run = LintRun(documents: [result], inputErrors: [], rules: linter.activeRules.map(\.entry))
        let input = ReportInput(run: run, workingDirectory: "/")
        for format in ReportFormat.allCases { _ = format.render(input) }
    }
}
