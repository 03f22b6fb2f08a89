import ArgumentParser

/// `capstan sandbox`: the embedded default — API server, simulated nodes and Kafka, and the operator,
/// all in one process.
///
/// The pieces it wires together (in-memory API server, simulated Kafka, controllers) are still being
/// built; until they land the command says so plainly and exits non-zero rather than pretending.
struct SandboxCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sandbox",
        abstract: "Run Kafka on Kubernetes entirely on this machine (no cluster needed)."
    )

    func run() throws {
        print("""
            capstan sandbox: not built yet.
            The in-memory API server, the simulated Kafka cluster and the controllers it runs are open \
            issues; see README.md for what works today.
            """)
        throw ExitCode(2)
    }
}
