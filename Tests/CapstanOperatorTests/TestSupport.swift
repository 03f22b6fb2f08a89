import CapstanOperator
import Foundation
import KubernetesCore

/// Paths and fixtures shared by the operator tests.
enum TestSupport {
    /// The repository root (this file is Tests/CapstanOperatorTests/TestSupport.swift).
    static let repositoryRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func url(_ relativePath: String) -> URL { repositoryRoot.appendingPathComponent(relativePath) }

    static func read(_ relativePath: String) throws -> String {
        try String(contentsOf: url(relativePath), encoding: .utf8)
    }

    /// `../shared/kafka-config/broker-configs.json`, when the shared data is next to the repository.
    static let brokerConfigFactsURL = repositoryRoot.deletingLastPathComponent()
        .appendingPathComponent("shared/kafka-config/broker-configs.json")

    static var sharedFactsAvailable: Bool { FileManager.default.fileExists(atPath: brokerConfigFactsURL.path) }

    static func sharedFacts() throws -> KafkaConfigFacts {
        try KafkaConfigFacts(brokerConfigsJSON: Data(contentsOf: brokerConfigFactsURL))
    }

    static func pool(
        _ name: String, cluster: String = "demo", roles: [NodeRole], replicas: Int32, nodeIds: NodeIdPolicy? = nil,
        volumes: [StorageVolume] = [StorageVolume(id: 0, size: Quantity(integer: 10 << 30, format: .binarySI))],
        deleteClaim: ClaimDeletePolicy? = nil, status: KafkaNodePoolStatus? = nil
    ) -> KafkaNodePool {
        KafkaNodePool(
            metadata: ObjectMeta(name: name, namespace: "kafka"),
            spec: KafkaNodePoolSpec(
                cluster: cluster, roles: roles, replicas: replicas, nodeIds: nodeIds,
                storage: NodeStorage(volumes: volumes, deleteClaim: deleteClaim)),
            status: status)
    }

    static func cluster(_ name: String = "demo", spec: KafkaClusterSpec = KafkaClusterSpec(), uid: String? = nil) -> KafkaCluster {
        KafkaCluster(metadata: ObjectMeta(name: name, namespace: "kafka", uid: uid), spec: spec)
    }

    /// 3 controllers + 3 brokers, the quickstart shape.
    static func standardPools(cluster: String = "demo") -> [KafkaNodePool] {
        [
            pool("controllers", cluster: cluster, roles: [.controller], replicas: 3),
            pool("brokers", cluster: cluster, roles: [.broker], replicas: 3),
        ]
    }
}
