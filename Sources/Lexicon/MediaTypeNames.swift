/// Media types whose content is opaque bytes rather than a structure a schema could describe.
public enum MediaTypeNames {
    /// Top-level types that are always binary.
    static let binaryTypes: Set<String> = ["image", "audio", "video", "font", "model"]
    /// `application/…` subtypes that are binary: archives, documents, certificates, raw bytes.
    static let binaryApplicationSubtypes: Set<String> = [
        "octet-stream", "pdf", "zip", "gzip", "x-gzip", "x-tar", "x-bzip2", "x-7z-compressed", "x-rar-compressed",
        "java-archive", "vnd.android.package-archive", "wasm", "x-x509-ca-cert", "pkcs12", "x-pkcs12", "pkix-cert",
        "pkcs7-mime", "x-pem-file", "msword", "vnd.ms-excel", "x-msdownload",
    ]

    /// Whether `name` (`image/png`, `application/octet-stream; charset=…`, `*/*`) carries opaque bytes.
    public static func isBinary(_ name: String) -> Bool {
        let essence = name.split(separator: ";").first.map { String($0).trimmingSpaces.lowercased() } ?? ""
        if essence == "*/*" { return true }
        let parts = essence.split(separator: "/", maxSplits: 1).map(String.init)
        guard parts.count == 2 else { return false }
        if binaryTypes.contains(parts[0]) { return true }
        if parts[0] != "application" { return false }
        let subtype = parts[1]
        return binaryApplicationSubtypes.contains(subtype)
            || subtype.hasPrefix("vnd.openxmlformats-officedocument.") || subtype.hasPrefix("vnd.oasis.opendocument.")
    }

    /// `isBinary` remembered for each name asked: a document repeats a few media types on every operation.
    public struct Memo {
        private var known: [String: Bool] = [:]

        public init() {}

        public mutating func isBinary(_ name: String) -> Bool {
            if let answer = known[name] { return answer }
            let answer = MediaTypeNames.isBinary(name)
            known[name] = answer
            return answer
        }
    }
}
