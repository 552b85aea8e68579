import Foundation
import Testing

/// A credential found in a description is never printed back, in any output of any command.
@Suite(.serialized) struct SecretConcealmentTests {
    /// Fake credentials, assembled here so that the test file itself holds none whole.
    static let secrets = [
        "AKIA" + "QSLOJOLIE8NSB1IA", "ghp_" + "Ky9Pf34qY6Nb3wWD25RQ4F5ZR3qa7y3gm1IL",
        "sk_live_" + "w0MZOqSCJNViCRUCIlsmlHwq",
        "rvo7p9282" + "xAk1W", "Tq83nZ" + "pw4LkR",
    ]

    /// A description leaking each secret: in an extension, a plain-HTTP server URL and token URL (on lines other
    /// rules report too), a description, an example written on one line with a schema, and an ignored example.
    static let document = """
        openapi: 3.0.3
        info: {title: Leaky, version: '1', x-note: 'staging key \(secrets[0])'}
        servers:
          - url: http://deploy:\(secrets[3])@storage.example.com/v1
        components:
          securitySchemes:
            oauth:
              type: oauth2
              flows:
                clientCredentials:
                  tokenUrl: http://svc:\(secrets[4])@auth.example.com/token
                  scopes: {}
        security: [{oauth: []}]
        paths:
          /keys:
            get:
              description: Call it with \(secrets[1]) as the token.
              responses:
                '200':
                  description: The key.
                  content:
                    application/json:
                      schema: {type: object, properties: {key: {type: string, example: \(secrets[2])}}}
                      x-oasguard-ignore: secret-in-example
                      example: {key: \(secrets[2])}
        """

    func expectConcealed(_ output: String, _ label: String) {
        for secret in Self.secrets {
            #expect(!output.contains(secret), "\(label) prints a secret")
        }
    }

    @Test func noLintFormatPrintsTheSecret() throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try TestSupport.write(Self.document, to: "leaky.yaml", in: directory)
        for format in ["text", "json", "sarif", "github", "junit", "markdown", "html"] {
            let outcome = try TestSupport.run(
                ["lint", "--format", format, "--show-suppressed", "--score", "leaky.yaml"], in: directory)
            #expect(outcome.status == 1, "\(format): \(outcome.stderr)")
            #expect(outcome.stdout.contains("secret-in-example"), "\(format) reports the secrets")
            expectConcealed(outcome.stdout + outcome.stderr, format)
        }
        let text = try TestSupport.run(["lint", "leaky.yaml"], in: directory).stdout
        #expect(text.contains("an AWS access key id (`AKIA…`, 20 characters)"))
        #expect(text.contains("[concealed]"))
        #expect(text.contains("[server-url-plain-http]") && text.contains("[auth-url-plain-http]"))
        _ = try TestSupport.run(["lint", "--write-baseline", "baseline.json", "leaky.yaml"], in: directory)
        let baseline = try String(contentsOfFile: directory + "/baseline.json", encoding: .utf8)
        #expect(baseline.contains("secret-in-example"))
        expectConcealed(baseline, "the baseline")
    }

    @Test func noInventoryOrDiffFormatPrintsTheSecret() throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try TestSupport.write(Self.document, to: "leaky.yaml", in: directory)
        let https = Self.document.replacingOccurrences(of: "http://deploy", with: "https://deploy")
        try TestSupport.write(https, to: "before.yaml", in: directory)
        for format in ["text", "json", "csv", "markdown", "html"] {
            let outcome = try TestSupport.run(["inventory", "--format", format, "leaky.yaml"], in: directory)
            #expect(outcome.stdout.contains("storage.example.com"), "\(format) lists the server")
            expectConcealed(outcome.stdout + outcome.stderr, "inventory \(format)")
        }
        for format in ["text", "json", "markdown", "sarif", "html"] {
            let outcome = try TestSupport.run(["diff", "--format", format, "before.yaml", "leaky.yaml"], in: directory)
            #expect(outcome.stdout.contains("storage.example.com"), "\(format) names the server")
            expectConcealed(outcome.stdout + outcome.stderr, "diff \(format)")
        }
    }
}
