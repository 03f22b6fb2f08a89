import ArgumentParser
import KafkaAdmin

/// `capstan kafka cluster`: cluster id, controller and brokers.
struct KafkaClusterCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "cluster", abstract: "Describe the cluster: id, controller, brokers.")

    @OptionGroup var connection: KafkaConnectionOptions
    @OptionGroup var format: KafkaOutputOptions

    func run() async throws {
        let cluster = try await connection.withClient { try await $0.describeCluster() }
        try format.emit(
            cluster,
            rows: [["BROKER", "HOST", "PORT", "RACK", "ROLE"]]
                + cluster.brokers.map {
                    ["\($0.id)", $0.host, "\($0.port)", $0.rack ?? "-", $0.id == cluster.controllerId ? "controller" : ""]
                })
        if format.output == .table { print("cluster id: \(cluster.clusterId)") }
    }
}

/// `capstan kafka quorum`: KRaft voters and observers with lag.
struct KafkaQuorumCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "quorum", abstract: "Describe the KRaft controller quorum.")

    @OptionGroup var connection: KafkaConnectionOptions
    @OptionGroup var format: KafkaOutputOptions

    func run() async throws {
        let quorum = try await connection.withClient { try await $0.describeQuorum() }
        func row(_ replica: KafkaQuorumDescription.Replica, role: String) -> [String] {
            [
                "\(replica.id)", replica.id == quorum.leaderId ? "leader" : role, "\(replica.logEndOffset)", "\(replica.lag)",
                replica.lastCaughtUpTimestamp.map(String.init) ?? "-",
            ]
        }
        try format.emit(
            quorum,
            rows: [["NODE", "ROLE", "LOG END", "LAG", "LAST CAUGHT UP (ms)"]]
                + quorum.voters.map { row($0, role: "voter") } + quorum.observers.map { row($0, role: "observer") })
    }
}
