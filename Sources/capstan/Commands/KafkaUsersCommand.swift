import ArgumentParser
import Foundation
import KafkaAdmin

/// `capstan kafka users list|set-password|delete`: SCRAM credentials.
struct KafkaUsersCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "users", abstract: "SCRAM users: list, set a password, delete.", subcommands: [List.self, SetPassword.self, Delete.self])

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Users with SCRAM credentials (mechanism and iterations).")
        @OptionGroup var connection: KafkaConnectionOptions
        @OptionGroup var format: KafkaOutputOptions
        @Argument(help: "Users (default: all).") var users: [String] = []

        func run() async throws {
            let users = try await connection.withClient { try await $0.describeUserScramCredentials(self.users.isEmpty ? nil : self.users) }
            var rows = [["USER", "MECHANISM", "ITERATIONS"]]
            for user in users { rows += user.credentials.map { [user.user, $0.mechanism, "\($0.iterations)"] } }
            try format.emit(users, rows: rows)
        }
    }

    struct SetPassword: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "set-password", abstract: "Create or update a user's SCRAM credential (salted here; the password is never sent).")
        @OptionGroup var connection: KafkaConnectionOptions
        @Argument(help: "User name.") var user: String
        @Option(help: "SCRAM-SHA-256 or SCRAM-SHA-512.") var mechanism: String = "SCRAM-SHA-512"
        @Option(help: "PBKDF2 iterations (4096...16384).") var iterations: Int = 8192
        @Option(help: "The password (or set CAPSTAN_USER_PASSWORD).") var password: String?

        func run() async throws {
            guard let mechanism = ScramMechanism.allCases.first(where: { $0.saslName == mechanism.uppercased() }) else {
                throw ValidationError("--mechanism '\(mechanism)' is not SCRAM-SHA-256 or SCRAM-SHA-512")
            }
            guard let password = password ?? ProcessInfo.processInfo.environment["CAPSTAN_USER_PASSWORD"], !password.isEmpty else {
                throw ValidationError("pass --password or set CAPSTAN_USER_PASSWORD")
            }
            try await connection.withClient {
                try await $0.alterUserScramCredentials([.upsert(user: user, mechanism: mechanism, password: password, iterations: iterations)])
            }
            print("set \(mechanism.saslName) credential of \(user)")
        }
    }

    struct Delete: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Delete a user's SCRAM credential.")
        @OptionGroup var connection: KafkaConnectionOptions
        @Argument(help: "User name.") var user: String
        @Option(help: "SCRAM-SHA-256 or SCRAM-SHA-512.") var mechanism: String = "SCRAM-SHA-512"

        func run() async throws {
            guard let mechanism = ScramMechanism.allCases.first(where: { $0.saslName == mechanism.uppercased() }) else {
                throw ValidationError("--mechanism '\(mechanism)' is not SCRAM-SHA-256 or SCRAM-SHA-512")
            }
            try await connection.withClient { try await $0.alterUserScramCredentials([.delete(user: user, mechanism: mechanism)]) }
            print("deleted \(mechanism.saslName) credential of \(user)")
        }
    }
}
