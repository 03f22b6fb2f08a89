import CapstanSandbox
import Foundation
import KafkaAdmin
import KubernetesClient
import KubernetesCore
import KubernetesModels
import Testing

/// A Kafka Pod in the sandbox is a Kafka node: deleting it shuts the broker down cleanly (leadership
/// moves away, the partition stays online), the operator recreates it on its claim, and the broker comes
/// back with its replicas and rejoins every ISR.
@Suite struct SandboxPodLifecycleTests {
    @Test func aDeletedBrokerPodComesBackWithItsDataAndRejoinsTheIsr() async throws {
        let directory = try SandboxEndToEndTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        var configuration = SandboxEndToEndTests.configuration(
            [try SandboxEndToEndTests.quickstart()], in: directory, timeout: .seconds(120))
        configuration.onReady = { context in
            let cluster = try #require(context.summary.clusters.first)
            let admin = KafkaAdminConfiguration(bootstrapServers: try KafkaBrokerAddress.parseList(cluster.bootstrap))
            try await withKafkaAdminClient(admin) { kafka in
                try await kafka.createTopics([KafkaNewTopic(name: "orders", partitions: 3, replicationFactor: 3)])
                let before = try #require(try await kafka.describeTopics(["orders"]).first)
                #expect(before.partitions.allSatisfy { $0.replicas.contains(3) })

                try await KubeClient.withClient(configuration: context.clientConfiguration) { client in
                    let pods = client.api(CoreV1.Pod.self, namespace: "default")
                    let original = try await pods.get("quickstart-brokers-3")
                    let claims = original.spec?.volumes?.compactMap { $0.persistentVolumeClaim?.claimName } ?? []
                    #expect(!claims.isEmpty)
                    _ = try await pods.delete("quickstart-brokers-3")

                    // Watch until a new Pod of that name (another uid) is Ready.
                    var options = WatchOptions()
                    options.fieldSelector = "metadata.name=quickstart-brokers-3"
                    var replacement: CoreV1.Pod?
                    while replacement == nil {
                        for try await event in try await pods.watch(options) {
                            guard case .modified(let pod) = event, pod.metadata.uid != original.metadata.uid,
                                  pod.status?.conditions?.contains(where: { $0.type == "Ready" && $0.status == "True" }) == true
                            else { continue }
                            replacement = pod
                            break
                        }
                    }
                    let recreated = try #require(replacement)
                    #expect(recreated.spec?.volumes?.compactMap { $0.persistentVolumeClaim?.claimName } == claims,
                            "the recreated Pod mounts the same claims")
                    let pvcs = try await client.api(CoreV1.PersistentVolumeClaim.self, namespace: "default").list()
                    #expect(pvcs.items.count == 6, "no claim was deleted or added")
                }

                // The broker is back with its replicas; the controlled shutdown kept every partition online.
                let after = try #require(try await kafka.describeTopics(["orders"]).first)
                #expect(after.partitions.allSatisfy { $0.replicas.contains(3) })
                #expect(after.partitions.allSatisfy { $0.leader >= 0 })
                let brokers = try await kafka.describeCluster().brokers.map(\.id).sorted()
                #expect(brokers == [3, 4, 5])
                // Catching up is Kafka-side progress with no event to wait on: poll like kafka-topics would.
                var inSync = false
                for _ in 0..<100 where !inSync {
                    let topic = try await kafka.describeTopics(["orders"]).first
                    inSync = topic?.partitions.allSatisfy { $0.isr.contains(3) } ?? false
                    if !inSync { try await Task.sleep(for: .milliseconds(100)) }
                }
                #expect(inSync, "broker 3 rejoined the ISR of every partition")
            }
        }
        try await Sandbox.run(configuration, display: SandboxProgressDisplay(interactive: false))
    }
}
