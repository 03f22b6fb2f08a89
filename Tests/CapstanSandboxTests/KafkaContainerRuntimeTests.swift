import CapstanSandbox
import KafkaAdmin
import KafkaTesting
import KubernetesModels
import KubernetesTesting
import Synchronization
import Testing

/// The sandbox's Kafka runtime starts simulated nodes from what a kubelet would hand a Kafka container,
/// and real admin-client traffic reaches them through the cluster's bootstrap port.
@Suite struct KafkaContainerRuntimeTests {
    static let clusterId = "MkU3OEVBNTcwNTJENDM2Qg"

    /// The Pod/container/context of node `id`, as the operator renders it and a kubelet resolves it.
    static func node(_ id: Int32, roles: String, rack: String?, events: RuntimeEvents) -> (CoreV1.Container, CoreV1.Pod, SimulatedContainerContext) {
        var container = CoreV1.Container(name: "kafka")
        container.image = "apache/kafka:4.1.0"
        container.command = ["/bin/sh", "-c", "set -eu\nexec /opt/kafka/bin/kafka-server-start.sh /tmp/kafka/server.properties\n"]
        container.ports = roles == "controller"
            ? [CoreV1.ContainerPort(containerPort: 9090)]
            : [CoreV1.ContainerPort(containerPort: 9091), CoreV1.ContainerPort(containerPort: 9092)]
        var pod = CoreV1.Pod()
        pod.metadata.name = "node-\(id)"
        let properties = """
            # rendered by the operator
            node.id=\(id)
            process.roles=\(roles)
            listeners=CONTROLLER://:9090,REPLICATION://:9091,PLAIN://:9092
            log.dirs=/var/lib/kafka/data-0/kafka-log
            min.insync.replicas=2
            """
        var environment = [
            "KAFKA_CLUSTER_ID": clusterId,
            "KAFKA_INITIAL_CONTROLLERS": "0@c-0.x.svc:9090:a,1@c-1.x.svc:9090:b,2@c-2.x.svc:9090:c",
        ]
        if let rack { environment["KAFKA_RACK"] = rack }
        let context = SimulatedContainerContext(
            environment: environment,
            files: ["/etc/capstan/config/server.properties": properties],
            persistentVolumes: ["/var/lib/kafka/data-0": "default/data-0-node-\(id)"],
            listening: { containerPort, hostPort in events.listening(id, containerPort, hostPort) },
            setReady: { ready in events.ready(id, ready) })
        return (container, pod, context)
    }

    @Test func brokersStartedBeforeTheQuorumWaitForItThenServeRealClients() async throws {
        let clusters = SimulatedKafkaClusters()
        let runtime = KafkaContainerRuntime(clusters: clusters)
        let events = RuntimeEvents()
        try await withThrowingTaskGroup { group in
            group.addTask { try await clusters.run() }
            // Brokers first: a real broker waits for the quorum instead of exiting.
            for id: Int32 in 3...5 {
                let (container, pod, context) = Self.node(id, roles: "broker", rack: "zone-\(id - 3)", events: events)
                #expect(runtime.runs(container, in: pod))
                group.addTask { try await runtime.run(container, in: pod, context: context) }
            }
            for id: Int32 in 0...2 {
                let (container, pod, context) = Self.node(id, roles: "controller", rack: nil, events: events)
                group.addTask { try await runtime.run(container, in: pod, context: context) }
            }
            await events.waitUntilReady([0, 1, 2, 3, 4, 5])

            let bootstrap = try #require(try await clusters.bootstrapAddress(clusterId: Self.clusterId))
            let configuration = KafkaAdminConfiguration(bootstrapServers: try KafkaBrokerAddress.parseList(bootstrap))
            try await withKafkaAdminClient(configuration) { admin in
                let description = try await admin.describeCluster()
                #expect(description.clusterId == Self.clusterId)
                #expect(description.brokers.map(\.id).sorted() == [3, 4, 5])
                #expect(description.brokers.sorted { $0.id < $1.id }.map(\.rack) == ["zone-0", "zone-1", "zone-2"])
                let quorum = try await admin.describeQuorum()
                #expect([0, 1, 2].contains(quorum.leaderId))
                #expect(quorum.voters.map(\.id).sorted() == [0, 1, 2])
            }
            // Each broker reported one 127.0.0.1 port for both of its container ports.
            for id: Int32 in 3...5 {
                let ports = events.ports(of: id)
                #expect(Set(ports.keys) == [9091, 9092])
                #expect(Set(ports.values).count == 1)
            }
            let controllerPorts = events.ports(of: 0)
            #expect(Array(controllerPorts.keys) == [9090])
            #expect(controllerPorts[9090] == .some(nil), "a controller-only node has no socket to map")
            group.cancelAll()
        }
    }

    @Test func aContainerWithoutItsConfigFailsWithAMessageNamingWhatIsMissing() async throws {
        let runtime = KafkaContainerRuntime(clusters: SimulatedKafkaClusters())
        let events = RuntimeEvents()
        let (container, pod, context) = Self.node(7, roles: "broker", rack: nil, events: events)
        var withoutConfig = context
        withoutConfig.files = [:]
        await #expect(throws: SimulatedKafkaError.self) { try await runtime.run(container, in: pod, context: withoutConfig) }
        do {
            try await runtime.run(container, in: pod, context: withoutConfig)
        } catch {
            #expect("\(error)".contains("server.properties"))
        }
        var withoutClusterId = context
        withoutClusterId.environment["KAFKA_CLUSTER_ID"] = nil
        do {
            try await runtime.run(container, in: pod, context: withoutClusterId)
            Issue.record("a node without KAFKA_CLUSTER_ID started")
        } catch {
            #expect("\(error)".contains("KAFKA_CLUSTER_ID"))
        }
    }

    @Test func onlyKafkaServerContainersAreClaimed() {
        let runtime = KafkaContainerRuntime(clusters: SimulatedKafkaClusters())
        var sidecar = CoreV1.Container(name: "exporter")
        sidecar.image = "apache/kafka:4.1.0"
        sidecar.command = ["/opt/kafka/bin/kafka-topics.sh", "--list"]
        #expect(!runtime.runs(sidecar, in: CoreV1.Pod()))
        var nginx = CoreV1.Container(name: "web")
        nginx.image = "nginx"
        #expect(!runtime.runs(nginx, in: CoreV1.Pod()))
    }
}

/// What the runtime reported, with a way to wait for readiness without sleeping.
final class RuntimeEvents: Sendable {
    private struct State {
        var ready: Set<Int32> = []
        var ports: [Int32: [Int32: Int?]] = [:]
        var waiters: [(Set<Int32>, CheckedContinuation<Void, Never>)] = []
    }
    private let state = Mutex(State())

    func listening(_ id: Int32, _ containerPort: Int32, _ hostPort: Int?) {
        state.withLock { $0.ports[id, default: [:]][containerPort] = hostPort }
    }

    func ports(of id: Int32) -> [Int32: Int?] {
        state.withLock { $0.ports[id] ?? [:] }
    }

    func ready(_ id: Int32, _ ready: Bool) {
        let resumed = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            if ready { state.ready.insert(id) } else { state.ready.remove(id) }
            let done = state.waiters.filter { $0.0.isSubset(of: state.ready) }.map(\.1)
            state.waiters.removeAll { $0.0.isSubset(of: state.ready) }
            return done
        }
        for continuation in resumed { continuation.resume() }
    }

    func waitUntilReady(_ ids: Set<Int32>) async {
        await withCheckedContinuation { continuation in
            let now = state.withLock { state -> Bool in
                if ids.isSubset(of: state.ready) { return true }
                state.waiters.append((ids, continuation))
                return false
            }
            if now { continuation.resume() }
        }
    }
}
