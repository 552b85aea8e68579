import Platform

extension UnsafeBufferPointer<UInt8> {
    /// Whether two byte ranges hold the same bytes, compared by `memcmp` (`elementsEqual` goes byte by byte).
    public func sameBytes(as other: UnsafeBufferPointer<UInt8>) -> Bool {
        count == other.count && (count == 0 || memcmp(baseAddress!, other.baseAddress!, count) == 0)
    }
}
