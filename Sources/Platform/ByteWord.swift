/// Eight bytes of text read as one word, so a scan tests them at once instead of one by one.
///
/// The tests give the high bit of each matching byte; a borrow can also flag a byte above a true match, so only
/// the lowest flagged byte (the first in memory on this little-endian layout) is certain; `exactBytes` flags every
/// matching byte and no other.
public enum ByteWord {
    /// 0x01 in every byte.
    @inlinable public static var ones: UInt64 { 0x0101_0101_0101_0101 }
    /// 0x80 in every byte.
    @inlinable public static var highBits: UInt64 { 0x8080_8080_8080_8080 }

    /// The eight bytes at `base + index`, the first in the lowest byte.
    @inlinable public static func load(_ base: UnsafePointer<UInt8>, at index: Int) -> UInt64 {
        UInt64(littleEndian: UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self))
    }

    /// Flags bytes below `limit` (at most 0x80).
    @inlinable public static func bytes(below limit: UInt8, in word: UInt64) -> UInt64 {
        (word &- ones &* UInt64(limit)) & ~word & highBits
    }

    /// Flags bytes equal to `byte`.
    @inlinable public static func bytes(equalTo byte: UInt8, in word: UInt64) -> UInt64 {
        bytes(below: 1, in: word ^ (ones &* UInt64(byte)))
    }

    /// Flags bytes equal to `byte`, every flag certain: no borrow crosses from one byte to the next.
    @inlinable public static func exactBytes(equalTo byte: UInt8, in word: UInt64) -> UInt64 {
        let differences = word ^ (ones &* UInt64(byte))
        let lowBits = ~highBits
        return ~(((differences & lowBits) &+ lowBits) | differences | lowBits)
    }

    /// Whether a byte of `word` is `byte`: cheaper than flagging which.
    @inlinable public static func holds(_ byte: UInt8, in word: UInt64) -> Bool {
        bytes(equalTo: byte, in: word) != 0
    }

    /// The index within the word of the first flagged byte.
    @inlinable public static func firstFlagged(_ flags: UInt64) -> Int { flags.trailingZeroBitCount / 8 }

    /// How many of the word's first `count` bytes (1 to 8) begin a Unicode scalar in UTF-8 (are not `10xxxxxx`
    /// continuation bytes).
    @inlinable public static func scalarStarts(in word: UInt64, first count: Int) -> Int {
        let continuations = word & ~(word << 1) & highBits & (~0 >> (64 - 8 * count))
        return count - continuations.nonzeroBitCount
    }

    /// Where `byte` first occurs in `bytes` at or after `start`, read eight bytes at a time.
    @inlinable public static func firstIndex(of byte: UInt8, in bytes: UnsafeBufferPointer<UInt8>, from start: Int)
        -> Int?
    {
        guard let base = bytes.baseAddress else { return nil }
        var index = start
        while index + 8 <= bytes.count {
            // The first flag is certain.
            let flags = Self.bytes(equalTo: byte, in: load(base, at: index))
            if flags != 0 { return index + firstFlagged(flags) }
            index += 8
        }
        while index < bytes.count {
            if base[index] == byte { return index }
            index += 1
        }
        return nil
    }
}
