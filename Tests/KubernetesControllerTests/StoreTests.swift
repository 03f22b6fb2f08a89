import KubernetesController
import KubernetesCore
import Testing

@Suite struct StoreTests {
    @Test func relistIsInvisibleUntilInitDoneThenSwapsAtomically() {
        let store = Store<Widget>()
        store.apply(.initStarted)
        store.apply(.initApply(Widget("a")))
        store.apply(.initApply(Widget("b")))
        store.apply(.initDone)
        #expect(store.count == 2)
        #expect(store.isReady)

        // A relist after a watch outage: "b" was deleted meanwhile, "c" created, "a" changed.
        store.apply(.initStarted)
        store.apply(.initApply(Widget("a", rv: "2")))
        store.apply(.initApply(Widget("c")))
        #expect(Set(store.keys.map(\.name)) == ["a", "b"], "readers still see the previous complete state")
        let changes = store.apply(.initDone)
        #expect(Set(store.keys.map(\.name)) == ["a", "c"])
        #expect(store.get(namespace: "ns", name: "a")?.metadata.resourceVersion == "2")
        let described = Set(changes.map { "\($0.old?.metadata.name ?? "-")>\($0.new?.metadata.name ?? "-")" })
        #expect(described == ["a>a", "b>-", "->c"])
    }

    @Test func unchangedObjectsInARelistReportNoChange() {
        let store = Store<Widget>()
        for event: WatcherEvent<Widget> in [.initStarted, .initApply(Widget("a")), .initDone] { store.apply(event) }
        let changes = [WatcherEvent<Widget>.initStarted, .initApply(Widget("a")), .initDone].flatMap { store.apply($0) }
        #expect(changes.isEmpty)
    }

    @Test func indexesFollowUpdatesAndDeletes() {
        let store = Store<Widget>()
        store.apply(.initStarted)
        store.apply(.initApply(Widget("a", labels: ["tier": "gold"], owners: [.widget("parent")])))
        store.apply(.initApply(Widget("b", namespace: "other", labels: ["tier": "silver"])))
        store.apply(.initDone)
        #expect(store.list(namespace: "ns").map(\.metadata.name) == ["a"])
        #expect(store.list(ownedBy: "uid-parent").map(\.metadata.name) == ["a"])
        let gold = LabelQuery([LabelRequirement(key: "tier", operator: .equals, values: ["gold"])])
        #expect(store.list(matching: gold).map(\.metadata.name) == ["a"])

        // Relabel and re-own "a": the old index entries must go.
        store.apply(.apply(Widget("a", rv: "2", labels: ["tier": "silver"])))
        #expect(store.list(matching: gold).isEmpty)
        #expect(store.list(ownedBy: "uid-parent").isEmpty)
        let silver = LabelQuery([LabelRequirement(key: "tier", operator: .in, values: ["silver"])])
        #expect(Set(store.list(matching: silver).compactMap(\.metadata.name)) == ["a", "b"])
        #expect(store.list(matching: silver, namespace: "other").map(\.metadata.name) == ["b"])
        let notGold = LabelQuery([LabelRequirement(key: "tier", operator: .notEquals, values: ["gold"])])
        #expect(store.list(matching: notGold).count == 2)

        store.apply(.delete(Widget("b", namespace: "other", rv: "3")))
        #expect(store.list(namespace: "other").isEmpty)
        #expect(store.list(matching: silver).map(\.metadata.name) == ["a"])
    }

    @Test func managedFieldsAreDroppedBeforeStoring() {
        let store = Store<Widget>()
        var widget = Widget("a")
        widget.metadata.managedFields = [ManagedFieldsEntry(manager: "kubectl", operation: "Apply")]
        store.apply(.initStarted)
        store.apply(.initApply(widget))
        store.apply(.initDone)
        store.apply(.apply({ var w = widget; w.metadata.resourceVersion = "2"; return w }()))
        #expect(store.get(namespace: "ns", name: "a")?.metadata.managedFields == nil)
    }

    @Test func waitUntilReadyResumesOnTheFirstCompleteList() async {
        let store = Store<Widget>()
        #expect(!store.isReady)
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await store.waitUntilReady() }
            group.addTask {
                store.apply(.initStarted)
                store.apply(.initApply(Widget("a")))
                store.apply(.initDone)
            }
        }
        #expect(store.isReady)
        await store.waitUntilReady()  // already ready: returns at once
    }

    @Test func waitUntilReadyEndsWhenCancelled() async {
        let store = Store<Widget>()
        let task = Task { await store.waitUntilReady() }
        task.cancel()
        await task.value
        #expect(!store.isReady)
    }
}
