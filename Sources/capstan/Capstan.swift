import ArgumentParser

/// The `capstan` command: one binary for the operator, the sandbox and the offline tools.
///
/// This file only wires subcommands together; every subcommand lives in `Commands/` and calls into
/// the libraries, which hold all of the logic (the executable stays thin, as DESIGN.md asks).
@main
struct Capstan: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "capstan",
        abstract: "Run Apache Kafka (KRaft) and its ecosystem on Kubernetes.",
        discussion: """
            Capstan is a Kubernetes operator for Kafka clusters, Kafka Connect, Schema Registry, ksqlDB and \
            Kafka Streams applications. `capstan sandbox` runs everything on this machine with no cluster.
            """,
        version: CapstanVersion.current,
        subcommands: [
            VersionCommand.self,
            SandboxCommand.self,
            OperatorCommand.self, RenderCommand.self, CrdsCommand.self, InstallCommand.self,
            RebalanceCommand.self,
            KafkaCommand.self,
        ]
    )
}
