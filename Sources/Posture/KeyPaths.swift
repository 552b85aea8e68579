/// Interned keys of received values: a key is stored once as a piece appended to its parent key, so a value deep in
/// a schema chain costs one entry, not a string as long as the chain, and equal keys have equal ids.
///
/// A key is cut before each `/`; as that cut is unique, two keys are the same text exactly when they have the same
/// pieces, whatever way they were put together (`body:a/b` + `/c` and `body:a` + `/b/c` are one id).
final class KeyPaths {
    typealias ID = Int

    /// The empty key, the root of every other.
    static let empty: ID = 0

    private struct Child: Hashable {
        let parent: ID
        let piece: Substring
    }

    private struct Join: Hashable {
        let prefix: ID
        let suffix: ID
    }

    private var parents: [ID] = [empty]
    private var pieces: [Substring] = [""]
    private var children: [Child: ID] = [:]
    private var joins: [Join: ID] = [:]

    init() {}

    /// The key `key` followed by `text`.
    func appending(_ text: String, to key: ID) -> ID {
        var current = key
        var start = text.startIndex
        while start < text.endIndex {
            let next = text[text.index(after: start)...].firstIndex(of: "/") ?? text.endIndex
            current = child(of: current, text[start..<next])
            start = next
        }
        return current
    }

    /// The key `prefix` followed by `suffix`, where `suffix` is empty or starts with `/`; remembered, so joining a
    /// prefix to every key of a walk costs one step each.
    func joining(_ prefix: ID, _ suffix: ID) -> ID {
        // Climbs from `suffix` to the nearest ancestor already joined to `prefix`, then comes back down.
        var pending: [ID] = []
        var ancestor = suffix
        var joined = prefix
        while ancestor != Self.empty {
            if let known = joins[Join(prefix: prefix, suffix: ancestor)] {
                joined = known
                break
            }
            pending.append(ancestor)
            ancestor = parents[ancestor]
        }
        for node in pending.reversed() {
            joined = child(of: joined, pieces[node])
            joins[Join(prefix: prefix, suffix: node)] = joined
        }
        return joined
    }

    /// How many distinct keys are stored.
    var count: Int { parents.count }

    private func child(of parent: ID, _ piece: Substring) -> ID {
        let child = Child(parent: parent, piece: piece)
        if let known = children[child] { return known }
        let id = parents.count
        parents.append(parent)
        pieces.append(piece)
        children[child] = id
        return id
    }
}
