// A complete controller on Capstan's runtime (KubernetesController), in one file.
//
// It reconciles `Widget` custom resources: for each Widget it server-side-applies a ConfigMap it owns,
// keeps a finalizer so the ConfigMap's cleanup is explicit, records Events, and writes a Ready
// condition with observedGeneration. Run it as a swift-service-lifecycle service:
//
//     let client = try KubeClient(configuration: .detect())
//     let manager = try makeWidgetManager(client: client, podName: "widget-operator-0")
//     let group = ServiceGroup(services: [manager], gracefulShutdownSignals: [.sigterm], logger: logger)
//     try await group.run()

import KubernetesClient
import KubernetesController
import KubernetesCore
import KubernetesModels
import ServiceLifecycle

/// The custom resource: `widgets.example.capstan.dev/v1`.
struct Widget: Resource, HasStatus {
    static let group = "example.capstan.dev"
    static let version = "v1"
    static let kind = "Widget"
    static let plural = "widgets"
    static let scope = ResourceScope.namespaced

    struct Spec: Codable, Sendable { var greeting: String }
    struct Status: Codable, Sendable { var conditions: [Condition]? }

    var apiVersion: String = Widget.apiVersion
    var kind: String = Widget.kind
    var metadata = ObjectMeta()
    var spec: Spec?
    var status: Status?
}

struct WidgetReconciler: Reconciler {
    let client: KubeClient
    static let fieldManager = "widget-controller"

    func reconcile(_ request: ReconcileRequest, context: ReconcileContext<Widget>) async throws -> ReconcileAction {
        // Level-based: read the current state from the cache. Gone means nothing is left to do
        // (the finalizer below already ran the cleanup before the object disappeared).
        guard let widget = context.object(for: request) else { return .done }
        let widgets = client.api(Widget.self, namespace: request.namespace)
        let finalizer = Finalizer<Widget>("example.capstan.dev/configmap", api: widgets)

        return try await finalizer.reconcile(widget) { event in
            switch event {
            case .apply(let widget):
                try await applyConfigMap(for: widget)
                var status = widget
                var conditions = widget.status?.conditions ?? []
                conditions.set(
                    "Ready", status: .true, reason: "ConfigMapApplied", message: "greeting is published",
                    observedGeneration: widget.metadata.generation, now: .now(context.clock))
                status.status = Widget.Status(conditions: conditions)
                _ = try await widgets.applyStatus(status, fieldManager: Self.fieldManager)
                await context.events.record(
                    .normal, reason: "Applied", action: "Reconcile", note: "ConfigMap updated", regarding: widget)
                return .done
            case .cleanup(let widget):
                let configMaps = client.api(CoreV1.ConfigMap.self, namespace: widget.metadata.namespace)
                try await configMaps.delete("\(widget.metadata.name ?? "")-greeting")
                return .done
            }
        }
    }

    private func applyConfigMap(for widget: Widget) async throws {
        guard let name = widget.metadata.name, let uid = widget.metadata.uid else {
            throw TerminalReconcileError("Widget has no name or uid; it did not come from the API server")
        }
        let configMap = CoreV1.ConfigMap(
            metadata: ObjectMeta(
                name: "\(name)-greeting", namespace: widget.metadata.namespace,
                ownerReferences: [
                    OwnerReference(apiVersion: Widget.apiVersion, kind: Widget.kind, name: name, uid: uid, controller: true)
                ]),
            data: ["greeting": widget.spec?.greeting ?? "hello"])
        _ = try await client.api(CoreV1.ConfigMap.self, namespace: widget.metadata.namespace)
            .apply(configMap, fieldManager: Self.fieldManager)
    }
}

/// Wires the controller into a manager with leader election and probes on :8081.
func makeWidgetManager(client: KubeClient, podName: String) throws -> ControllerManager {
    let manager = try ControllerManager(
        client: client,
        configuration: ManagerConfiguration(
            identity: podName,
            leaderElection: .init(leaseName: "widget-operator", leaseNamespace: "widget-system")))
    manager.add(
        ControllerBuilder.for(Widget.self, name: "widget")
            .owns(CoreV1.ConfigMap.self)  // a ConfigMap edited by hand is put back
            .withEventFilter(.any([.generationChanged, .deletionOrFinalizersChanged]))  // ignore our own status writes
            .resync(every: .seconds(600))
            .concurrency(4),
        reconciler: WidgetReconciler(client: client))
    return manager
}
