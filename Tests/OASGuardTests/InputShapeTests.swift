import OpenAPIModel
import Testing

@testable import Posture

/// `InputShape`: the schemas two versions of an operation receive are paired place by place, each pair once for the
/// whole diff, so a deep schema chain, or a cycle every operation enters at its own schema, costs a pair per schema
/// (walking every place made `diff` of a finding-dense document take gigabytes).
@Suite struct InputShapeTests {
    /// A document whose one operation takes in a chain of `depth` schemas, each with a `name` bounded by
    /// `maxLength` and a `next` leading to the following one.
    static func chain(depth: Int, lastMaxLength: Int = 10) -> String {
        var text = """
            openapi: 3.0.3
            info: {title: Chain, version: '1'}
            paths:
              /links:
                post:
                  requestBody: {content: {application/json: {schema: {$ref: '#/components/schemas/Link0'}}}}
                  responses: {'204': {description: ok}}
            components:
              schemas:

            """
        for index in 0..<depth {
            let bound = index == depth - 1 ? lastMaxLength : 10
            text += "    Link\(index):\n      type: object\n      properties:\n"
            text += "        name: {type: string, maxLength: \(bound)}\n"
            if index + 1 < depth { text += "        next: {$ref: '#/components/schemas/Link\(index + 1)'}\n" }
        }
        return text
    }

    /// A document of `count` operations, each taking in its own schema of one cycle through all of them.
    static func cycle(count: Int) -> String {
        var text = "openapi: 3.0.3\ninfo: {title: Cycle, version: '1'}\npaths:\n"
        for index in 0..<count {
            text += "  /r\(index):\n    post:\n      responses: {'204': {description: ok}}\n"
            text +=
                "      requestBody: {content: {application/json: {schema: {$ref: '#/components/schemas/R\(index)'}}}}\n"
        }
        text += "components:\n  schemas:\n"
        for index in 0..<count {
            text += "    R\(index):\n      type: object\n      properties:\n"
            text += "        name: {type: string, maxLength: 10}\n"
            text += "        next: {$ref: '#/components/schemas/R\((index + 1) % count)'}\n"
        }
        return text
    }

    /// The pairs compared over every operation of a document diffed with itself.
    static func pairs(_ text: String) throws -> [InputShape.Pair] {
        let api = try SpecDiffTests.model(text)
        var compared: Set<InputShape.Pair> = []
        return api.operations.flatMap { operation in
            InputShape.pairs(
                old: (InputShape(of: operation).seeds, { InputShape.members(of: $0, in: api.schemas)[...] }),
                new: (operation, api.schemas), compared: &compared, limit: .max)
        }
    }

    @Test func aDeepChainPairsEachSchemaOnce() throws {
        let pairs = try Self.pairs(Self.chain(depth: 400))
        // Each link and its `name`, with itself.
        #expect(pairs.count == 2 * 400)
        #expect(Set(pairs).count == pairs.count)
        #expect(pairs.allSatisfy { $0.old == $0.new })
    }

    @Test func aCycleEnteredByEveryOperationIsPairedOnce() throws {
        let (small, large) = (try Self.pairs(Self.cycle(count: 100)), try Self.pairs(Self.cycle(count: 200)))
        #expect(small.count == 2 * 100)
        #expect(large.count == 2 * 200)
    }

    @Test func aBoundRaisedAtTheEndOfADeepChainIsStillFound() throws {
        let diff = try SpecDiffTests.diff(Self.chain(depth: 300), Self.chain(depth: 300, lastMaxLength: 1000))
        let raised = diff.regressions.filter { $0.kind == .inputBoundRemoved }
        #expect(raised.count == 1)
        #expect(raised.first?.message.contains("was raised from 10 to 1000") == true)
    }
}
