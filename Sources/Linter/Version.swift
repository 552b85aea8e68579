/// oasguard's version, shown by `--version` and written into JSON and SARIF output.
public enum OASGuardVersion {
    public static let current = "0.1.0"
    public static let informationURI = "https://github.com/oasguard/oasguard"
}
