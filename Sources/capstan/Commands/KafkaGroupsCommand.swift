import ArgumentParser
import KafkaAdmin

/// `capstan kafka groups list|describe|lag`.
struct KafkaGroupsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "groups", abstract: "Consumer groups: list, describe, lag.", subcommands: [List.self, Describe.self, Lag.self])

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List groups on every broker.")
        @OptionGroup var connection: KafkaConnectionOptions
        @OptionGroup var format: KafkaOutputOptions

        func run() async throws {
            let groups = try await connection.withClient { try await $0.listGroups() }
            try format.emit(groups, rows: [["GROUP", "PROTOCOL", "STATE", "TYPE"]] + groups.map { [$0.groupId, $0.protocolType, $0.state, $0.type] })
        }
    }

    struct Describe: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "State and members of groups.")
        @OptionGroup var connection: KafkaConnectionOptions
        @OptionGroup var format: KafkaOutputOptions
        @Argument(help: "Group ids.") var groups: [String]

        func run() async throws {
            let described = try await connection.withClient { try await $0.describeGroups(groups) }
            var rows = [["GROUP", "STATE", "COORDINATOR", "MEMBER", "CLIENT", "HOST"]]
            for group in described {
                if group.members.isEmpty { rows.append([group.groupId, group.state, "\(group.coordinatorId)", "-", "-", "-"]) }
                rows += group.members.map { [group.groupId, group.state, "\(group.coordinatorId)", $0.memberId, $0.clientId, $0.clientHost] }
            }
            try format.emit(described, rows: rows)
        }
    }

    struct Lag: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Committed offset, log end offset and lag per partition.")
        @OptionGroup var connection: KafkaConnectionOptions
        @OptionGroup var format: KafkaOutputOptions
        @Argument(help: "Group id.") var group: String

        func run() async throws {
            let lag = try await connection.withClient { try await $0.consumerGroupLag(group) }
            try format.emit(
                lag,
                rows: [["TOPIC", "PARTITION", "COMMITTED", "LOG END", "LAG"]]
                    + lag.map { [$0.partition.topic, "\($0.partition.partition)", $0.committedOffset.map(String.init) ?? "-", "\($0.logEndOffset)", "\($0.lag)"] })
        }
    }
}
