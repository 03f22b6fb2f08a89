import ArgumentParser
import Foundation
import KafkaAdmin
import Yams

/// `capstan kafka ...`: admin commands over the native Kafka client.
struct KafkaCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kafka",
        abstract: "Inspect and change a Kafka cluster over the native admin client.",
        subcommands: [
            KafkaClusterCommand.self, KafkaTopicsCommand.self, KafkaQuorumCommand.self, KafkaGroupsCommand.self,
            KafkaAclsCommand.self, KafkaUsersCommand.self,
        ])
}

/// How to reach and authenticate to the cluster; shared by every `capstan kafka` command.
struct KafkaConnectionOptions: ParsableArguments {
    @Option(name: .long, help: "Bootstrap servers, host:port[,host:port...].")
    var bootstrap: String = "127.0.0.1:9092"

    @Option(name: .long, help: "Request timeout in seconds.")
    var timeout: Int = 30

    @Flag(name: .long, help: "Use TLS (with the system trust roots unless --tls-ca is given).")
    var tls = false

    @Option(name: .long, help: "PEM file of the CA to trust (implies --tls).")
    var tlsCa: String?

    @Option(name: .long, help: "PEM client certificate for mutual TLS (implies --tls; needs --tls-key).")
    var tlsCert: String?

    @Option(name: .long, help: "PEM private key of --tls-cert.")
    var tlsKey: String?

    @Option(name: .long, help: "SASL mechanism: PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512.")
    var saslMechanism: String?

    @Option(name: .long, help: "SASL username.")
    var saslUsername: String?

    @Option(name: .long, help: "SASL password (or set CAPSTAN_SASL_PASSWORD to keep it out of the process list).")
    var saslPassword: String?

    func configuration() throws -> KafkaAdminConfiguration {
        var configuration = KafkaAdminConfiguration(bootstrapServers: try KafkaBrokerAddress.parseList(bootstrap))
        guard timeout > 0 else { throw ValidationError("--timeout must be a positive number of seconds, got \(timeout)") }
        configuration.requestTimeout = .seconds(timeout)
        if tls || tlsCa != nil || tlsCert != nil {
            configuration.tls = KafkaTLSConfiguration(caFile: tlsCa, certificateFile: tlsCert, privateKeyFile: tlsKey)
        }
        if let saslMechanism {
            guard let mechanism = KafkaSASLConfiguration.Mechanism(rawValue: saslMechanism.uppercased()) else {
                throw ValidationError("--sasl-mechanism '\(saslMechanism)' is not one of PLAIN, SCRAM-SHA-256, SCRAM-SHA-512")
            }
            guard let username = saslUsername else { throw ValidationError("--sasl-mechanism needs --sasl-username") }
            guard let password = saslPassword ?? ProcessInfo.processInfo.environment["CAPSTAN_SASL_PASSWORD"] else {
                throw ValidationError("--sasl-mechanism needs --sasl-password or CAPSTAN_SASL_PASSWORD")
            }
            configuration.sasl = KafkaSASLConfiguration(mechanism: mechanism, username: username, password: password)
        }
        return configuration
    }

    /// Runs `body` with a client; Kafka errors become one line on stderr and exit code 1.
    func withClient<Result: Sendable>(_ body: (KafkaAdminClient) async throws -> Result) async throws -> Result {
        do {
            return try await withKafkaAdminClient(try configuration(), body)
        } catch let error as KafkaAdminError {
            FileHandle.standardError.write(Data("error: \(error.name): \(error.message)\n".utf8))
            throw ExitCode.failure
        }
    }
}

/// `-o table|json|yaml`.
enum KafkaOutputFormat: String, ExpressibleByArgument, CaseIterable {
    case table, json, yaml
}

struct KafkaOutputOptions: ParsableArguments {
    @Option(name: [.short, .long], help: "Output format: table, json or yaml.")
    var output: KafkaOutputFormat = .table

    /// Prints `value` as JSON/YAML, or `rows` (first row = header) as an aligned table.
    func emit<Value: Encodable>(_ value: Value, rows: @autoclosure () -> [[String]]) throws {
        switch output {
        case .json:
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            print(String(decoding: try encoder.encode(value), as: UTF8.self))
        case .yaml:
            print(try YAMLEncoder().encode(value), terminator: "")
        case .table:
            print(Self.table(rows()), terminator: "")
        }
    }

    static func table(_ rows: [[String]]) -> String {
        guard let header = rows.first else { return "" }
        var widths = header.map(\.count)
        for row in rows {
            for (index, cell) in row.enumerated() where index < widths.count { widths[index] = max(widths[index], cell.count) }
        }
        return rows.map { row in
            row.enumerated().map { index, cell in
                index == row.count - 1 ? cell : cell.padding(toLength: widths[index], withPad: " ", startingAt: 0)
            }.joined(separator: "  ")
        }.joined(separator: "\n") + "\n"
    }
}

extension Array where Element == Int32 {
    var joinedIds: String { map(String.init).joined(separator: ",") }
}
