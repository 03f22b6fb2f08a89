import Foundation
import CapstanOperator

/// The table `capstan sandbox` prints once everything is Ready: each Kafka cluster with where to connect,
/// then its nodes.
enum SandboxStatusTable {
    static func render(clusters: [KafkaCluster], bootstrap: [String: String]) -> String {
        var clusterRows = [["NAMESPACE", "NAME", "READY", "KAFKA", "METADATA", "BROKERS", "CONTROLLERS", "BOOTSTRAP (this machine)"]]
        var nodeRows = [["CLUSTER", "NODE", "POOL", "ROLES", "POD", "REGISTERED"]]
        for cluster in clusters {
            let status = cluster.status
            let ready = status?.conditions?.first { $0.type == "Ready" }?.status.rawValue ?? "Unknown"
            let key = "\(cluster.metadata.namespace ?? "default")/\(cluster.metadata.name ?? "")"
            clusterRows.append([
                cluster.metadata.namespace ?? "default", cluster.metadata.name ?? "", ready,
                status?.kafkaVersion ?? "-", status?.metadataVersion ?? "-",
                status?.readyBrokers.map(String.init) ?? "-", status?.controllers.map(String.init) ?? "-",
                bootstrap[key] ?? "-",
            ])
            for node in status?.nodes ?? [] {
                nodeRows.append([
                    cluster.metadata.name ?? "", String(node.id), node.pool, node.roles.map(\.rawValue).joined(separator: ","),
                    node.podPhase ?? "-", node.registered.map { $0 ? "yes" : "no" } ?? "-",
                ])
            }
        }
        return format(clusterRows) + "\n\n" + format(nodeRows)
    }

    /// Left-aligned columns two spaces apart, like kubectl's tables.
    static func format(_ rows: [[String]]) -> String {
        let widths = (0..<(rows.first?.count ?? 0)).map { column in rows.map { $0[column].count }.max() ?? 0 }
        return rows.map { row in
            row.enumerated().map { column, cell in
                column == row.count - 1 ? cell : cell.padding(toLength: widths[column] + 2, withPad: " ", startingAt: 0)
            }.joined()
        }.joined(separator: "\n")
    }
}
