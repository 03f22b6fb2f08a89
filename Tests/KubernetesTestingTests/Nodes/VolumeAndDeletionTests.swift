import Foundation
import KubernetesClient
import KubernetesCore
import KubernetesModels
import KubernetesTesting
import Synchronization
import Testing

@Suite struct VolumeAndDeletionTests {
    static func claim(_ name: String, size: String) -> JSONValue {
        ["apiVersion": "v1", "kind": "PersistentVolumeClaim", "metadata": ["name": .string(name)],
         "spec": ["accessModes": ["ReadWriteOnce"], "resources": ["requests": ["storage": .string(size)]]]]
    }

    static let claimVolume: [String: JSONValue] = ["volumes": [["name": "data", "persistentVolumeClaim": ["claimName": "data"]]]]

    @Test func podWaitsForItsClaimWhichBindsToAProvisionedVolume() async throws {
        let mounted = Mutex<[String: String]>([:])
        let runtime = ClosureRuntime(prefix: "disk") { _, _, context in
            mounted.withLock { $0 = context.persistentVolumes }
            await sleepUntilCancelled()
        }
        try await NodeTestCluster.with(runtimes: [runtime]) { cluster in
            try await cluster.createPod("db", containers: [["name": "main", "image": "disk:1", "volumeMounts": [["name": "data", "mountPath": "/var/lib/data"]]]],
                                        extraSpec: Self.claimVolume)
            let waiting = try await waitFor(cluster.pods(), "db", "waiting for its claim") {
                $0.status?.containerStatuses?.first?.state?.waiting?.message == "persistentvolumeclaim \"data\" not found"
            }
            #expect(waiting.status?.phase == "Pending")
            let claims = cluster.client.dynamic(.init(group: "", version: "v1", resource: "persistentvolumeclaims"), scope: .namespaced, namespace: "default")
            _ = try await claims.create(Self.claim("data", size: "1Gi"))
            let claimApi = cluster.client.api(CoreV1.PersistentVolumeClaim.self, namespace: "default")
            let bound = try await waitFor(claimApi, "data", "Bound") { $0.status?.phase == "Bound" }
            #expect(bound.spec?.storageClassName == "standard")
            #expect(bound.status?.capacity?["storage"]?.description == "1Gi")
            let volumeName = try #require(bound.spec?.volumeName)
            let volume = try await cluster.client.api(CoreV1.PersistentVolume.self).get(volumeName)
            #expect(volume.spec?.claimRef?.name == "data")
            #expect(volume.status?.phase == "Bound")
            #expect(volume.spec?.capacity?["storage"]?.description == "1Gi")
            _ = try await waitFor(cluster.pods(), "db", "Ready") { $0.readyStatus == "True" }
            #expect(mounted.withLock { $0 } == ["/var/lib/data": "default/data"])
        }
    }

    @Test func claimExpandsButNeverShrinks() async throws {
        try await NodeTestCluster.with { cluster in
            let claims = cluster.client.dynamic(.init(group: "", version: "v1", resource: "persistentvolumeclaims"), scope: .namespaced, namespace: "default")
            _ = try await claims.create(Self.claim("grow", size: "1Gi"))
            let claimApi = cluster.client.api(CoreV1.PersistentVolumeClaim.self, namespace: "default")
            _ = try await waitFor(claimApi, "grow", "Bound") { $0.status?.phase == "Bound" }
            _ = try await claimApi.mergePatch("grow", ["spec": ["resources": ["requests": ["storage": "5Gi"]]]])
            let grown = try await waitFor(claimApi, "grow", "capacity 5Gi") { $0.status?.capacity?["storage"]?.description == "5Gi" }
            #expect(grown.status?.conditions == nil || grown.status?.conditions?.isEmpty == true)
            let volume = try await cluster.client.api(CoreV1.PersistentVolume.self).get(grown.spec?.volumeName ?? "")
            #expect(volume.spec?.capacity?["storage"]?.description == "5Gi")
            let error = await #expect(throws: KubernetesError.self) {
                _ = try await claimApi.mergePatch("grow", ["spec": ["resources": ["requests": ["storage": "2Gi"]]]])
            }
            #expect(error?.isInvalid == true)
            #expect(error?.status?.details?.causes?.first?.field == "spec.resources.requests.storage")
            #expect(error?.status?.details?.causes?.first?.message == "Forbidden: field can not be less than previous value")
        }
    }

    @Test func deletionHonoursGracePeriodAndKeepsTheClaim() async throws {
        let stopping = AsyncStream<Void>.makeStream()
        let release = Gate()
        // Takes its time to shut down: returns only when the test releases it.
        let runtime = ClosureRuntime(prefix: "slow") { _, _, _ in
            await sleepUntilCancelled()
            stopping.continuation.yield()
            await release.wait()
        }
        try await NodeTestCluster.with(runtimes: [runtime]) { cluster in
            let claims = cluster.client.dynamic(.init(group: "", version: "v1", resource: "persistentvolumeclaims"), scope: .namespaced, namespace: "default")
            _ = try await claims.create(Self.claim("data", size: "1Gi"))
            try await cluster.createPod("slow", containers: [["name": "main", "image": "slow:1"]],
                                        extraSpec: Self.claimVolume.merging(["terminationGracePeriodSeconds": 3600]) { $1 })
            _ = try await waitFor(cluster.pods(), "slow", "Ready") { $0.readyStatus == "True" }
            _ = try await cluster.pods().delete("slow")
            for await _ in stopping.stream { break }
            // The container is stopping: the Pod is still there, marked with its grace period.
            let marked = try await cluster.pods().get("slow")
            #expect(marked.metadata.deletionTimestamp != nil)
            #expect(marked.metadata.deletionGracePeriodSeconds == 3600)
            release.open()
            try await waitForDeletion(cluster.pods(), "slow")
            let claim = try await cluster.client.api(CoreV1.PersistentVolumeClaim.self, namespace: "default").get("data")
            #expect(claim.metadata.deletionTimestamp == nil)
            #expect(claim.status?.phase == "Bound")
        }
    }

    @Test func containerIgnoringStopIsAbandonedAfterTheGracePeriod() async throws {
        let stopped = Mutex(false)
        let release = Gate()
        let runtime = ClosureRuntime(prefix: "stubborn") { _, _, _ in
            await sleepUntilCancelled()
            // Ignores SIGTERM until the test lets it go, long after the 2 s grace period.
            await release.wait()
            stopped.withLock { $0 = true }
        }
        try await NodeTestCluster.with(runtimes: [runtime]) { cluster in
            try await cluster.createPod("stubborn", containers: [["name": "main", "image": "stubborn:1"]],
                                        extraSpec: ["terminationGracePeriodSeconds": 2])
            _ = try await waitFor(cluster.pods(), "stubborn", "Ready") { $0.readyStatus == "True" }
            _ = try await cluster.pods().delete("stubborn")
            try await waitForDeletion(cluster.pods(), "stubborn")
            #expect(stopped.withLock { $0 } == false, "the Pod went away before the container finished stopping")
            release.open()
        }
    }

    @Test func unboundPodIsDeletedAtOnce() async throws {
        try await NodeTestCluster.with(nodes: []) { cluster in
            try await cluster.createPod("unbound")
            _ = try await cluster.pods().delete("unbound")
            #expect(try await cluster.pods().getIfExists("unbound") == nil)
        }
    }

    @Test func podDeletedWhileWaitingForItsClaimGoesAtOnce() async throws {
        try await NodeTestCluster.with { cluster in
            // A grace period of ~6 days (43 minutes of scaled time): only a Pod with nothing running skips it.
            try await cluster.createPod("never-started", extraSpec: Self.claimVolume.merging(["terminationGracePeriodSeconds": 518_400]) { $1 })
            _ = try await waitFor(cluster.pods(), "never-started", "waiting for its claim") {
                $0.status?.containerStatuses?.first?.state?.waiting?.reason == "ContainerCreating"
            }
            _ = try await cluster.pods().delete("never-started")
            try await waitForDeletion(cluster.pods(), "never-started")
        }
    }
}
