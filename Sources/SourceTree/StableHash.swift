/// A 64-bit FNV-1a hash as 16 hex digits: stable across runs, platforms and versions, unlike `Hasher`.
public enum StableHash {
    public static func fnv1a(_ text: String) -> String {
        var hash = FNV1a()
        hash.add(text)
        return hash.hex
    }

    /// The FNV-1a hash of text given in pieces, the same as `fnv1a` of the pieces joined, without joining them.
    public struct FNV1a {
        private var hash: UInt64 = 0xcbf2_9ce4_8422_2325

        public init() {}

        public mutating func add(_ bytes: UnsafeBufferPointer<UInt8>) {
            var hash = self.hash
            for byte in bytes {
                hash ^= UInt64(byte)
                hash = hash &* 0x100_0000_01b3
            }
            self.hash = hash
        }

        public mutating func add(_ bytes: [UInt8]) { bytes.withUnsafeBufferPointer { add($0) } }

        public mutating func add(_ text: String) {
            var text = text
            text.withUTF8 { add($0) }
        }

        /// The hash as 16 hex digits.
        public var hex: String {
            let hex = String(hash, radix: 16)
            return String(repeating: "0", count: 16 - hex.count) + hex
        }
    }

    /// The hash of what a finding is about, independent of formatting and key order.
    ///
    /// A key stands for its value when that is a scalar (`url: http://…`); a key that opens a mapping or a
    /// list (`get:`) stands for itself, so editing the operation beneath does not count as changing it.
    /// Other nodes hash their whole content.
    public static func content(of node: NodeRef) -> String {
        let file = node.file
        var target = node.node
        if let value = file.value(ofKey: target), file.isScalar(value) { target = value }
        return fnv1a(CanonicalJSON.serialize(file, target, sortKeys: true))
    }
}
