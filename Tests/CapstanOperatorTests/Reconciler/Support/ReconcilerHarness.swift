import Foundation
import KafkaTesting
import KubernetesClient
import KubernetesController
import KubernetesCore
import KubernetesModels
import KubernetesTesting
import Synchronization
import Testing

@testable import CapstanOperator

/// Everything a reconciler test runs on: the in-memory API server over real HTTP with Capstan's CRDs,
/// the real ControllerManager (time 20x faster) with the Capstan controllers, a simulated Kafka cluster,
/// and the test kubelet that runs Kafka Pods as simulated nodes.
struct ReconcilerHarness: Sendable {
    let server: APIServer
    let client: KubeClient
    let kafka: SimulatedKafkaCluster
    let kubelet: TestKubelet
    let timings: ReconcileTimings
    let observer: AdminClientKafkaClusterObserver
    let namespace = "default"

    /// Runs `body` with a fresh harness and tears everything down afterwards.
    static func run<Result: Sendable>(_ body: @Sendable (ReconcilerHarness) async throws -> Result) async throws -> Result {
        try await APIServer.withAPIServer(APIServer.Configuration(controllerDelay: .milliseconds(5))) { server in
            try await KubeClient.withClient(configuration: server.clientConfiguration) { client in
                for crd in CapstanCustomResourceDefinitions.all {
                    _ = try await client.api(ApiextensionsV1.CustomResourceDefinition.self).create(crd)
                }
                var kafkaConfiguration = SimulatedClusterConfiguration()
                kafkaConfiguration.brokers = []
                kafkaConfiguration.controllerIds = []
                let kafka = SimulatedKafkaCluster(configuration: kafkaConfiguration)
                let kubelet = TestKubelet(client: client, kafka: kafka)
                let clock = ScaledClock(factor: 20)
                let manager = try ControllerManager(
                    client: client, configuration: ManagerConfiguration(identity: "capstan-test", probePort: nil), clock: clock)
                let configuration = CapstanOperatorConfiguration(
                    kafkaAddressMapper: kubelet.addressMapper, kafkaRequestTimeout: .seconds(5), kafkaPollInterval: .seconds(1),
                    readyResyncInterval: .seconds(2))
                let observer = AdminClientKafkaClusterObserver(
                    addressMapper: configuration.kafkaAddressMapper, requestTimeout: configuration.kafkaRequestTimeout)
                let timings = ReconcileTimings()
                CapstanControllers.registerManagedObjectCaches(on: manager, namespace: nil)
                manager.add(
                    CapstanControllers.kafkaClusterController(namespace: nil, configuration: configuration),
                    reconciler: TimedReconciler(
                        inner: KafkaClusterReconciler(client: client, configuration: configuration, observer: observer),
                        timings: timings))
                let harness = ReconcilerHarness(
                    server: server, client: client, kafka: kafka, kubelet: kubelet, timings: timings, observer: observer)
                return try await withThrowingTaskGroup(of: Void.self) { group in
                    group.addTask { try await kubelet.run() }
                    group.addTask { await kafka.runRealTimeClock(speed: 10, tickMs: 20) }
                    group.addTask { try await manager.run() }
                    defer { group.cancelAll() }
                    let result = try await body(harness)
                    group.cancelAll()
                    while let _ = try? await group.next() {}
                    await observer.shutdown()
                    return result
                }
            }
        }
    }

    /// Creates every document of a YAML manifest (KafkaClusters and KafkaNodePools) in the namespace.
    func apply(_ manifest: String) async throws {
        for document in try Manifests.documents(in: manifest) {
            switch document.kind {
            case KafkaCluster.kind:
                var cluster = try document.decode(KafkaCluster.self)
                cluster.metadata.namespace = namespace
                _ = try await client.api(KafkaCluster.self, namespace: namespace).create(cluster)
            case KafkaNodePool.kind:
                var pool = try document.decode(KafkaNodePool.self)
                pool.metadata.namespace = namespace
                _ = try await client.api(KafkaNodePool.self, namespace: namespace).create(pool)
            default:
                continue
            }
        }
    }

    /// Watches the KafkaCluster until `condition` holds; returns it with the Ready reasons seen on the way
    /// (consecutive repeats collapsed) and whether it was ever Degraded=True meanwhile. Fails after
    /// `timeout` with the last status seen.
    func waitForCluster(
        _ name: String, timeout: Duration = .seconds(60), sourceLocation: SourceLocation = #_sourceLocation,
        until condition: @escaping @Sendable (KafkaCluster) -> Bool
    ) async throws -> (cluster: KafkaCluster, readyReasons: [String], wasDegraded: Bool) {
        let api = client.api(KafkaCluster.self, namespace: namespace)
        let sightings = ClusterSightings()
        @Sendable func note(_ cluster: KafkaCluster) -> Bool {
            sightings.record(cluster)
            return condition(cluster)
        }
        let found = try await withThrowingTaskGroup(of: KafkaCluster?.self) { group in
            group.addTask {
                let list = try await api.list()
                if let cluster = list.items.first(where: { $0.metadata.name == name }), note(cluster) { return cluster }
                var version = list.metadata.resourceVersion
                while true {
                    for try await event in try await api.watch(WatchOptions(resourceVersion: version, allowWatchBookmarks: true)) {
                        switch event {
                        case .added(let cluster), .modified(let cluster):
                            version = cluster.metadata.resourceVersion ?? version
                            if cluster.metadata.name == name, note(cluster) { return cluster }
                        case .bookmark(let next, _):
                            version = next
                        case .deleted, .error:
                            continue
                        }
                    }
                }
            }
            group.addTask {
                try await Task.sleep(for: timeout)
                return nil
            }
            let first = try await group.next() ?? nil
            group.cancelAll()
            return first
        }
        let (last, reasons, wasDegraded) = sightings.snapshot
        guard let found else {
            Issue.record(
                "KafkaCluster \(name) did not reach the expected state within \(timeout); last status: \(String(describing: last?.status))",
                sourceLocation: sourceLocation)
            throw HarnessTimeout()
        }
        return (found, reasons, wasDegraded)
    }

    /// Waits for something that no watch reports (e.g. a number of reconciles), checking every 10 ms.
    func waitUntil(
        timeout: Duration = .seconds(60), sourceLocation: SourceLocation = #_sourceLocation, _ condition: @Sendable () -> Bool
    ) async throws {
        let deadline = ContinuousClock.now + timeout
        while !condition() {
            guard ContinuousClock.now < deadline else {
                Issue.record("condition not met within \(timeout)", sourceLocation: sourceLocation)
                throw HarnessTimeout()
            }
            try await Task.sleep(for: .milliseconds(10))
        }
    }

    /// Waits until `api` lists nothing (e.g. after the garbage collector deleted a cluster's objects):
    /// lists once, then follows deletions on a watch from the list's version.
    func waitForEmpty<R: Resource>(
        _ api: Api<R>, timeout: Duration = .seconds(30), sourceLocation: SourceLocation = #_sourceLocation
    ) async throws {
        let emptied = try await withThrowingTaskGroup(of: Bool.self) { group in
            group.addTask {
                let list = try await api.list()
                var remaining = Set(list.items.compactMap(\.metadata.uid))
                var version = list.metadata.resourceVersion
                while !remaining.isEmpty {
                    for try await event in try await api.watch(WatchOptions(resourceVersion: version, allowWatchBookmarks: true)) {
                        switch event {
                        case .added(let object), .modified(let object):
                            version = object.metadata.resourceVersion ?? version
                            if let uid = object.metadata.uid { remaining.insert(uid) }
                        case .deleted(let object):
                            version = object.metadata.resourceVersion ?? version
                            if let uid = object.metadata.uid { remaining.remove(uid) }
                        case .bookmark(let next, _):
                            version = next
                        case .error:
                            continue
                        }
                        if remaining.isEmpty { break }
                    }
                }
                return true
            }
            group.addTask {
                try await Task.sleep(for: timeout)
                return false
            }
            let first = try await group.next() ?? false
            group.cancelAll()
            return first
        }
        guard emptied else {
            Issue.record("\(R.kind) objects still exist after \(timeout)", sourceLocation: sourceLocation)
            throw HarnessTimeout()
        }
    }

    /// The server's current resourceVersion (it moves with every write to any object).
    func serverResourceVersion() async throws -> String? {
        try await client.api(CoreV1.Namespace.self).list().metadata.resourceVersion
    }
}

struct HarnessTimeout: Error {}

/// The states of one KafkaCluster seen while waiting: the last one, and the Ready reasons in order.
final class ClusterSightings: Sendable {
    private let state = Mutex<(last: KafkaCluster?, readyReasons: [String], degraded: Bool)>((nil, [], false))

    func record(_ cluster: KafkaCluster) {
        state.withLock { state in
            state.last = cluster
            if let reason = cluster.status?.conditions?[type: CapstanCondition.ready]?.reason, state.readyReasons.last != reason {
                state.readyReasons.append(reason)
            }
            if cluster.status?.conditions?[type: CapstanCondition.degraded]?.status == .true { state.degraded = true }
        }
    }

    var snapshot: (KafkaCluster?, [String], Bool) { state.withLock { ($0.last, $0.readyReasons, $0.degraded) } }
}

extension KafkaCluster {
    var readyCondition: Condition? { status?.conditions?[type: CapstanCondition.ready] }
    var isReady: Bool { readyCondition?.status == .true && readyCondition?.observedGeneration == metadata.generation }
}

/// Durations of reconciles, to measure them (tests never assert on them).
final class ReconcileTimings: Sendable {
    private let samples = Mutex<[Duration]>([])

    func record(_ duration: Duration) { samples.withLock { $0.append(duration) } }
    var count: Int { samples.withLock { $0.count } }
    func since(_ index: Int) -> [Duration] { samples.withLock { Array($0.dropFirst(index)) } }
}

/// Wraps a reconciler to time each reconcile.
struct TimedReconciler<Inner: Reconciler>: Reconciler {
    typealias Object = Inner.Object
    let inner: Inner
    let timings: ReconcileTimings

    func reconcile(_ request: ReconcileRequest, context: ReconcileContext<Inner.Object>) async throws -> ReconcileAction {
        let start = ContinuousClock.now
        defer { timings.record(ContinuousClock.now - start) }
        return try await inner.reconcile(request, context: context)
    }
}
