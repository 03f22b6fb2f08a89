import Foundation
import KubernetesCore

extension KafkaCluster {
    /// Checks the cluster on its own (the same rules as the CRD schema and its CEL rules, plus the ones a
    /// schema cannot express). `facts`, when given, adds warnings for config keys Kafka does not know.
    public func validate(facts: KafkaConfigFacts? = nil) -> [ValidationIssue] {
        var issues = NameLimits.validate(name: metadata.name, max: NameLimits.cluster, kind: Self.kind)
        guard let spec else { return issues }
        issues += spec.validate(clusterName: metadata.name ?? "", facts: facts).prefixed("spec.")
        return issues
    }
}

extension NameLimits {
    static func validate(name: String?, max: Int, kind: String) -> [ValidationIssue] {
        guard let name, !name.isEmpty else {
            return [.error("metadata.name", "the \(kind) has no name", fix: "set metadata.name")]
        }
        let allowed = name.allSatisfy { $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "-") }
        let startsWithLetter = name.first.map { $0.isASCII && $0.isLowercase } ?? false
        if name.count > max || !allowed || !startsWithLetter || name.hasSuffix("-") {
            return [
                .error(
                    "metadata.name", "'\(name)' is not a valid \(kind) name",
                    fix: "use at most \(max) lower case letters, digits and '-', starting with a letter and not ending with '-'")
            ]
        }
        return []
    }
}

extension KafkaClusterSpec {
    /// The Kafka version, defaulted.
    public var effectiveVersion: String { version ?? KafkaCluster.defaultKafkaVersion }
    /// The image, defaulted from the version.
    public var effectiveImage: String { image ?? "\(KafkaCluster.defaultImageRepository):\(effectiveVersion)" }
    /// The client listeners, defaulted.
    public var effectiveListeners: [KafkaListener] { listeners ?? KafkaCluster.defaultListeners }
    public var metricsEnabled: Bool { metrics?.enabled ?? false }

    func validate(clusterName: String, facts: KafkaConfigFacts?) -> [ValidationIssue] {
        var issues: [ValidationIssue] = []
        if !Self.matches(effectiveVersion, versionPattern: true) {
            issues.append(
                .error(
                    "version", "'\(effectiveVersion)' is not a supported Kafka version: Capstan runs Kafka 4.x in KRaft mode",
                    fix: "set version to a 4.x.y release, e.g. \(KafkaCluster.defaultKafkaVersion)"))
        }
        if let image, image.trimmingCharacters(in: .whitespaces).isEmpty {
            issues.append(.error("image", "the image is empty", fix: "remove image to use apache/kafka:<version>, or name an image"))
        }
        if let metadataVersion, !Self.matches(metadataVersion, versionPattern: false) {
            issues.append(
                .error(
                    "metadataVersion", "'\(metadataVersion)' is not a metadata.version",
                    fix: "write it as MAJOR.MINOR or MAJOR.MINOR-IVn, e.g. 4.1-IV1, or remove it to use the latest"))
        }
        if let listeners, listeners.isEmpty {
            issues.append(.error("listeners", "no listeners: clients could not connect", fix: "add a listener or remove the field to get the default plain listener on 9092"))
        }
        issues += validateListeners()
        issues += validateConfig(facts: facts)
        if let key = rack?.topologyKey, !RackTopology.supportedTopologyKeys.contains(key) {
            issues.append(
                .error(
                    "rack.topologyKey", "'\(key)' cannot be read by a Pod: Kubernetes copies only the zone and region labels from the Node",
                    fix: "use one of \(RackTopology.supportedTopologyKeys.joined(separator: ", "))"))
        }
        return issues
    }

    private func validateListeners() -> [ValidationIssue] {
        var issues: [ValidationIssue] = []
        var names: [String: Int] = [:]
        var ports: [Int32: Int] = [:]
        for (index, listener) in effectiveListeners.enumerated() {
            let path = "listeners[\(index)]"
            if KafkaCluster.reservedListenerNames.contains(listener.name) {
                issues.append(.error(path + ".name", "'\(listener.name)' is the operator's own listener", fix: "choose another name, e.g. plain or external"))
            } else if !Self.isListenerName(listener.name) {
                issues.append(
                    .error(
                        path + ".name", "'\(listener.name)' is not a valid listener name",
                        fix: "use 1 to 10 lower case letters and digits, starting with a letter"))
            }
            if let first = names[listener.name] {
                issues.append(.error(path + ".name", "listener name '\(listener.name)' is also used by listeners[\(first)]", fix: "give each listener its own name"))
            } else {
                names[listener.name] = index
            }
            if !(1024...65535).contains(listener.port) {
                issues.append(.error(path + ".port", "port \(listener.port) is outside 1024-65535", fix: "choose a port from 1024 to 65535 (Kafka runs as a non-root user)"))
            } else if KafkaCluster.reservedPorts.contains(listener.port) {
                issues.append(.error(path + ".port", "port \(listener.port) is reserved (9090 CONTROLLER, 9091 REPLICATION, 9999 JMX)", fix: "choose another port, e.g. 9092 or 9094"))
            }
            if let first = ports[listener.port] {
                issues.append(.error(path + ".port", "port \(listener.port) is also used by listeners[\(first)]", fix: "give each listener its own port"))
            } else {
                ports[listener.port] = index
            }
            if listener.authenticationType == .tls && !listener.usesTLS {
                issues.append(.error(path + ".authentication.type", "tls authentication needs a TLS listener", fix: "set tls: true on this listener, or use scram-sha-512"))
            }
            if listener.usesTLS {
                issues.append(
                    .warning(
                        path + ".tls",
                        "Capstan does not issue certificates yet: the nodes read them from the Secret <cluster>-kafka-tls (tls.crt, tls.key, ca.crt)",
                        fix: "create that Secret (e.g. with cert-manager) before the nodes start"))
            }
        }
        return issues
    }

    private func validateConfig(facts: KafkaConfigFacts?) -> [ValidationIssue] {
        guard let config else { return [] }
        var issues: [ValidationIssue] = []
        for key in config.keys {
            let path = "config[\(key)]"
            if key.isEmpty || key.contains(where: { $0 == "=" || $0 == ":" || $0.isWhitespace }) {
                issues.append(.error(path, "'\(key)' is not a config key", fix: "use the key as written in server.properties, e.g. num.partitions"))
                continue
            }
            if let value = config[key], value.contains(where: { $0.isNewline }) {
                issues.append(.error(path, "the value spans several lines", fix: "write the value on one line (server.properties values are single-line)"))
            }
            if let reason = OperatorOwnedConfig.reason(for: key) {
                issues.append(.error(path, "'\(key)' is set by the operator: \(reason)", fix: "remove config[\(key)]"))
                continue
            }
            guard let facts else { continue }
            if let entry = facts.entry(key) {
                if entry.removed == true {
                    issues.append(.warning(path, "'\(key)' was removed from Kafka 4 (\(entry.removedReason ?? "ZooKeeper only")) and has no effect", fix: "remove config[\(key)]"))
                } else if entry.deprecated == true {
                    issues.append(.warning(path, "'\(key)' is deprecated in Kafka", fix: "check Kafka's documentation for its replacement"))
                }
            } else if !facts.isKnown(key) {
                issues.append(.warning(path, "'\(key)' is not a Kafka broker config (Kafka ignores unknown keys)", fix: "check the spelling against Kafka's broker configs"))
            }
        }
        return issues
    }

    static func matches(_ text: String, versionPattern: Bool) -> Bool {
        // 4.x.y for versions; MAJOR.MINOR[-IVn] for metadata versions.
        if versionPattern {
            let parts = text.split(separator: ".", omittingEmptySubsequences: false)
            return parts.count == 3 && parts[0] == "4" && parts.dropFirst().allSatisfy { !$0.isEmpty && $0.allSatisfy(\.isASCIIDigit) }
        }
        let pieces = text.split(separator: "-", maxSplits: 1, omittingEmptySubsequences: false)
        let numbers = pieces[0].split(separator: ".", omittingEmptySubsequences: false)
        guard numbers.count == 2, numbers.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isASCIIDigit) }) else { return false }
        guard pieces.count == 2 else { return true }
        let iv = pieces[1]
        return iv.hasPrefix("IV") && iv.count > 2 && iv.dropFirst(2).allSatisfy(\.isASCIIDigit)
    }

    static func isListenerName(_ name: String) -> Bool {
        guard let first = name.first, first.isASCII, first.isLowercase, name.count <= 10 else { return false }
        return name.allSatisfy { $0.isASCII && ($0.isLowercase || $0.isNumber) }
    }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}
