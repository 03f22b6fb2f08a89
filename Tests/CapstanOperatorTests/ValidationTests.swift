import CapstanOperator
import KubernetesCore
import Testing

@Suite struct ValidationTests {
    @Test(arguments: ["node.id", "process.roles", "listeners", "advertised.listeners", "log.dirs",
                      "controller.quorum.voters", "controller.quorum.election.timeout.ms", "zookeeper.connect",
                      "listener.name.replication.ssl.keystore.location"])
    func operatorOwnedConfigIsRefused(_ key: String) {
        let cluster = TestSupport.cluster(spec: KafkaClusterSpec(config: KafkaConfigOverrides([key: "x"])))
        let issues = cluster.validate()
        let issue = issues.errors.first { $0.field == "spec.config[\(key)]" }
        #expect(issue != nil, "\(issues)")
        #expect(issue?.fix == "remove config[\(key)]")
    }

    @Test func ordinaryConfigIsAccepted() {
        let cluster = TestSupport.cluster(spec: KafkaClusterSpec(config: ["num.partitions": "6", "log.retention.hours": "24"]))
        #expect(cluster.validate().isEmpty)
    }

    @Test(.enabled(if: TestSupport.sharedFactsAvailable, "needs ../shared/kafka-config (SKIPPED when absent)"))
    func unknownAndRemovedConfigKeysAreWarnedWithSharedFacts() throws {
        let facts = try TestSupport.sharedFacts()
        let cluster = TestSupport.cluster(
            spec: KafkaClusterSpec(config: ["num.partitons": "6", "password.encoder.secret": "x", "num.partitions": "6"]))
        let issues = cluster.validate(facts: facts)
        #expect(issues.errors.isEmpty)
        #expect(issues.warnings.map(\.field).sorted() == ["spec.config[num.partitons]", "spec.config[password.encoder.secret]"])
    }

    @Test(.enabled(if: TestSupport.sharedFactsAvailable, "needs ../shared/kafka-config (SKIPPED when absent)"))
    func operatorOwnedKeysAreRealKafkaKeys() throws {
        // The hand-written list must name keys Kafka actually has (a typo would let the real key through).
        let facts = try TestSupport.sharedFacts()
        for key in OperatorOwnedConfig.keys.keys.sorted() where key != "cluster.id" {
            #expect(facts.entry(key) != nil, "\(key) is not a Kafka broker config")
        }
        // And every KRaft identity/quorum key Kafka marks as read by both roles is owned or deliberately open.
        let ownedOrTuning = facts.entries.values.filter { entry in
            (entry.name.hasPrefix("controller.") || entry.name.hasPrefix("node.") || entry.name.hasPrefix("process."))
                && OperatorOwnedConfig.reason(for: entry.name) == nil
        }.map(\.name).sorted()
        #expect(
            ownedOrTuning.allSatisfy { $0.hasPrefix("controller.quota.") || $0 == "controller.socket.timeout.ms" },
            "unexpected unowned controller/node keys: \(ownedOrTuning)")
    }

    @Test func listenerProblemsNameTheListener() {
        let cluster = TestSupport.cluster(
            spec: KafkaClusterSpec(listeners: [
                KafkaListener(name: "plain", port: 9092),
                KafkaListener(name: "replication", port: 80),
                KafkaListener(name: "plain", port: 9092),
                KafkaListener(name: "Bad_Name", port: 9999),
            ]))
        let fields = Set(cluster.validate().errors.map(\.field))
        #expect(fields.isSuperset(of: [
            "spec.listeners[1].name", "spec.listeners[1].port", "spec.listeners[2].name", "spec.listeners[2].port",
            "spec.listeners[3].name", "spec.listeners[3].port",
        ]))
        #expect(!fields.contains("spec.listeners[0].name"))
    }

    @Test(arguments: [("4.1.0", true), ("4.0.10", true), ("3.9.0", false), ("4.1", false), ("latest", false)])
    func versions(_ version: String, _ valid: Bool) {
        let cluster = TestSupport.cluster(spec: KafkaClusterSpec(version: version))
        #expect(cluster.validate().errors.contains { $0.field == "spec.version" } == !valid)
    }

    @Test(arguments: ["my-cluster", "a", "k1"])
    func validClusterNames(_ name: String) {
        #expect(TestSupport.cluster(name).validate().isEmpty)
    }

    @Test(arguments: ["My-Cluster", "1abc", "ends-", "a-name-that-is-much-longer-than-25", "has.dot"])
    func invalidClusterNames(_ name: String) {
        #expect(TestSupport.cluster(name).validate().errors.map(\.field) == ["metadata.name"])
    }

    @Test func evenControllersAcrossPoolsAreRefused() {
        let pools = [
            TestSupport.pool("a", roles: [.controller], replicas: 1),
            TestSupport.pool("b", roles: [.controller, .broker], replicas: 1),
            TestSupport.pool("c", roles: [.broker], replicas: 3),
        ]
        let issues = KafkaClusterTopology.validate(cluster: TestSupport.cluster(), pools: pools)
        let issue = issues.errors.first { $0.field == "spec.replicas" }
        #expect(issue?.object == "KafkaNodePool kafka/a")
        #expect(issue?.fix == "use 1 or 3 controllers across the controller pools")
    }

    @Test func overlappingIdPoliciesAreRefused() {
        let pools = [
            TestSupport.pool("controllers", roles: [.controller], replicas: 3, nodeIds: NodeIdPolicy(range: NodeIdRange(start: 0, end: 9))),
            TestSupport.pool("brokers", roles: [.broker], replicas: 3, nodeIds: NodeIdPolicy(ids: [9, 10, 11])),
        ]
        let issues = KafkaClusterTopology.validate(cluster: TestSupport.cluster(), pools: pools)
        #expect(issues.errors.contains { $0.field == "spec.nodeIds" })
    }

    @Test func storageCanGrowButNotShrinkOrChangeClass() throws {
        let old = TestSupport.pool("brokers", roles: [.broker], replicas: 3, volumes: [
            StorageVolume(id: 0, size: Quantity(integer: 100 << 30, format: .binarySI), storageClassName: "fast"),
            StorageVolume(id: 1, size: Quantity(integer: 100 << 30, format: .binarySI)),
        ])
        var grown = old
        grown.spec?.storage.volumes[0].size = try Quantity(parsing: "0.2Ti")
        grown.spec?.storage.volumes[1].size = try Quantity(parsing: "102400Mi")  // equal, written differently
        #expect(grown.validateUpdate(from: old).isEmpty)

        var shrunk = old
        shrunk.spec?.storage.volumes[0].size = try Quantity(parsing: "99Gi")
        shrunk.spec?.storage.volumes[1].storageClassName = "slow"
        let fields = shrunk.validateUpdate(from: old).errors.map(\.field)
        #expect(fields == ["spec.storage.volumes[0].size", "spec.storage.volumes[1].storageClassName"])
    }

    @Test func roleChangesAndRemovedVolumesAreRefused() {
        let old = TestSupport.pool("p", roles: [.broker], replicas: 3)
        var changed = old
        changed.spec?.roles = [.broker, .controller]
        changed.spec?.storage.volumes = [StorageVolume(id: 5, size: Quantity(integer: 1 << 30, format: .binarySI))]
        let fields = Set(changed.validateUpdate(from: old).errors.map(\.field))
        #expect(fields == ["spec.roles", "spec.storage.volumes"])
    }

    @Test func replicationWarningsForSmallClusters() throws {
        let cluster = TestSupport.cluster(spec: KafkaClusterSpec(config: ["default.replication.factor": "3", "min.insync.replicas": "3"]))
        let pools = [
            TestSupport.pool("c", roles: [.controller], replicas: 1),
            TestSupport.pool("b", roles: [.broker], replicas: 2),
        ]
        let topology = try KafkaClusterTopology(cluster: cluster, pools: pools)
        #expect(topology.warnings.map(\.field).sorted() == ["spec.config[default.replication.factor]", "spec.config[min.insync.replicas]"])
    }
}

@Suite struct WarningConditionTests {
    @Test func issuesBecomeAWarningConditionNamingFieldAndFix() {
        let pools = [TestSupport.pool("brokers", roles: [.broker], replicas: 0)]
        let issues = KafkaClusterTopology.validate(cluster: TestSupport.cluster(), pools: pools)
        let condition = issues.warningCondition(observedGeneration: 4, now: Time(secondsSinceEpoch: 100))
        #expect(condition.type == "Warning")
        #expect(condition.status == .true)
        #expect(condition.reason == "SpecRefused")
        #expect(condition.observedGeneration == 4)
        #expect(condition.message.contains("KafkaNodePool kafka/brokers: spec.replicas"))
        #expect(condition.message.contains("fix: set replicas to 1 or more"))
    }

    @Test func noIssuesIsAFalseWarning() {
        let condition = [ValidationIssue]().warningCondition(observedGeneration: 1, now: Time(secondsSinceEpoch: 0))
        #expect(condition.status == .false)
    }
}
