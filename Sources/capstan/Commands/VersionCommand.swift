import ArgumentParser

/// `capstan version`: prints the binary's version, for bug reports and scripts.
struct VersionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "version",
        abstract: "Print the version of this capstan binary."
    )

    func run() throws {
        print("capstan \(CapstanVersion.current)")
    }
}
