import SourceTree

#if FUZZING
    /// libFuzzer's driver, which parses its flags and calls the target in a loop.
    @_silgen_name("LLVMFuzzerRunDriver")
    func LLVMFuzzerRunDriver(
        _ argc: UnsafeMutablePointer<Int32>,
        _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
        _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32
    ) -> Int32

    /// The entry point SwiftPM links as `main`: hands control to libFuzzer.
    @_cdecl("oasguard_fuzz_main")
    func fuzzMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
        var count = argc
        var arguments = argv
        return LLVMFuzzerRunDriver(&count, &arguments) { data, size in
            guard let data else { return 0 }
            return fuzzOneInput(data, size)
        }
    }
#else
    /// Without libFuzzer: runs each file named on the command line through the fuzz pipeline.
    @main
    struct Replay {
        static func main() throws {
            for path in CommandLine.arguments.dropFirst() {
                FuzzPipeline.run(try FileReader.read(path: path, maxBytes: 1 << 24))
                print("ok \(path)")
            }
        }
    }
#endif
