import KafkaAdmin
import KubernetesController
import Synchronization

/// What Kafka itself says about a cluster: the quorum and the registered brokers.
public struct KafkaClusterObservation: Sendable, Hashable {
    /// The quorum leader's node id, nil when the quorum has no leader.
    public var quorumLeader: Int32?
    /// The voters of the metadata quorum.
    public var voters: Set<Int32>
    /// Brokers registered and unfenced (DescribeCluster lists only live brokers).
    public var registeredBrokers: Set<Int32>

    public init(quorumLeader: Int32?, voters: Set<Int32>, registeredBrokers: Set<Int32>) {
        self.quorumLeader = quorumLeader
        self.voters = voters
        self.registeredBrokers = registeredBrokers
    }
}

/// Where the reconciler learns what Kafka says. A protocol so that the reconciler does not care how
/// (the real one speaks the Kafka protocol through `KafkaAdminClient`).
public protocol KafkaClusterObserver: Sendable {
    /// Asks the cluster reachable at `bootstrap` for its quorum and brokers. `cluster` identifies the
    /// cluster so that connections can be kept between reconciles.
    func observe(cluster: ObjectKey, bootstrap: KafkaBrokerAddress) async throws -> KafkaClusterObservation

    /// The cluster is gone: close what was kept open for it.
    func forget(cluster: ObjectKey) async
}

/// The real observer: one `KafkaAdminClient` per cluster, kept open between reconciles (connections are
/// made lazily and re-made when they drop) and closed when the cluster is deleted or at shutdown.
public final class AdminClientKafkaClusterObserver: KafkaClusterObserver {
    private struct Entry {
        var bootstrap: KafkaBrokerAddress
        var client: KafkaAdminClient
    }

    private let clients = Mutex<[ObjectKey: Entry]>([:])
    private let addressMapper: @Sendable (KafkaBrokerAddress) -> KafkaBrokerAddress
    private let requestTimeout: Duration

    public init(
        addressMapper: @escaping @Sendable (KafkaBrokerAddress) -> KafkaBrokerAddress = { $0 },
        requestTimeout: Duration = .seconds(10)
    ) {
        self.addressMapper = addressMapper
        self.requestTimeout = requestTimeout
    }

    public func observe(cluster: ObjectKey, bootstrap: KafkaBrokerAddress) async throws -> KafkaClusterObservation {
        let client = await client(for: cluster, bootstrap: bootstrap)
        let brokers = try await client.describeCluster()
        let quorum = try await Self.quorumIfLed(client)
        return KafkaClusterObservation(
            quorumLeader: quorum.flatMap { $0.leaderId >= 0 ? $0.leaderId : nil },
            voters: Set(quorum?.voters.map(\.id) ?? []),
            registeredBrokers: Set(brokers.brokers.map(\.id)))
    }

    /// The quorum, or nil when a broker answers with a retriable Kafka error (NOT_LEADER_OR_FOLLOWER: the
    /// quorum has no leader right now): that is an observation, not a failure. Timeouts and dropped
    /// connections are failures.
    private static func quorumIfLed(_ client: KafkaAdminClient) async throws -> KafkaQuorumDescription? {
        do {
            return try await client.describeQuorum()
        } catch {
            if error.kafkaErrorCode != nil && error.isRetriable { return nil }
            throw error
        }
    }

    public func forget(cluster: ObjectKey) async {
        let entry = clients.withLock { $0.removeValue(forKey: cluster) }
        await entry?.client.shutdown()
    }

    /// How many clusters have an open client (for tests: a deleted cluster's client is closed).
    public var openClients: Int { clients.withLock { $0.count } }

    /// Closes every client (the operator is stopping).
    public func shutdown() async {
        let entries = clients.withLock { clients in
            defer { clients.removeAll() }
            return Array(clients.values)
        }
        for entry in entries { await entry.client.shutdown() }
    }

    private func client(for cluster: ObjectKey, bootstrap: KafkaBrokerAddress) async -> KafkaAdminClient {
        let (client, replaced) = clients.withLock { clients -> (KafkaAdminClient, KafkaAdminClient?) in
            if let entry = clients[cluster], entry.bootstrap == bootstrap { return (entry.client, nil) }
            var configuration = KafkaAdminConfiguration(bootstrapServers: [bootstrap])
            configuration.addressMapper = addressMapper
            configuration.requestTimeout = requestTimeout
            configuration.connectTimeout = min(requestTimeout, .seconds(5))
            // The reconciler retries on its own schedule; a long connect backoff would only hold a worker.
            configuration.connectAttempts = 1
            configuration.clientId = "capstan-operator"
            let client = KafkaAdminClient(configuration: configuration)
            let old = clients.updateValue(Entry(bootstrap: bootstrap, client: client), forKey: cluster)
            return (client, old?.client)
        }
        // The bootstrap address changed (a listener was renamed): the old client's connections are useless.
        if let replaced { await replaced.shutdown() }
        return client
    }
}
