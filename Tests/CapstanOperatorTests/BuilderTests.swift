import CapstanOperator
import KubernetesCore
import KubernetesModels
import Testing

/// Behaviour of the desired-state builders that a user would notice, beyond the golden files.
@Suite struct BuilderTests {
    static let context = KafkaClusterBuildContext(clusterId: "MkU3OEVBNTcwNTJENDM2Qg")

    static func state(
        spec: KafkaClusterSpec = KafkaClusterSpec(), pools: [KafkaNodePool] = TestSupport.standardPools(),
        uid: String? = "uid-1", context: KafkaClusterBuildContext = context
    ) throws -> KafkaClusterDesiredState {
        let topology = try KafkaClusterTopology(cluster: TestSupport.cluster(spec: spec, uid: uid), pools: pools)
        return KafkaClusterDesiredState(topology: topology, context: context)
    }

    static func properties(_ node: KafkaNodeObjects) -> [String: String] {
        var values: [String: String] = [:]
        for line in (node.configMap.data?["server.properties"] ?? "").split(separator: "\n") where !line.hasPrefix("#") {
            let parts = line.split(separator: "=", maxSplits: 1)
            if parts.count == 2 { values[String(parts[0])] = String(parts[1]) }
        }
        return values
    }

    @Test func controllersAndBrokersGetKRaftConfig() throws {
        let state = try Self.state()
        let controller = try #require(state.nodes.first { $0.node.id == 0 })
        let broker = try #require(state.nodes.first { $0.node.id == 3 })
        let controllerConfig = Self.properties(controller)
        let brokerConfig = Self.properties(broker)
        #expect(controllerConfig["process.roles"] == "controller")
        #expect(controllerConfig["listeners"] == "CONTROLLER://0.0.0.0:9090")
        // A controller-only node must not name a broker listener.
        #expect(controllerConfig["inter.broker.listener.name"] == nil)
        #expect(brokerConfig["process.roles"] == "broker")
        #expect(brokerConfig["inter.broker.listener.name"] == "REPLICATION")
        #expect(brokerConfig["listeners"] == "REPLICATION://0.0.0.0:9091,PLAIN://0.0.0.0:9092")
        #expect(brokerConfig["advertised.listeners"]
            == "REPLICATION://demo-brokers-3.demo-nodes.kafka.svc:9091,PLAIN://demo-brokers-3.demo-nodes.kafka.svc:9092")
        let quorum = "demo-controllers-0.demo-nodes.kafka.svc:9090,demo-controllers-1.demo-nodes.kafka.svc:9090,demo-controllers-2.demo-nodes.kafka.svc:9090"
        #expect(controllerConfig["controller.quorum.bootstrap.servers"] == quorum)
        #expect(brokerConfig["controller.quorum.bootstrap.servers"] == quorum)
        #expect(brokerConfig["node.id"] == "3")
    }

    @Test func storageIsFormattedWithTheClusterIdAndInitialControllers() throws {
        let state = try Self.state()
        let controller = try #require(state.nodes.first { $0.node.id == 1 })
        let broker = try #require(state.nodes.first { $0.node.id == 4 })
        let controllerContainer = try #require(controller.pod.spec?.containers.first)
        let script = try #require(controllerContainer.command?.last)
        #expect(script.contains("kafka-storage.sh format --ignore-formatted --cluster-id \"${KAFKA_CLUSTER_ID}\""))
        #expect(script.contains("--initial-controllers \"${KAFKA_INITIAL_CONTROLLERS}\""))
        let env = Dictionary(uniqueKeysWithValues: (controllerContainer.env ?? []).map { ($0.name, $0.value ?? "") })
        #expect(env["KAFKA_CLUSTER_ID"] == "MkU3OEVBNTcwNTJENDM2Qg")
        let voters = try #require(env["KAFKA_INITIAL_CONTROLLERS"]).split(separator: ",")
        #expect(voters.count == 3)
        #expect(voters[1].hasPrefix("1@demo-controllers-1.demo-nodes.kafka.svc:9090:"))
        // Directory ids are Kafka UUIDs and the same on every node.
        let directory = String(voters[1].split(separator: ":").last ?? "")
        #expect(KafkaClusterId.isValid(directory))
        let brokerScript = try #require(broker.pod.spec?.containers.first?.command?.last)
        #expect(brokerScript.contains("--no-initial-controllers"))
        #expect(brokerScript.hasSuffix("exec /opt/kafka/bin/kafka-server-start.sh /tmp/kafka/server.properties\n"))
    }

    @Test func controllersAddedLaterJoinWithoutInitialControllers() throws {
        let context = KafkaClusterBuildContext(clusterId: "MkU3OEVBNTcwNTJENDM2Qg", initialControllerIds: [0, 1, 2])
        var pools = TestSupport.standardPools()
        pools[0].spec?.replicas = 5
        let state = try Self.state(pools: pools, context: context)
        let late = try #require(state.nodes.first { $0.node.poolName == "controllers" && $0.node.id == 4 })
        #expect(try #require(late.pod.spec?.containers.first?.command?.last).contains("--no-initial-controllers"))
        #expect(!(late.pod.spec?.containers.first?.env ?? []).contains { $0.name == "KAFKA_INITIAL_CONTROLLERS" })
    }

    @Test func claimsCarryAnOwnerOnlyWhenThePolicyDeletesThem() throws {
        var pools = TestSupport.standardPools()
        pools[1].spec?.storage.deleteClaim = .delete
        let state = try Self.state(pools: pools)
        for node in state.nodes {
            let claim = try #require(node.claims.first)
            if node.node.isBroker {
                #expect(claim.metadata.ownerReferences?.first?.uid == "uid-1")
            } else {
                #expect(claim.metadata.ownerReferences == nil, "keep policy: the claim must outlive the cluster")
            }
            #expect(node.pod.metadata.ownerReferences?.first?.controller == true)
            #expect(node.configMap.metadata.ownerReferences?.first?.kind == "KafkaCluster")
        }
        #expect(state.podDisruptionBudget.metadata.ownerReferences?.count == 1)
        #expect(state.services.allSatisfy { $0.metadata.ownerReferences?.count == 1 })
    }

    @Test func configHashChangesOnlyWhenTheNodeConfigChanges() throws {
        let before = try Self.state()
        let same = try Self.state()
        #expect(before.nodes.map(\.configHash) == same.nodes.map(\.configHash))
        let changed = try Self.state(spec: KafkaClusterSpec(config: ["num.partitions": "12"]))
        #expect(zip(before.nodes, changed.nodes).allSatisfy { $0.configHash != $1.configHash })
        for node in changed.nodes {
            #expect(node.pod.metadata.annotations?["kafka.capstan.dev/config-hash"] == node.configHash)
        }
        // Hashes differ per node (their identity is part of the config).
        #expect(Set(before.nodes.map(\.configHash)).count == before.nodes.count)
    }

    @Test func userOverridesWinOverSizeDefaultsButNotOverOwnedKeys() throws {
        let state = try Self.state(spec: KafkaClusterSpec(config: ["min.insync.replicas": "1", "num.partitions": "6"]))
        let broker = try #require(state.nodes.first { $0.node.isBroker })
        let config = Self.properties(broker)
        #expect(config["min.insync.replicas"] == "1")
        #expect(config["num.partitions"] == "6")
        #expect(config["default.replication.factor"] == "3")
    }

    @Test func singleBrokerClustersGetReplicationDefaultsThatWork() throws {
        let pools = [TestSupport.pool("single", roles: [.broker, .controller], replicas: 1)]
        let state = try Self.state(pools: pools)
        let config = Self.properties(try #require(state.nodes.first))
        #expect(config["process.roles"] == "broker,controller")
        #expect(config["offsets.topic.replication.factor"] == "1")
        #expect(config["min.insync.replicas"] == "1")
        #expect(config["listeners"] == "CONTROLLER://0.0.0.0:9090,REPLICATION://0.0.0.0:9091,PLAIN://0.0.0.0:9092")
    }

    @Test func rackComesFromTheDownwardAPIAndNodesSpreadOverRacks() throws {
        let state = try Self.state(spec: KafkaClusterSpec(rack: RackTopology()))
        let broker = try #require(state.nodes.first { $0.node.isBroker })
        let container = try #require(broker.pod.spec?.containers.first)
        let rack = try #require(container.env?.first { $0.name == "KAFKA_RACK" })
        #expect(rack.valueFrom?.fieldRef?.fieldPath == "metadata.labels['topology.kubernetes.io/zone']")
        #expect(try #require(container.command?.last).contains(#"echo "broker.rack=${KAFKA_RACK}""#))
        #expect(broker.pod.spec?.topologySpreadConstraints?.first?.topologyKey == "topology.kubernetes.io/zone")
    }

    @Test func externalListenersGetPerBrokerServicesAndAdvertiseKnownAddresses() throws {
        let spec = KafkaClusterSpec(listeners: [
            KafkaListener(name: "plain", port: 9092),
            KafkaListener(name: "ext", port: 9094, type: .nodeport),
        ])
        let context = KafkaClusterBuildContext(
            clusterId: "MkU3OEVBNTcwNTJENDM2Qg", externalAddresses: [3: ["ext": ExternalAddress(host: "10.0.0.7", port: 31094)]])
        let state = try Self.state(spec: spec, context: context)
        let brokers = state.nodes.filter(\.node.isBroker)
        #expect(brokers.allSatisfy { $0.services.count == 1 && $0.services[0].spec?.type == "NodePort" })
        #expect(state.nodes.filter(\.node.isController).allSatisfy { $0.services.isEmpty })
        #expect(state.services.map { $0.metadata.name ?? "" } == ["demo-nodes", "demo-bootstrap", "demo-ext-bootstrap"])
        let advertised3 = Self.properties(brokers[0])["advertised.listeners"] ?? ""
        let advertised4 = Self.properties(brokers[1])["advertised.listeners"] ?? ""
        #expect(advertised3.hasSuffix(",EXT://10.0.0.7:31094"))
        #expect(advertised4.hasSuffix(",EXT://demo-brokers-4-ext.kafka.svc:9094"))
        #expect(state.listeners.map(\.bootstrapServers) == ["demo-bootstrap.kafka.svc:9092", "demo-ext-bootstrap.kafka.svc:9094"])
    }

    @Test func securityProtocolsFollowTLSAndAuthentication() throws {
        let spec = KafkaClusterSpec(listeners: [
            KafkaListener(name: "scram", port: 9092, authentication: ListenerAuthentication(type: .scramSha512)),
            KafkaListener(name: "mtls", port: 9093, tls: true, authentication: ListenerAuthentication(type: .tls)),
        ])
        let state = try Self.state(spec: spec)
        let broker = try #require(state.nodes.first { $0.node.isBroker })
        let config = Self.properties(broker)
        #expect(config["listener.security.protocol.map"] == "CONTROLLER:PLAINTEXT,REPLICATION:PLAINTEXT,SCRAM:SASL_PLAINTEXT,MTLS:SSL")
        #expect(config["listener.name.scram.sasl.enabled.mechanisms"] == "SCRAM-SHA-512")
        #expect(config["listener.name.mtls.ssl.client.auth"] == "required")
        #expect(broker.pod.spec?.volumes?.contains { $0.secret?.secretName == "demo-kafka-tls" } == true)
    }

    @Test func podsAreHardened() throws {
        let state = try Self.state()
        for node in state.nodes {
            let pod = try #require(node.pod.spec)
            let container = try #require(pod.containers.first)
            #expect(pod.securityContext?.runAsNonRoot == true)
            #expect(container.securityContext?.readOnlyRootFilesystem == true)
            #expect(container.securityContext?.allowPrivilegeEscalation == false)
            #expect(pod.automountServiceAccountToken == false)
            #expect(pod.hostname == node.pod.metadata.name)
            #expect(pod.subdomain == "demo-nodes")
        }
    }

    @Test func labelsIdentifyClusterPoolNodeAndRole() throws {
        let state = try Self.state()
        let labels = try #require(state.nodes.first { $0.node.id == 4 }?.pod.metadata.labels)
        #expect(labels["app.kubernetes.io/name"] == "kafka")
        #expect(labels["app.kubernetes.io/instance"] == "demo")
        #expect(labels["app.kubernetes.io/managed-by"] == "capstan")
        #expect(labels["kafka.capstan.dev/cluster"] == "demo")
        #expect(labels["kafka.capstan.dev/pool"] == "brokers")
        #expect(labels["kafka.capstan.dev/node-id"] == "4")
        #expect(labels["kafka.capstan.dev/role"] == "broker")
        let everything = state.allObjects
        #expect(everything.allSatisfy { $0.metadata.labels?["kafka.capstan.dev/cluster"] == "demo" })
    }

    @Test func invalidTopologiesThrowWithEveryIssue() {
        let pools = [TestSupport.pool("brokers", roles: [.broker], replicas: 0)]
        #expect {
            try KafkaClusterTopology(cluster: TestSupport.cluster(), pools: pools)
        } throws: { error in
            let issues = (error as? InvalidResourceError)?.issues ?? []
            return issues.contains { $0.field == "spec.replicas" && $0.object == "KafkaNodePool kafka/brokers" }
        }
    }
}
