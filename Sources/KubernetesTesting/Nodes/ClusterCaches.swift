import KubernetesClient
import KubernetesController
import KubernetesCore
import KubernetesModels
import Logging

/// The informers the simulated nodes read from: every Pod, Node, claim, volume, storage class, Service,
/// ConfigMap and Secret in the cluster, kept current by watches over the API.
struct ClusterCaches: Sendable {
    let pods: Informer<Api<CoreV1.Pod>>
    let nodes: Informer<Api<CoreV1.Node>>
    let claims: Informer<Api<CoreV1.PersistentVolumeClaim>>
    let volumes: Informer<Api<CoreV1.PersistentVolume>>
    let storageClasses: Informer<Api<StorageV1.StorageClass>>
    let services: Informer<Api<CoreV1.Service>>
    let configMaps: Informer<Api<CoreV1.ConfigMap>>
    let secrets: Informer<Api<CoreV1.Secret>>

    /// The watches are spread over two clients: each watch holds an HTTP connection for as long as it
    /// runs, and one client's connection pool (AsyncHTTPClient's default soft limit is 8 per host) would
    /// otherwise be exhausted by eight watches, starving relists.
    init(clients: (KubeClient, KubeClient), clock: any ControllerClock, logger: Logger) {
        let (first, second) = clients
        pods = Informer(client: first, clock: clock, logger: logger)
        nodes = Informer(client: first, clock: clock, logger: logger)
        claims = Informer(client: first, clock: clock, logger: logger)
        volumes = Informer(client: first, clock: clock, logger: logger)
        storageClasses = Informer(client: second, clock: clock, logger: logger)
        services = Informer(client: second, clock: clock, logger: logger)
        configMaps = Informer(client: second, clock: clock, logger: logger)
        secrets = Informer(client: second, clock: clock, logger: logger)
    }

    var all: [any InformerProtocol] { [pods, nodes, claims, volumes, storageClasses, services, configMaps, secrets] }

    func waitUntilSynced() async {
        for informer in all { await informer.waitUntilSynced() }
    }
}

/// A level-triggered wake-up: `signal()` bumps a generation; a loop remembers the generation it has
/// handled and sleeps until a newer one arrives. Any number of signals while a pass runs cause one more pass.
final class Wakeup: Sendable {
    private let generation = WatchedState<UInt64>(0)

    func signal() { generation.update { $0 += 1 } }

    /// The generation now; pass it to `wait(after:)` once the state it reflects is handled.
    var current: UInt64 { generation.value }

    /// Returns once a signal newer than `handled` arrives (or the task is cancelled).
    func wait(after handled: UInt64) async { await generation.wait { $0 > handled } }

    /// Runs `pass` once now and again after every later signal, until the task is cancelled.
    func loop(_ pass: () async -> Void) async {
        while !Task.isCancelled {
            let handled = generation.value
            await pass()
            await generation.wait { $0 > handled }
        }
    }
}
