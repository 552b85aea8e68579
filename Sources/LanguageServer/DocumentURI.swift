import References
import Reporters

/// `file:` URIs, the only documents oasguard lints, and the absolute paths they name.
public enum DocumentURI {
    /// The absolute path of a `file:` URI (empty or `localhost` authority), percent-decoded; nil for others.
    public static func path(of uri: String) -> String? {
        guard uri.lowercased().hasPrefix("file://") else { return nil }
        var rest = uri.dropFirst("file://".count)
        if rest.lowercased().hasPrefix("localhost/") { rest = rest.dropFirst("localhost".count) }
        guard rest.hasPrefix("/") else { return nil }
        let decoded = PathName.percentDecode(String(rest))
        return decoded.contains("\0") ? nil : decoded
    }

    /// The `file:` URI of an absolute path, with everything but unreserved characters and `/` percent-encoded.
    public static func uri(ofPath path: String) -> String { SARIFReporter.uriPath(path) }
}
