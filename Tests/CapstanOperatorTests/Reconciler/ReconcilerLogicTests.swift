import KubernetesCore
import KubernetesModels
import Testing

@testable import CapstanOperator

/// The reconciler's pure parts: what its messages say and what it refuses, without a server.
@Suite struct ReconcilerLogicTests {
    @Test func progressMessagesSayWhatTheClusterWaitsFor() {
        #expect(
            ClusterProgress.waitingForControllerPods(notReady: [("c-controllers-1", "ContainerCreating"), ("c-controllers-2", "NotCreated")], total: 3).message
                == "waiting for 2 of 3 controller Pods to be Ready: c-controllers-1 (ContainerCreating), c-controllers-2 (NotCreated)")
        #expect(ClusterProgress.waitingForBrokerRegistration([3, 4]).message == "waiting for brokers 3, 4 to register")
        #expect(ClusterProgress.waitingForBrokerRegistration([5]).message == "waiting for broker 5 to register")
        #expect(ClusterProgress.waitingForQuorum(controllers: [0, 1, 2]).message == "waiting for the KRaft quorum (controllers 0, 1, 2) to elect a leader")
        #expect(ClusterProgress.waitingForQuorum(controllers: [0]).waitsOnKafka)
        #expect(!ClusterProgress.waitingForBrokerPods(notReady: [], total: 3).waitsOnKafka)
    }

    @Test func degradedOnlyAfterTheClusterWorked() {
        let now = Time(secondsSinceEpoch: 100)
        let waiting = ClusterProgress.waitingForBrokerRegistration([4])
        let creating = KafkaClusterReconciler.progressConditions([], progress: waiting, wasWorking: false, restartPending: [], generation: 1, now: now)
        #expect(creating[type: CapstanCondition.degraded]?.status == .false)
        #expect(creating[type: CapstanCondition.ready]?.reason == "WaitingForBrokerRegistration")
        let broken = KafkaClusterReconciler.progressConditions([], progress: waiting, wasWorking: true, restartPending: [], generation: 1, now: now)
        #expect(broken[type: CapstanCondition.degraded]?.status == .true)
        #expect(broken[type: CapstanCondition.degraded]?.message == "waiting for broker 4 to register")
        let ready = KafkaClusterReconciler.progressConditions(
            broken, progress: .ready(controllers: 3, brokers: 3, leader: 0), wasWorking: true, restartPending: [4], generation: 2, now: now)
        #expect(ready[type: CapstanCondition.ready]?.status == .true)
        #expect(ready[type: CapstanCondition.reconciling]?.reason == "RestartPending")
        #expect(ready[type: CapstanCondition.degraded]?.status == .false)
        #expect(ready.allSatisfy { $0.observedGeneration == 2 })
    }

    @Test func unsafeChangesAreRevertedToWhatExists() throws {
        let naming = KafkaClusterNaming(cluster: "demo", namespace: "kafka")
        var observed = ObservedClusterObjects()
        for id: Int32 in [3, 4, 5] {
            let podName = naming.podName(pool: "brokers", nodeId: id)
            let labels = [CapstanLabel.cluster: "demo", CapstanLabel.pool: "brokers", CapstanLabel.nodeId: String(id), CapstanLabel.role: "broker"]
            observed.pods[podName] = CoreV1.Pod(metadata: ObjectMeta(name: podName, namespace: "kafka", labels: labels))
            let claimName = naming.claimName(volume: 0, podName: podName)
            observed.claims[claimName] = CoreV1.PersistentVolumeClaim(
                metadata: ObjectMeta(name: claimName, namespace: "kafka", labels: labels),
                spec: CoreV1.PersistentVolumeClaimSpec(resources: CoreV1.VolumeResourceRequirements(requests: ["storage": try Quantity(parsing: "10Gi")])))
        }
        let pool = TestSupport.pool(
            "brokers", roles: [.broker, .controller], replicas: 1, volumes: [StorageVolume(id: 0, size: try Quantity(parsing: "5Gi"))])
        let guarded = UnsafeChangeGuard(pools: [pool], observed: observed, naming: naming)
        #expect(guarded.refusals.map(\.field) == ["spec.roles", "spec.replicas", "spec.storage.volumes[0].size"])
        #expect(guarded.refusals.allSatisfy { $0.object == "KafkaNodePool kafka/brokers" })
        let effective = try #require(guarded.effectivePools.first?.spec)
        #expect(effective.roles == [.broker])
        #expect(effective.replicas == 3)
        #expect(effective.storage.volumes[0].size == (try Quantity(parsing: "10Gi")))
        #expect(guarded.effectivePools.first?.status?.nodeIds == [3, 4, 5])

        // Growing is not refused.
        let grown = TestSupport.pool("brokers", roles: [.broker], replicas: 4, volumes: [StorageVolume(id: 0, size: try Quantity(parsing: "20Gi"))])
        #expect(UnsafeChangeGuard(pools: [grown], observed: observed, naming: naming).refusals.isEmpty)
    }

    @Test func subsetComparisonIgnoresServerAddedFields() {
        let desired: JSONValue = ["metadata": ["name": "a", "labels": ["x": "1"]], "data": ["k": "v"]]
        let cached: JSONValue = ["metadata": ["name": "a", "labels": ["x": "1"], "uid": "u", "resourceVersion": "7"], "data": ["k": "v"]]
        #expect(cached.contains(desired))
        let drifted: JSONValue = ["metadata": ["name": "a", "labels": ["x": "2"]], "data": ["k": "v"]]
        #expect(!drifted.contains(desired))
        let numbers: JSONValue = ["port": 9092.0]
        #expect(numbers.contains(["port": 9092]))
    }
}
