import SourceTree

/// Values by byte strings, each string with an owner (a file, or none), found by hashing the bytes: no `String` is
/// made to look a key up.
///
/// Comparing bytes decides as comparing strings does only for text no other text is canonically equal to; callers
/// put here only ASCII keys, with `asciiEquivalent` spellings for the rest (see there).
struct ByteKeyTable<Value> {
    /// Each slot holds 1 + the index of the entry hashed to it, or 0: a power of two long, at most half full.
    private var slots: [Int32] = []
    private var hashes: [Int] = []
    private var owners: [UInt] = []
    /// Where each key's bytes end in `keyBytes` (each starts where the one before ends).
    private var keyEnds: [Int] = []
    private var keyBytes: [UInt8] = []
    private var values: [Value] = []

    /// How many keys the table holds.
    var count: Int { values.count }

    /// The value of the key at `index` (an index `index(of:owner:)` gave).
    subscript(index: Int) -> Value { values[index] }

    /// The index in `values` of the key `bytes` of `owner`, or nil.
    func index(of bytes: UnsafeBufferPointer<UInt8>, owner: UInt = 0) -> Int? {
        guard !slots.isEmpty else { return nil }
        return probe(bytes, owner, hash: Self.hash(bytes, owner)).entry
    }

    /// The entry of the key `bytes` of `owner` if the table holds it, else the empty slot where it goes.
    private func probe(_ bytes: UnsafeBufferPointer<UInt8>, _ owner: UInt, hash: Int) -> (entry: Int?, slot: Int) {
        var slot = hash & (slots.count - 1)
        while slots[slot] != 0 {
            let entry = Int(slots[slot]) - 1
            if hashes[entry] == hash, owners[entry] == owner, equals(entry, bytes) { return (entry, slot) }
            slot = (slot + 1) & (slots.count - 1)
        }
        return (nil, slot)
    }

    /// Adds `value` under the key `bytes` of `owner` unless the key is there already.
    mutating func insert(_ value: Value, for bytes: UnsafeBufferPointer<UInt8>, owner: UInt = 0) {
        _ = entry(for: bytes, owner: owner, adding: value)
    }

    /// Sets the value of the key `bytes` of `owner`, adding the key if it is not there.
    mutating func set(_ value: Value, for bytes: UnsafeBufferPointer<UInt8>, owner: UInt = 0) {
        if let known = entry(for: bytes, owner: owner, adding: value) { values[known] = value }
    }

    /// The index in `values` of the key `bytes` of `owner` if it was there; else adds it with `value` (nil).
    private mutating func entry(for bytes: UnsafeBufferPointer<UInt8>, owner: UInt, adding value: Value) -> Int? {
        if (values.count + 1) * 2 > slots.count { grow() }
        let hash = Self.hash(bytes, owner)
        let (known, slot) = probe(bytes, owner, hash: hash)
        if let known { return known }
        slots[slot] = Int32(values.count + 1)
        hashes.append(hash)
        owners.append(owner)
        keyBytes.append(contentsOf: bytes)
        keyEnds.append(keyBytes.count)
        values.append(value)
        return nil
    }

    /// Makes room for `count` keys in all, so that filling the table never rehashes it.
    mutating func reserveCapacity(_ count: Int) {
        hashes.reserveCapacity(count)
        owners.reserveCapacity(count)
        keyEnds.reserveCapacity(count)
        values.reserveCapacity(count)
        if count * 2 > slots.count { rehash(slotCount: Self.slotCount(for: count)) }
    }

    private func equals(_ entry: Int, _ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let start = entry == 0 ? 0 : keyEnds[entry - 1]
        guard keyEnds[entry] - start == bytes.count else { return false }
        return keyBytes.withUnsafeBufferPointer { stored in
            UnsafeBufferPointer(rebasing: stored[start..<start + bytes.count]).sameBytes(as: bytes)
        }
    }

    private mutating func grow() { rehash(slotCount: slots.isEmpty ? 16 : slots.count * 2) }

    /// The smallest power of two at least twice `count` (and at least 16).
    private static func slotCount(for count: Int) -> Int {
        var slots = 16
        while slots < count * 2 { slots *= 2 }
        return slots
    }

    private mutating func rehash(slotCount: Int) {
        slots = [Int32](repeating: 0, count: slotCount)
        for entry in hashes.indices {
            var slot = hashes[entry] & (slotCount - 1)
            while slots[slot] != 0 { slot = (slot + 1) & (slotCount - 1) }
            slots[slot] = Int32(entry + 1)
        }
    }

    /// The process's seeded hash of a key (as `Dictionary` hashes, so that no input is made to collide).
    private static func hash(_ bytes: UnsafeBufferPointer<UInt8>, _ owner: UInt) -> Int {
        var hasher = Hasher()
        hasher.combine(owner)
        hasher.combine(bytes: UnsafeRawBufferPointer(bytes))
        return hasher.finalize()
    }

    /// The bytes of the ASCII text that `text` is canonically equal to (so that `String`'s `==` finds them equal),
    /// or nil when there is none. Only three characters beyond ASCII are canonically equal to an ASCII one: the Greek
    /// question mark (`;`), the Greek varia (`` ` ``) and the Kelvin sign (`K`).
    static func asciiEquivalent(_ text: String) -> [UInt8]? {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0..<0x80: bytes.append(UInt8(scalar.value))
            case 0x037E: bytes.append(UInt8(ascii: ";"))
            case 0x1FEF: bytes.append(UInt8(ascii: "`"))
            case 0x212A: bytes.append(UInt8(ascii: "K"))
            default: return nil
            }
        }
        return bytes
    }
}
