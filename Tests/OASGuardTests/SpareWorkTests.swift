import Dispatch
import Platform
import References
import SourceTree
import Synchronization
import Testing

/// Work handed to an idle thread: every piece runs once, whoever runs it, and resolving with a helper gives what
/// resolving alone gives.
@Suite struct SpareWorkTests {
    @Test func withoutAHelperTheOwnerRunsEveryPieceOnceAndNoMoreThanAllowedWait() {
        let spare = SpareWork()
        let runs = Mutex([Int](repeating: 0, count: 10))
        for piece in 0..<10 {
            spare.offer(untaken: 3) { runs.withLock { $0[piece] += 1 } }
            // Pieces beyond the three allowed to wait have run here already.
            #expect(runs.withLock { $0.reduce(0, +) } == max(0, piece + 1 - 3))
        }
        spare.finish()
        #expect(runs.withLock { $0 } == [Int](repeating: 1, count: 10))
    }

    @Test(.timeLimit(.minutes(1))) func aHelperTakesPiecesUntilClosedAndEachRunsOnce() {
        let spare = SpareWork()
        let helperDone = DispatchSemaphore(value: 0)
        DispatchQueue.global().async {
            spare.help()
            helperDone.signal()
        }
        // A piece the owner never runs itself before `finish`: only the helper can signal.
        let tookOne = DispatchSemaphore(value: 0)
        spare.offer(untaken: .max) { tookOne.signal() }
        tookOne.wait()
        let runs = Mutex([Int](repeating: 0, count: 200))
        for round in 0..<2 {
            for piece in 0..<100 {
                spare.offer(untaken: 2) { runs.withLock { $0[round * 100 + piece] += 1 } }
            }
            spare.finish()
            #expect(runs.withLock { $0[(round * 100)..<(round * 100 + 100)].allSatisfy { $0 == 1 } })
        }
        spare.close()
        helperDone.wait()
    }

    /// A document of thousands of references (many blocks of lookups ahead): direct pointers, pointers that pass
    /// through a `$ref`, escaped tokens, misses, malformed fragments and a loop.
    static let manyReferences: [UInt8] = {
        var text = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n"
        text += "    Alias: {$ref: '#/components/schemas/S1'}\n"
        text += "    LoopA: {$ref: '#/components/schemas/LoopB'}\n    LoopB: {$ref: '#/components/schemas/LoopA'}\n"
        text += "    a/b: {type: string}\n"
        for index in 0..<1500 {
            text += "    S\(index):\n      type: object\n      properties:\n"
            text += "        next: {$ref: '#/components/schemas/S\((index + 7) % 1500)'}\n"
            let odd = [
                "'#/components/schemas/Alias/properties/next'", "'#/components/schemas/a~1b'",
                "'#/components/schemas/Missing\(index % 5)'", "'#/components/schemas/S1/properties/next/~'",
                "'#/components/schemas/LoopA'", "'#/components/schemas/S%31'",
            ]
            text += "        odd: {$ref: \(odd[index % odd.count])}\n"
        }
        return Array(text.utf8)
    }()

    @Test(.timeLimit(.minutes(1))) func resolvingWithAHelperFindsWhatResolvingAloneFinds() throws {
        func resolved(helped: Bool) throws -> (targets: [String], problems: [String]) {
            let file = try YAMLLoader.parse(Self.manyReferences, path: "many.yaml")
            let resolver = ReferenceResolver(store: SourceStore(root: .inMemory), rootFile: file)
            let spare = SpareWork()
            let helperDone = DispatchSemaphore(value: 0)
            if helped {
                DispatchQueue.global().async {
                    spare.help()
                    helperDone.signal()
                }
            }
            resolver.resolveAll(spare: spare)
            spare.close()
            if helped { helperDone.wait() }
            let targets = file.referenceNodes.map { node in
                let reference = NodeRef(file, node)
                let hop = (try? resolver.resolve(reference).get()).map(\.pointer) ?? "-"
                return hop + " " + (resolver.follow(reference).map(\.pointer) ?? "-")
            }
            return (targets, resolver.problems.map { "\($0.reference.position) \($0.target) \($0.reason)" })
        }
        let alone = try resolved(helped: false)
        #expect(alone.targets.count > 3000)
        #expect(alone.problems.count > 500)
        for _ in 0..<3 {
            let helped = try resolved(helped: true)
            #expect(helped.targets == alone.targets)
            #expect(helped.problems == alone.problems)
        }
    }
}
