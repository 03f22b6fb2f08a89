import ArgumentParser

/// `capstan rebalance`: partition reassignment planning (the KafkaBalance library).
struct RebalanceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rebalance",
        abstract: "Plan partition reassignments: rack-safe, balanced, minimal data movement.",
        subcommands: [RebalancePlanCommand.self]
    )
}
