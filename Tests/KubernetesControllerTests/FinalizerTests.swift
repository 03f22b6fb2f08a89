import Foundation
import KubernetesClient
import KubernetesController
import KubernetesCore
import KubernetesTesting
import Testing

@Suite struct FinalizerTests {
    func json(_ operations: [JSONPatchOperation]?) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(operations), as: UTF8.self)
    }

    @Test func addingTheFirstFinalizerTestsTheResourceVersion() throws {
        let patch = FinalizerPatch.add("x.dev/cleanup", to: ObjectMeta(name: "a", resourceVersion: "42"))
        #expect(try json(patch) == #"[{"op":"test","path":"\/metadata\/resourceVersion","value":"42"},{"op":"add","path":"\/metadata\/finalizers","value":["x.dev\/cleanup"]}]"#)
    }

    @Test func addingToAnExistingListTestsTheList() throws {
        let patch = FinalizerPatch.add("x.dev/cleanup", to: ObjectMeta(name: "a", resourceVersion: "42", finalizers: ["other"]))
        #expect(try json(patch) == #"[{"op":"test","path":"\/metadata\/finalizers","value":["other"]},{"op":"add","path":"\/metadata\/finalizers\/-","value":"x.dev\/cleanup"}]"#)
        #expect(FinalizerPatch.add("other", to: ObjectMeta(finalizers: ["other"])) == nil, "already present: no patch")
    }

    @Test func removingTestsTheEntryAtItsIndex() throws {
        let patch = FinalizerPatch.remove("x.dev/cleanup", from: ObjectMeta(finalizers: ["other", "x.dev/cleanup"]))
        #expect(try json(patch) == #"[{"op":"test","path":"\/metadata\/finalizers\/1","value":"x.dev\/cleanup"},{"op":"remove","path":"\/metadata\/finalizers\/1"}]"#)
        #expect(FinalizerPatch.remove("x.dev/cleanup", from: ObjectMeta(finalizers: ["other"])) == nil)
    }

    @Test func theHelperAddsThenAppliesThenCleansUpAndRemoves() async throws {
        let transport = ScriptedTransport()
        let objectPath = "/apis/example.capstan.dev/v1/namespaces/ns/widgets/a"
        transport.on(.patch, objectPath, replies: [.json(200, WidgetJSON.object("a", rv: "2"))])
        let client = try KubeClient(configuration: ClientConfiguration(server: "https://x.invalid"), transport: transport)
        let finalizer = Finalizer<Widget>("x.dev/cleanup", api: client.api(Widget.self, namespace: "ns"))

        var live = Widget("a", rv: "1")
        let first = try await finalizer.reconcile(live) { _ in Issue.record("must not apply before the finalizer is in place"); return .done }
        #expect(first == .awaitChange)

        live.metadata.finalizers = ["x.dev/cleanup"]
        var applied = false
        _ = try await finalizer.reconcile(live) { event in
            if case .apply = event { applied = true }
            return .done
        }
        #expect(applied)

        var deleting = live
        deleting.metadata.deletionTimestamp = Time(secondsSinceEpoch: 1)
        var cleaned = false
        let last = try await finalizer.reconcile(deleting) { event in
            if case .cleanup = event { cleaned = true }
            return .done
        }
        #expect(cleaned && last == .done)

        let patches = transport.sentRequests.filter { $0.method == .patch }
        #expect(patches.count == 2, "one patch to add, one to remove")
        let bodies = patches.map { String(decoding: $0.body ?? [], as: UTF8.self) }
        #expect(bodies[0].contains(#""op":"add""#) && bodies[0].contains("resourceVersion"))
        #expect(bodies[1].contains(#""op":"remove""#) && bodies[1].contains(#""op":"test""#))
        #expect(patches.allSatisfy { $0.headers["Content-Type"] == "application/json-patch+json" })
    }
}
