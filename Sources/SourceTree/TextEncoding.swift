/// Brings a file's bytes to UTF-8 before parsing, so that positions, code frames and scans all read one encoding.
public enum TextEncoding {
    /// UTF-8 as is; UTF-16 with a byte-order mark transcoded to UTF-8 (its NUL bytes never reach a code frame);
    /// UTF-32, which libyaml does not read, refused as such.
    public static func utf8(_ bytes: [UInt8], path: String) throws(LoadError) -> [UInt8] {
        if bytes.starts(with: [0x00, 0x00, 0xFE, 0xFF]) || bytes.starts(with: [0xFF, 0xFE, 0x00, 0x00]) {
            throw LoadError(
                path: path, message: "the file is UTF-32 (it starts with a UTF-32 byte-order mark); save it as UTF-8")
        }
        let bigEndian: Bool
        if bytes.starts(with: [0xFE, 0xFF]) {
            bigEndian = true
        } else if bytes.starts(with: [0xFF, 0xFE]) {
            bigEndian = false
        } else {
            return bytes
        }
        var units: [UInt16] = []
        units.reserveCapacity(bytes.count / 2)
        var index = 2
        while index + 1 < bytes.count {
            let high = UInt16(bytes[bigEndian ? index : index + 1])
            let low = UInt16(bytes[bigEndian ? index + 1 : index])
            units.append(high << 8 | low)
            index += 2
        }
        if index < bytes.count {
            throw LoadError(path: path, message: "the file is not valid UTF-16 text (an odd number of bytes)")
        }
        var output: [UInt8] = []
        output.reserveCapacity(units.count)
        let failed = transcode(
            units.makeIterator(), from: UTF16.self, to: UTF8.self, stoppingOnError: true
        ) { output.append($0) }
        if failed {
            let position = output.withUnsafeBufferPointer { YAMLLoader.position(ofByte: output.count, in: $0) }
            throw LoadError(
                path: path, position: position, message: "the file is not valid UTF-16 text (a lone surrogate)")
        }
        return output
    }
}
