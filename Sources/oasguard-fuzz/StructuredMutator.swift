#if FUZZING
    import Platform

    /// Whether the structured target runs: `OASGUARD_FUZZ_MUTATOR=lines`; otherwise mutation is libFuzzer's alone.
    let structured = getenv("OASGUARD_FUZZ_MUTATOR").map { String(cString: $0) } == "lines"

    /// A libFuzzer custom mutator that edits YAML by lines — the unit of block structure — so mutants stay
    /// close to real documents: duplicate, drop, move or re-indent a line, or set a value to an OpenAPI keyword.
    /// libFuzzer's own byte mutations still run half of the time.
    @_cdecl("LLVMFuzzerCustomMutator")
    public func fuzzCustomMutator(
        _ data: UnsafeMutablePointer<UInt8>, _ size: Int, _ maxSize: Int, _ seed: UInt32
    ) -> Int {
        var generator = SplitMix(seed: UInt64(seed))
        if !structured || generator.next() % 2 == 0 { return LLVMFuzzerMutate(data, size, maxSize) }
        var lines = Array(UnsafeBufferPointer(start: data, count: size)).split(
            separator: 0x0A, omittingEmptySubsequences: false
        )
        .map(Array.init)
        guard !lines.isEmpty else { return LLVMFuzzerMutate(data, size, maxSize) }
        let index = Int(generator.next() % UInt64(lines.count))
        switch generator.next() % 6 {
        case 0: lines.insert(lines[index], at: index)
        case 1: lines.remove(at: index)
        case 2:
            let line = lines.remove(at: index)
            lines.insert(line, at: Int(generator.next() % UInt64(lines.count + 1)))
        case 3: lines[index] = [0x20, 0x20] + lines[index]
        case 4: if lines[index].starts(with: [0x20, 0x20]) { lines[index].removeFirst(2) }
        default:
            let word = Array(keywords[Int(generator.next() % UInt64(keywords.count))].utf8)
            if let colon = lines[index].firstIndex(of: UInt8(ascii: ":")) {
                lines[index] = Array(lines[index][...colon]) + [0x20] + word
            } else {
                lines[index] += word
            }
        }
        let mutated = Array(lines.joined(separator: [0x0A]).prefix(maxSize))
        mutated.withUnsafeBufferPointer { data.update(from: $0.baseAddress!, count: mutated.count) }
        return mutated.count
    }

    /// libFuzzer's built-in mutation, for the other half of the time.
    @_silgen_name("LLVMFuzzerMutate")
    func LLVMFuzzerMutate(_ data: UnsafeMutablePointer<UInt8>, _ size: Int, _ maxSize: Int) -> Int

    /// Values that matter to OpenAPI readers and to oasguard's rules.
    let keywords = [
        "[]", "{}", "[{}]", "null", "true", "~", "'#/components/schemas/A'", "{$ref: '#'}", "{$ref: '#/paths'}",
        "{$ref: 'other.yaml'}", "{$ref: '../../etc/passwd'}", "{$ref: 'https://x'}", "http://example.com", "basic",
        "oauth2", "apiKey", "query", "implicit", "password", "*a", "&a x", "<<: *a", "3.1.0", "2.0", "1e999",
        "-9999999999999999999999", "[string, 'null']", "\"\\ud83d\"", "|\n  text",
    ]
#endif
