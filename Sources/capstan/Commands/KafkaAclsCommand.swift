import ArgumentParser
import KafkaAdmin

extension CaseIterable where Self: RawRepresentable {
    /// Matches the case name case-insensitively, ignoring '-' and '_' ("cluster-action" = clusterAction).
    init?(name: String) {
        let wanted = name.lowercased().filter { $0 != "-" && $0 != "_" }
        guard let match = Self.allCases.first(where: { "\($0)".lowercased() == wanted }) else { return nil }
        self = match
    }
}

/// `capstan kafka acls list|create|delete`.
struct KafkaAclsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "acls", abstract: "List, create and delete ACLs.", subcommands: [List.self, Create.self, Delete.self])

    struct Selection: ParsableArguments {
        @Option(name: .customLong("resource-type"), help: "Resource type: topic, group, cluster, transactional-id, delegation-token, user.")
        var resourceTypeName: String?
        @Option(help: "Resource name.") var resourceName: String?
        @Option(name: .customLong("pattern"), help: "Pattern type: literal or prefixed.") var patternName: String?
        @Option(help: "Principal, e.g. User:alice.") var principal: String?
        @Option(help: "Host (* for any).") var host: String?
        @Option(name: .customLong("operation"), help: "Operation: read, write, create, delete, alter, describe, all, ...")
        var operationName: String?
        @Option(name: .customLong("permission"), help: "allow or deny.") var permissionName: String?

        var resourceType: KafkaAcl.ResourceType? { get throws { try Self.parse(resourceTypeName, option: "--resource-type") } }
        var pattern: KafkaAcl.PatternType? { get throws { try Self.parse(patternName, option: "--pattern") } }
        var operation: KafkaAcl.Operation? { get throws { try Self.parse(operationName, option: "--operation") } }
        var permission: KafkaAcl.Permission? { get throws { try Self.parse(permissionName, option: "--permission") } }

        static func parse<Value: CaseIterable & RawRepresentable>(_ text: String?, option: String) throws -> Value? {
            guard let text else { return nil }
            guard let value = Value(name: text) else {
                throw ValidationError("\(option) '\(text)' is not one of: \(Value.allCases.map { "\($0)" }.joined(separator: ", "))")
            }
            return value
        }

        func filter() throws -> KafkaAclFilter {
            KafkaAclFilter(
                resourceType: try resourceType ?? .any, resourceName: resourceName, patternType: try pattern ?? .any, principal: principal,
                host: host, operation: try operation ?? .any, permission: try permission ?? .any)
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List ACLs (all, or those matching the options).")
        @OptionGroup var connection: KafkaConnectionOptions
        @OptionGroup var format: KafkaOutputOptions
        @OptionGroup var selection: Selection

        func run() async throws {
            let filter = try selection.filter()
            let acls = try await connection.withClient { try await $0.describeAcls(filter) }
            try format.emit(acls, rows: [["RESOURCE", "NAME", "PATTERN", "PRINCIPAL", "HOST", "OPERATION", "PERMISSION"]] + acls.map(Self.row))
        }

        static func row(_ acl: KafkaAcl) -> [String] {
            ["\(acl.resourceType)", acl.resourceName, "\(acl.patternType)", acl.principal, acl.host, "\(acl.operation)", "\(acl.permission)"]
        }
    }

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create one ACL.")
        @OptionGroup var connection: KafkaConnectionOptions
        @OptionGroup var selection: Selection

        func run() async throws {
            guard let type = try selection.resourceType, let name = selection.resourceName, let principal = selection.principal,
                let operation = try selection.operation
            else {
                throw ValidationError("create needs --resource-type, --resource-name, --principal and --operation")
            }
            let acl = KafkaAcl(
                resourceType: type, resourceName: name, patternType: try selection.pattern ?? .literal, principal: principal,
                host: selection.host ?? "*", operation: operation, permission: try selection.permission ?? .allow)
            try await connection.withClient { try await $0.createAcls([acl]) }
            print("created: \(List.row(acl).joined(separator: " "))")
        }
    }

    struct Delete: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Delete the ACLs matching the options.")
        @OptionGroup var connection: KafkaConnectionOptions
        @OptionGroup var selection: Selection

        func run() async throws {
            let filter = try selection.filter()
            let deleted = try await connection.withClient { try await $0.deleteAcls([filter]) }
            print("deleted \(deleted.count) ACL(s)")
        }
    }
}
