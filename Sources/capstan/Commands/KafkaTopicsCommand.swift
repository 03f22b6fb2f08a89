import ArgumentParser
import KafkaAdmin

/// `capstan kafka topics list|describe|create|delete|alter-config`.
struct KafkaTopicsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "topics", abstract: "List, describe, create, delete topics and change their configs.",
        subcommands: [List.self, Describe.self, Create.self, Delete.self, AlterConfig.self])

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List topics with partition counts.")
        @OptionGroup var connection: KafkaConnectionOptions
        @OptionGroup var format: KafkaOutputOptions
        @Flag(name: .customLong("internal"), help: "Include internal topics (__consumer_offsets, ...).") var includeInternal = false

        func run() async throws {
            let topics = try await connection.withClient { try await $0.describeTopics(nil, includeInternal: includeInternal) }
            try format.emit(
                topics.map(\.name),
                rows: [["TOPIC", "PARTITIONS", "REPLICATION"]] + topics.map { [$0.name, "\($0.partitions.count)", "\($0.replicationFactor)"] })
        }
    }

    struct Describe: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Partitions, leaders, replicas, ISR and configs of topics.")
        @OptionGroup var connection: KafkaConnectionOptions
        @OptionGroup var format: KafkaOutputOptions
        @Argument(help: "Topic names.") var topics: [String]

        struct Described: Encodable {
            var topic: KafkaTopicDescription
            var configs: [KafkaConfigEntry]
        }

        func run() async throws {
            let described = try await connection.withClient { client in
                let topics = try await client.describeTopics(self.topics)
                let configs = try await client.describeConfigs(topics.map { .topic($0.name) })
                return topics.map { Described(topic: $0, configs: configs[.topic($0.name)] ?? []) }
            }
            var rows = [["TOPIC", "PARTITION", "LEADER", "REPLICAS", "ISR"]]
            for item in described {
                rows += item.topic.partitions.map { [item.topic.name, "\($0.partition)", "\($0.leader)", $0.replicas.joinedIds, $0.isr.joinedIds] }
            }
            try format.emit(described, rows: rows)
            if format.output == .table {
                for item in described where !item.configs.isEmpty {
                    print("configs of \(item.topic.name): " + item.configs.map { "\($0.name)=\($0.value ?? "<sensitive>")" }.joined(separator: " "))
                }
            }
        }
    }

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create a topic.")
        @OptionGroup var connection: KafkaConnectionOptions
        @OptionGroup var format: KafkaOutputOptions
        @Argument(help: "Topic name.") var name: String
        @Option(help: "Number of partitions (-1: broker default).") var partitions: Int32 = -1
        @Option(help: "Replication factor (-1: broker default).") var replicationFactor: Int16 = -1
        @Option(name: .customLong("config"), help: "Topic config key=value (repeatable).") var configs: [String] = []
        @Flag(help: "Ask the controller to validate without creating.") var validateOnly = false

        func run() async throws {
            let configs = try KeyValue.parse(configs, option: "--config")
            let topic = KafkaNewTopic(name: name, partitions: partitions, replicationFactor: replicationFactor, configs: configs)
            let created = try await connection.withClient { try await $0.createTopics([topic], validateOnly: validateOnly) }
            try format.emit(
                created,
                rows: [["TOPIC", "PARTITIONS", "REPLICATION", validateOnly ? "VALIDATED" : "CREATED"]]
                    + created.map { [$0.name, "\($0.partitions)", "\($0.replicationFactor)", "yes"] })
        }
    }

    struct Delete: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Delete topics.")
        @OptionGroup var connection: KafkaConnectionOptions
        @Argument(help: "Topic names.") var topics: [String]

        func run() async throws {
            try await connection.withClient { try await $0.deleteTopics(topics) }
            print("deleted: \(topics.joined(separator: ", "))")
        }
    }

    struct AlterConfig: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "alter-config", abstract: "Set or delete configs of a topic (or a broker with --broker).")
        @OptionGroup var connection: KafkaConnectionOptions
        @Argument(help: "Topic name (ignored with --broker).") var name: String?
        @Option(help: "Change broker configs of this broker id instead of a topic.") var broker: Int32?
        @Option(name: .customLong("set"), help: "key=value to set (repeatable).") var sets: [String] = []
        @Option(name: .customLong("delete"), help: "key to reset to its default (repeatable).") var deletes: [String] = []
        @Flag(help: "Validate only.") var validateOnly = false

        func run() async throws {
            let resource: KafkaConfigResource
            if let broker {
                resource = .broker(broker)
            } else if let name {
                resource = .topic(name)
            } else {
                throw ValidationError("name the topic, or pass --broker <id>")
            }
            let changes = try KeyValue.parse(sets, option: "--set").sorted { $0.key < $1.key }.map { KafkaConfigChange.set($0.key, $0.value) }
                + deletes.map { KafkaConfigChange.delete($0) }
            guard !changes.isEmpty else { throw ValidationError("nothing to change: pass --set key=value or --delete key") }
            try await connection.withClient { try await $0.incrementalAlterConfigs([resource: changes], validateOnly: validateOnly) }
            print("\(validateOnly ? "validated" : "altered") \(changes.count) config(s) of \(resource)")
        }
    }
}

enum KeyValue {
    static func parse(_ items: [String], option: String) throws -> [String: String] {
        var result: [String: String] = [:]
        for item in items {
            guard let equals = item.firstIndex(of: "="), equals != item.startIndex else {
                throw ValidationError("\(option) '\(item)' is not key=value")
            }
            result[String(item[..<equals])] = String(item[item.index(after: equals)...])
        }
        return result
    }
}
