import KubernetesController
import KubernetesCore
import KubernetesModels
import ServiceLifecycle

/// The one entry point that puts every Capstan controller on a `ControllerManager`; `capstan operator`
/// and `capstan sandbox` both call it, so they run the same controllers.
public enum CapstanControllers {
    /// Registers every controller (today: KafkaCluster, which also writes KafkaNodePool status) on
    /// `manager`, one per configured namespace (or one for all namespaces).
    ///
    /// Returns the Kafka connection service: run it in the same `ServiceGroup`, listed *before* the
    /// manager so that it stops after it (it closes the Kafka admin connections kept per cluster).
    @discardableResult
    public static func register(on manager: ControllerManager, configuration: CapstanOperatorConfiguration) -> KafkaConnectionsService {
        let observer = AdminClientKafkaClusterObserver(
            addressMapper: configuration.kafkaAddressMapper, requestTimeout: configuration.kafkaRequestTimeout)
        register(on: manager, configuration: configuration, observer: observer)
        return KafkaConnectionsService(observer: observer)
    }

    /// Registers the controllers with a given Kafka observer (tests inject their own).
    public static func register(
        on manager: ControllerManager, configuration: CapstanOperatorConfiguration, observer: any KafkaClusterObserver
    ) {
        let scopes: [String?] = configuration.namespaces.isEmpty ? [nil] : configuration.namespaces.map { $0 }
        for namespace in scopes {
            registerManagedObjectCaches(on: manager, namespace: namespace)
            let reconciler = KafkaClusterReconciler(
                client: manager.wiring.client, configuration: configuration, observer: observer, cacheNamespace: namespace)
            manager.add(kafkaClusterController(namespace: namespace, configuration: configuration), reconciler: reconciler)
        }
    }

    /// Registers the caches of the kinds the operator creates with a label selector on
    /// `app.kubernetes.io/managed-by=capstan`, before any controller asks for them: the caches are shared
    /// by type and namespace (the first registration wins), so `owns` then reuses these, and the operator
    /// keeps its own objects in memory rather than every Pod, ConfigMap and Service of the cluster.
    static func registerManagedObjectCaches(on manager: ControllerManager, namespace: String?) {
        let wiring = manager.wiring
        func managedOnly<R: Resource>(_ type: R.Type) {
            _ = wiring.informer(R.self, namespace: namespace, configuration: .init(labelSelector: managedBySelector))
        }
        managedOnly(CoreV1.Pod.self)
        managedOnly(CoreV1.PersistentVolumeClaim.self)
        managedOnly(CoreV1.ConfigMap.self)
        managedOnly(CoreV1.Service.self)
        managedOnly(CoreV1.ServiceAccount.self)
        managedOnly(PolicyV1.PodDisruptionBudget.self)
        managedOnly(NetworkingV1.NetworkPolicy.self)
    }

    /// Every object Capstan creates carries this label (see `KafkaClusterNaming.clusterLabels`).
    static let managedBySelector = "\(CapstanLabel.managedBy)=capstan"

    /// The KafkaCluster controller: owns every object the builders create, and wakes the cluster a
    /// KafkaNodePool names when the pool changes.
    static func kafkaClusterController(namespace: String?, configuration: CapstanOperatorConfiguration) -> ControllerBuilder<KafkaCluster> {
        ControllerBuilder.for(KafkaCluster.self, name: namespace.map { "kafkacluster-\($0)" } ?? "kafkacluster", namespace: namespace)
            .owns(CoreV1.Pod.self)
            .owns(CoreV1.PersistentVolumeClaim.self)
            .owns(CoreV1.ConfigMap.self)
            .owns(CoreV1.Service.self)
            .owns(CoreV1.ServiceAccount.self)
            .owns(PolicyV1.PodDisruptionBudget.self)
            .owns(NetworkingV1.NetworkPolicy.self)
            .watches(KafkaNodePool.self, namespace: namespace) { pool in
                guard let cluster = pool.spec?.cluster else { return [] }
                return [ReconcileRequest(namespace: pool.metadata.namespace, name: cluster)]
            }
            // Our own status writes change neither; the pause annotation is an annotation.
            .withEventFilter(.any([.generationChanged, .annotationsChanged, .labelsChanged, .deletionOrFinalizersChanged]))
            .concurrency(configuration.concurrency)
    }
}

/// Keeps the operator's Kafka admin connections (one client per cluster) and closes them all when the
/// service group shuts down.
public struct KafkaConnectionsService: Service {
    let observer: AdminClientKafkaClusterObserver

    public func run() async throws {
        // Connections are made lazily by reconciles; this service only owns their end.
        try? await gracefulShutdown()
        await observer.shutdown()
    }
}
