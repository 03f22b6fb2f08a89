extension KafkaClusterTopology {
    /// Where the node's ConfigMap is mounted.
    public static let configDirectory = "/etc/capstan/config"

    /// The container command: prepare the config, format the storage once, start Kafka.
    ///
    /// `kafka-storage.sh format --ignore-formatted` is a no-op on a node whose log directories are already
    /// formatted, so the same command is right on first start and on every restart; the cluster id comes
    /// from the environment so it can never differ between nodes.
    func startupScript(for node: KafkaNode, initialController: Bool) -> String {
        let config = "\(Self.workDirectory)/server.properties"
        var lines = [
            "set -eu",
            "mkdir -p \(Self.workDirectory)",
            "cp \(Self.configDirectory)/server.properties \(config)",
        ]
        if node.isBroker, let rack = spec.rack {
            lines += [
                #"if [ -z "${KAFKA_RACK:-}" ]; then"#,
                #"  echo "capstan: this Pod has no \#(rack.effectiveTopologyKey) label, so broker.rack cannot be set (see docs/kafka-cluster.md, Racks)" >&2"#,
                "  exit 1",
                "fi",
                #"echo "broker.rack=${KAFKA_RACK}" >> \#(config)"#,
            ]
        }
        if node.isBroker && spec.effectiveListeners.contains(where: \.usesTLS) {
            lines.append("cat \(Self.tlsDirectory)/tls.key \(Self.tlsDirectory)/tls.crt > \(Self.workDirectory)/keystore.pem")
        }
        var format = [
            "/opt/kafka/bin/kafka-storage.sh format --ignore-formatted",
            #"--cluster-id "${KAFKA_CLUSTER_ID}""#,
            "--config \(config)",
        ]
        format.append(initialController ? #"--initial-controllers "${KAFKA_INITIAL_CONTROLLERS}""# : "--no-initial-controllers")
        if let metadataVersion = spec.metadataVersion {
            format.append("--release-version \(metadataVersion)")
        }
        lines.append(format.joined(separator: " "))
        lines.append("exec /opt/kafka/bin/kafka-server-start.sh \(config)")
        return lines.joined(separator: "\n") + "\n"
    }

    /// `id@host:port:directoryId` of every initial controller, for `--initial-controllers`.
    func initialControllers(context: KafkaClusterBuildContext) -> String {
        controllers
            .filter { context.initialControllerIds?.contains($0.id) ?? true }
            .map { node in
                let host = naming.nodeHost(podName: naming.podName(pool: node.poolName, nodeId: node.id))
                let directory = KafkaClusterId.directoryId(clusterId: context.clusterId, nodeId: node.id)
                return "\(node.id)@\(host):\(Self.controllerPort):\(directory)"
            }
            .joined(separator: ",")
    }
}
