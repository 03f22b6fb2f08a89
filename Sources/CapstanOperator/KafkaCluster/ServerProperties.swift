import Foundation

/// The `server.properties` of one node, in three sections: what the operator owns, defaults it chose for
/// the cluster's size, and the user's overrides. Rendered deterministically (sorted within each section)
/// so that the config hash changes only when the content does.
public struct ServerProperties: Sendable, Hashable {
    public var owned: [String: String]
    public var defaults: [String: String]
    public var overrides: [String: String]

    /// The value Kafka will use for a key (overrides win over defaults; owned keys cannot be overridden).
    public subscript(key: String) -> String? { owned[key] ?? overrides[key] ?? defaults[key] }

    public func rendered(header: String) -> String {
        var lines = header.split(separator: "\n").map { "# " + $0 }
        func section(_ title: String, _ values: [String: String]) {
            guard !values.isEmpty else { return }
            lines.append("")
            lines.append("# " + title)
            for key in values.keys.sorted() {
                lines.append("\(key)=\(Self.escape(values[key] ?? ""))")
            }
        }
        section("Operator-owned (node identity, listeners, quorum, storage)", owned)
        section("Defaults for this cluster's size (override them in spec.config)", defaults.filter { overrides[$0.key] == nil })
        section("From spec.config", overrides)
        return lines.joined(separator: "\n") + "\n"
    }

    /// Java properties escaping for values: backslashes, and a leading space.
    static func escape(_ value: String) -> String {
        var escaped = value.replacingOccurrences(of: "\\", with: "\\\\")
        if escaped.hasPrefix(" ") { escaped = "\\" + escaped }
        return escaped
    }
}

extension KafkaClusterTopology {
    /// The operator's own listeners.
    public static let controllerListener = "CONTROLLER"
    public static let replicationListener = "REPLICATION"
    public static let controllerPort: Int32 = 9090
    public static let replicationPort: Int32 = 9091
    /// Where the first volume is mounted; others follow as `data-<id>`.
    public static let dataRoot = "/var/lib/kafka"
    /// Where TLS listeners read their PEM files (the operator's startup script assembles the keystore).
    public static let tlsDirectory = "/etc/capstan/tls"
    public static let workDirectory = "/tmp/kafka"

    var naming: KafkaClusterNaming { KafkaClusterNaming(cluster: name, namespace: namespace) }

    /// `id@host:port` of every controller, for `controller.quorum.bootstrap.servers`.
    public var quorumBootstrapServers: String {
        controllers.map { node in
            "\(naming.nodeHost(podName: naming.podName(pool: node.poolName, nodeId: node.id))):\(Self.controllerPort)"
        }.joined(separator: ",")
    }

    /// The log directory on a volume.
    public static func logDirectory(volume: Int32) -> String { "\(dataRoot)/data-\(volume)/kafka-log" }

    /// The `server.properties` of a node.
    public func serverProperties(for node: KafkaNode, context: KafkaClusterBuildContext) -> ServerProperties {
        let podName = naming.podName(pool: node.poolName, nodeId: node.id)
        let host = naming.nodeHost(podName: podName)
        var listeners: [String] = []
        var advertised: [String] = []
        var protocols: [String] = ["\(Self.controllerListener):PLAINTEXT"]
        var owned: [String: String] = [:]
        if node.isController {
            listeners.append("\(Self.controllerListener)://0.0.0.0:\(Self.controllerPort)")
            advertised.append("\(Self.controllerListener)://\(host):\(Self.controllerPort)")
        }
        if node.isBroker {
            listeners.append("\(Self.replicationListener)://0.0.0.0:\(Self.replicationPort)")
            advertised.append("\(Self.replicationListener)://\(host):\(Self.replicationPort)")
            protocols.append("\(Self.replicationListener):PLAINTEXT")
            owned["inter.broker.listener.name"] = Self.replicationListener
            for listener in spec.effectiveListeners {
                listeners.append("\(listener.kafkaName)://0.0.0.0:\(listener.port)")
                advertised.append("\(listener.kafkaName)://\(advertisedAddress(of: listener, node: node, podName: podName, context: context))")
                protocols.append("\(listener.kafkaName):\(Self.securityProtocol(listener))")
                owned.merge(Self.listenerSecurity(listener)) { _, new in new }
            }
        }
        let volumes = node.pool.spec?.storage.volumes ?? []
        let logDirs = node.isBroker ? volumes.map { Self.logDirectory(volume: $0.id) } : Array(volumes.prefix(1).map { Self.logDirectory(volume: $0.id) })
        owned["node.id"] = String(node.id)
        owned["process.roles"] = node.roles.map(\.rawValue).joined(separator: ",")
        owned["listeners"] = listeners.joined(separator: ",")
        owned["advertised.listeners"] = advertised.joined(separator: ",")
        owned["listener.security.protocol.map"] = protocols.joined(separator: ",")
        owned["controller.listener.names"] = Self.controllerListener
        owned["controller.quorum.bootstrap.servers"] = quorumBootstrapServers
        owned["log.dirs"] = logDirs.joined(separator: ",")
        owned["metadata.log.dir"] = logDirs.first ?? Self.logDirectory(volume: 0)
        return ServerProperties(owned: owned, defaults: sizeDefaults, overrides: spec.config?.values ?? [:])
    }

    /// Safe replication defaults for the cluster's broker count: Kafka's own defaults (1 replica) lose data
    /// on the first broker failure, and its internal topics' default of 3 fails on smaller clusters.
    var sizeDefaults: [String: String] {
        let brokers = max(brokers.count, 1)
        let replication = min(3, brokers)
        let minISR = replication >= 3 ? 2 : 1
        return [
            "default.replication.factor": String(replication),
            "min.insync.replicas": String(minISR),
            "offsets.topic.replication.factor": String(replication),
            "transaction.state.log.replication.factor": String(replication),
            "transaction.state.log.min.isr": String(minISR),
            "share.coordinator.state.topic.replication.factor": String(replication),
            "share.coordinator.state.topic.min.isr": String(minISR),
        ]
    }

    func advertisedAddress(of listener: KafkaListener, node: KafkaNode, podName: String, context: KafkaClusterBuildContext) -> String {
        guard listener.type.isExternal else { return "\(naming.nodeHost(podName: podName)):\(listener.port)" }
        if let address = context.externalAddresses[node.id]?[listener.name] { return address.description }
        let service = naming.externalNodeService(podName: podName, listener: listener.name)
        return "\(naming.serviceHost(service)):\(listener.port)"
    }

    static func securityProtocol(_ listener: KafkaListener) -> String {
        switch (listener.usesTLS, listener.authenticationType) {
        case (true, .scramSha512): return "SASL_SSL"
        case (false, .scramSha512): return "SASL_PLAINTEXT"
        case (true, _): return "SSL"
        case (false, _): return "PLAINTEXT"
        }
    }

    /// Per-listener TLS and SASL settings (`listener.name.<name>.*`).
    static func listenerSecurity(_ listener: KafkaListener) -> [String: String] {
        let prefix = "listener.name.\(listener.name)."
        var settings: [String: String] = [:]
        if listener.usesTLS {
            settings[prefix + "ssl.keystore.type"] = "PEM"
            settings[prefix + "ssl.keystore.location"] = "\(workDirectory)/keystore.pem"
            settings[prefix + "ssl.truststore.type"] = "PEM"
            settings[prefix + "ssl.truststore.location"] = "\(tlsDirectory)/ca.crt"
        }
        switch listener.authenticationType {
        case .tls:
            settings[prefix + "ssl.client.auth"] = "required"
        case .scramSha512:
            settings[prefix + "sasl.enabled.mechanisms"] = "SCRAM-SHA-512"
            settings[prefix + "scram-sha-512.sasl.jaas.config"] =
                "org.apache.kafka.common.security.scram.ScramLoginModule required;"
        case .none:
            break
        }
        return settings
    }
}
