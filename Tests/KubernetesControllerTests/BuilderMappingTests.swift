import KubernetesClient
import KubernetesController
import KubernetesCore
import KubernetesTesting
import Testing

@Suite struct BuilderMappingTests {
    @Test func controllerOwnerReferencesMapBackToTheOwner() {
        let child = ObjectMeta(name: "c", namespace: "ns", ownerReferences: [.widget("w1", controller: false), .widget("w2")])
        #expect(OwnerMapping.controllerRequest(of: child, ownerType: Widget.self) == ReconcileRequest(namespace: "ns", name: "w2"))
        let notOurs = ObjectMeta(
            name: "c", namespace: "ns",
            ownerReferences: [OwnerReference(apiVersion: "apps/v1", kind: "Widget", name: "x", uid: "u", controller: true)])
        #expect(OwnerMapping.controllerRequest(of: notOurs, ownerType: Widget.self) == nil, "same kind, other group")
        #expect(OwnerMapping.controllerRequest(of: ObjectMeta(name: "c"), ownerType: Widget.self) == nil)
    }

    @Test func predicatesFilterUpdatesButNeverAdditionsOrDeletions() {
        var old = Widget("a", rv: "1", generation: 1)
        var statusOnly = old
        statusOnly.metadata.resourceVersion = "2"
        let generation = EventPredicate<Widget>.generationChanged
        #expect(!generation.evaluate(StoreChange(old: old, new: statusOnly)))
        var specChange = old
        specChange.metadata.generation = 2
        #expect(generation.evaluate(StoreChange(old: old, new: specChange)))
        #expect(generation.evaluate(StoreChange(old: nil, new: old)))
        #expect(generation.evaluate(StoreChange(old: old, new: nil)))

        old.metadata.labels = ["a": "1"]
        var relabelled = old
        relabelled.metadata.labels = ["a": "2"]
        #expect(EventPredicate<Widget>.labelsChanged.evaluate(StoreChange(old: old, new: relabelled)))
        #expect(!EventPredicate<Widget>.annotationsChanged.evaluate(StoreChange(old: old, new: relabelled)))
        let either = EventPredicate<Widget>.any([.generationChanged, .labelsChanged])
        #expect(either.evaluate(StoreChange(old: old, new: relabelled)))
        let both = EventPredicate<Widget>.all([.generationChanged, .labelsChanged])
        #expect(!both.evaluate(StoreChange(old: old, new: relabelled)))
    }

    @Test func ownedAndWatchedChangesEnqueueTheMappedPrimaries() async throws {
        let client = try KubeClient(configuration: ClientConfiguration(server: "https://x.invalid"), transport: ScriptedTransport())
        let wiring = ControllerWiring(client: client, clock: TestClock(), events: RecordingEventSink())
        let controller = ControllerBuilder.for(Widget.self)
            .owns(Gadget.self)
            .watches(CoreV1Secretish.self) { secret in
                (secret.metadata.labels?["widget"]).map { [ReconcileRequest(namespace: secret.metadata.namespace, name: $0)] } ?? []
            }
            .withEventFilter(.generationChanged)
            .build(reconciler: ClosureReconciler<Widget> { _, _ in .done }, wiring: wiring)

        #expect(wiring.caches.store(for: Gadget.self) != nil, "owns() registered a cache of the child type")
        // Drive the shared informers' stores as their reflectors would, through the registry's informers.
        let gadgetInformer = wiring.informer(Gadget.self)
        let secretInformer = wiring.informer(CoreV1Secretish.self)
        let widgetInformer = wiring.informer(Widget.self)
        #expect(wiring.caches.informers.count == 3, "one shared cache per type")

        feed(widgetInformer, [.initStarted, .initApply(Widget("w1")), .initDone])
        #expect(controller.queue.depth == 1)
        _ = await controller.queue.next()
        controller.queue.done(ReconcileRequest(namespace: "ns", name: "w1"))

        // A status-only change of the primary is filtered out.
        feed(widgetInformer, [.apply(Widget("w1", rv: "2"))])
        #expect(controller.queue.depth == 0)

        // A change to an owned child wakes its controller owner.
        feed(gadgetInformer, [.initStarted, .initApply(Gadget(metadata: ObjectMeta(name: "g", namespace: "ns", resourceVersion: "1", ownerReferences: [.widget("w7")]))), .initDone])
        let owned = await controller.queue.next()
        #expect(owned?.key == ReconcileRequest(namespace: "ns", name: "w7"))

        // A watched object maps through the user's function.
        feed(secretInformer, [.initStarted, .initApply(CoreV1Secretish(metadata: ObjectMeta(name: "s", namespace: "ns", resourceVersion: "1", labels: ["widget": "w9"]))), .initDone])
        let mapped = await controller.queue.next()
        #expect(mapped?.key == ReconcileRequest(namespace: "ns", name: "w9"))
    }

    private func feed<S: WatchSource>(_ informer: Informer<S>, _ events: [WatcherEvent<S.Object>]) {
        for event in events { informer.deliver(event) }
    }
}

/// A Secret-shaped resource for `watches` tests.
struct CoreV1Secretish: Resource {
    static let group = ""
    static let version = "v1"
    static let kind = "Secret"
    static let plural = "secrets"
    static let scope = ResourceScope.namespaced
    var apiVersion = "v1"
    var kind = "Secret"
    var metadata: ObjectMeta

    init(metadata: ObjectMeta) { self.metadata = metadata }
}
