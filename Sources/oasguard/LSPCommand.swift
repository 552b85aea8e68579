import ArgumentParser
import LanguageServer
import Platform

/// `oasguard lsp`: the language server, over standard input and output.
struct LSPCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lsp",
        abstract: "Run the language server (LSP over standard input and output) for editors.",
        discussion: """
            Lints open OpenAPI documents from the editor's buffers as you type, with the nearest .oasguard.yml, \
            and offers a quick fix that adds x-oasguard-ignore. See the README for VS Code, Neovim and Helix.
            """
    )

    @Option(help: "Milliseconds without a change before a document is linted again.")
    var debounce: Int = 150

    func validate() throws {
        if debounce < 0 { throw ValidationError("--debounce must be at least 0") }
    }

    func run() throws {
        let options = LanguageServerOptions(workingDirectory: workingDirectory(), debounceMilliseconds: debounce)
        let code = StdioTransport.serve(input: STDIN_FILENO, output: STDOUT_FILENO, options: options)
        if code != 0 { throw ExitCode(code) }
    }
}
