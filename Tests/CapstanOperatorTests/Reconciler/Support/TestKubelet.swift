import Foundation
import KafkaAdmin
import KafkaTesting
import KubernetesClient
import KubernetesCore
import KubernetesModels
import Synchronization

/// Test-only stand-in for a kubelet running Kafka Pods (until the simulated nodes exist): it watches the
/// Pods of a namespace and, for each Kafka Pod, reads the node's `server.properties` from its ConfigMap,
/// starts a `SimulatedKafkaNode` on the shared simulated cluster (listener ports rewritten to 0, so each
/// broker gets a free port on 127.0.0.1), and marks the Pod Running and Ready. A deleted Pod's node is
/// shut down (its data stays in the simulated cluster, as it stays on the claim).
final class TestKubelet: Sendable {
    private struct State {
        /// Pod uid -> the continuation that stops its node.
        var running: [String: AsyncStream<Never>.Continuation] = [:]
        /// Broker node id -> the 127.0.0.1 port it listens on.
        var brokerPorts: [Int32: Int] = [:]
        var started: [String] = []
        /// Node id -> ends when the last Pod started for that node has shut its node down, so that a
        /// recreated Pod's node starts only after the old one stopped (as a real volume attaches only once).
        var lastInstanceDone: [Int32: AsyncStream<Never>] = [:]
    }

    let client: KubeClient
    let kafka: SimulatedKafkaCluster
    let namespace: String
    private let state = Mutex(State())

    init(client: KubeClient, kafka: SimulatedKafkaCluster, namespace: String = "default") {
        self.client = client
        self.kafka = kafka
        self.namespace = namespace
    }

    /// Names of the Pods started so far, in order (a recreated Pod appears again).
    var startedPods: [String] { state.withLock { $0.started } }

    /// Maps a cluster's bootstrap Service name to a live simulated broker (the lowest id), and the
    /// brokers' own addresses (already 127.0.0.1) to themselves.
    var addressMapper: @Sendable (KafkaBrokerAddress) -> KafkaBrokerAddress {
        { [self] address in
            guard address.host.contains("-bootstrap.") else { return address }
            let port = self.state.withLock { $0.brokerPorts.sorted { $0.key < $1.key }.first?.value }
            return port.map { KafkaBrokerAddress(host: "127.0.0.1", port: $0) } ?? address
        }
    }

    /// Runs until cancelled: every Pod that appears gets a node, every Pod that goes away loses it.
    func run() async throws {
        let pods = client.api(CoreV1.Pod.self, namespace: namespace)
        try await withThrowingTaskGroup(of: Void.self) { group in
            var resourceVersion = try await pods.list().metadata.resourceVersion
            while !Task.isCancelled {
                let events = try await pods.watch(WatchOptions(resourceVersion: resourceVersion, allowWatchBookmarks: true))
                for try await event in events {
                    switch event {
                    case .added(let pod), .modified(let pod):
                        resourceVersion = pod.metadata.resourceVersion ?? resourceVersion
                        if pod.metadata.isBeingDeleted {
                            stop(pod)
                        } else if let node = try await startIfNew(pod) {
                            group.addTask { try await node() }
                        }
                    case .deleted(let pod):
                        resourceVersion = pod.metadata.resourceVersion ?? resourceVersion
                        stop(pod)
                    case .bookmark(let version, _):
                        resourceVersion = version
                    case .error:
                        resourceVersion = try await pods.list().metadata.resourceVersion
                    }
                }
            }
            group.cancelAll()
        }
    }

    private func stop(_ pod: CoreV1.Pod) {
        guard let uid = pod.metadata.uid else { return }
        state.withLock { $0.running.removeValue(forKey: uid) }?.finish()
    }

    /// Returns the body that runs the Pod's node until it is stopped, or nil if the Pod is not a new Kafka Pod.
    private func startIfNew(_ pod: CoreV1.Pod) async throws -> (@Sendable () async throws -> Void)? {
        guard let uid = pod.metadata.uid, let name = pod.metadata.name,
            pod.metadata.labels?["kafka.capstan.dev/node-id"] != nil
        else { return nil }
        let (stopSignal, continuation) = AsyncStream<Never>.makeStream()
        let isNew = state.withLock { state -> Bool in
            guard state.running[uid] == nil else { return false }
            state.running[uid] = continuation
            state.started.append(name)
            return true
        }
        guard isNew else { return nil }
        let configMap = try await client.api(CoreV1.ConfigMap.self, namespace: namespace).get(name)
        var properties = Self.parse(configMap.data?["server.properties"] ?? "")
        properties["listeners"] = properties["listeners"].map(Self.zeroPorts)
        let node = try SimulatedKafkaNode(cluster: kafka, serverProperties: properties, dataDirectory: "/data/\(name)")
        let (done, doneContinuation) = AsyncStream<Never>.makeStream()
        let previous = state.withLock { state in
            defer { state.lastInstanceDone[node.nodeId] = done }
            return state.lastInstanceDone[node.nodeId]
        }
        let pods = client.api(CoreV1.Pod.self, namespace: namespace)
        let markReady: @Sendable () async throws -> Void = {
            _ = try await pods.mergePatchStatus(
                name,
                [
                    "status": [
                        "phase": "Running",
                        "conditions": [["type": "Ready", "status": "True"]],
                        "containerStatuses": [["name": "kafka", "ready": true, "restartCount": 0, "image": "apache/kafka", "imageID": "", "state": ["running": [:]]]],
                    ]
                ])
        }
        return { [self] in
            defer { doneContinuation.finish() }
            if let previous { for await _ in previous {} }
            let (listening, listeningContinuation) = AsyncStream<Int>.makeStream()
            try await withThrowingTaskGroup(of: Void.self) { inner in
                inner.addTask {
                    try await node.run { port in
                        self.state.withLock { $0.brokerPorts[node.nodeId] = port }
                        listeningContinuation.yield(port)
                    }
                }
                inner.addTask {
                    // Controllers have no socket in the simulation: they run as soon as `run` starts.
                    if node.isBroker {
                        for await _ in listening { break }
                    }
                    try await markReady()
                    for await _ in stopSignal {}
                }
                // The Pod was deleted (or the node failed): shut the node down; `run` ends on cancellation.
                _ = try await inner.next()
                inner.cancelAll()
                self.state.withLock { _ = $0.brokerPorts.removeValue(forKey: node.nodeId) }
            }
        }
    }

    static func parse(_ text: String) -> [String: String] {
        var properties: [String: String] = [:]
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            guard let equals = line.firstIndex(of: "=") else { continue }
            properties[String(line[..<equals]).trimmingCharacters(in: .whitespaces)] = String(line[line.index(after: equals)...])
        }
        return properties
    }

    /// `A://0.0.0.0:9091,B://0.0.0.0:9092` -> every port 0.
    static func zeroPorts(_ listeners: String) -> String {
        listeners.split(separator: ",").map { listener in
            guard let colon = listener.lastIndex(of: ":") else { return String(listener) }
            return listener[..<colon] + ":0"
        }.joined(separator: ",")
    }
}
