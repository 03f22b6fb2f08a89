/// Kafka's config resource types (DescribeConfigs / IncrementalAlterConfigs).
public enum ConfigResourceType: Int8, Sendable {
    case topic = 2
    case broker = 4

    /// The resource type of a request, or INVALID_REQUEST naming the supported ones.
    init(wire: Int8) throws(SimulatedKafkaError) {
        guard let type = ConfigResourceType(rawValue: wire) else {
            throw SimulatedKafkaError(.invalidRequest, "Resource type \(wire) is not supported here; use TOPIC (2) or BROKER (4)")
        }
        self = type
    }
}

/// Where a described config value comes from (Kafka's ConfigSource).
public enum ConfigSource: Int8, Sendable {
    case dynamicTopic = 1
    case dynamicBroker = 2
    case dynamicDefaultBroker = 3
    case staticBroker = 4
    case defaultConfig = 5
}

/// One described config.
public struct DescribedConfig: Sendable, Hashable {
    public var name: String
    public var value: String?
    public var source: ConfigSource
    public var readOnly: Bool
    public var sensitive: Bool
    var type: Int8
}

/// One IncrementalAlterConfigs operation.
public enum ConfigOperation: Sendable, Hashable {
    case set(String)
    case delete
    /// Adds comma-separated values to a LIST config (values already present are kept once).
    case append(String)
    /// Removes comma-separated values from a LIST config.
    case subtract(String)
}

extension ClusterModel {
    /// Static configs a broker was started with (its server.properties).
    func staticConfigs(ofBroker id: Int32) -> [String: String] {
        var configs = ["node.id": "\(id)", "process.roles": "broker", "log.dirs": brokers[id]?.logDir ?? "",
                       "replica.lag.time.max.ms": "\(configuration.replicaLagTimeMaxMs)",
                       "broker.session.timeout.ms": "\(configuration.brokerSessionTimeoutMs)",
                       "min.insync.replicas": "\(configuration.defaultMinInsyncReplicas)",
                       "default.replication.factor": "\(configuration.defaultReplicationFactor)",
                       "num.partitions": "\(configuration.defaultPartitions)"]
        if let rack = brokers[id]?.rack { configs["broker.rack"] = rack }
        return configs
    }

    /// DescribeConfigs: effective value and source of each config (all known ones when `keys` is nil).
    public func describeConfigs(_ type: ConfigResourceType, name: String, keys: [String]?) throws(SimulatedKafkaError) -> [DescribedConfig] {
        switch type {
        case .topic:
            guard let topic = topics[name] else {
                throw SimulatedKafkaError(.unknownTopicOrPartition, "Topic '\(name)' does not exist")
            }
            let names = keys ?? KafkaConfigCatalog.topic.keys.sorted()
            return names.compactMap { key in
                guard let entry = KafkaConfigCatalog.topic[key] else { return nil }
                if let value = topic.configs[key] {
                    return DescribedConfig(name: key, value: value, source: .dynamicTopic, readOnly: false, sensitive: false, type: entry.type.rawValue)
                }
                let brokerDefault = clusterDynamicConfigs[key] ?? (key == "min.insync.replicas" ? "\(configuration.defaultMinInsyncReplicas)" : nil)
                return DescribedConfig(
                    name: key, value: brokerDefault ?? entry.defaultValue,
                    source: clusterDynamicConfigs[key] != nil ? .dynamicDefaultBroker : brokerDefault != nil ? .staticBroker : .defaultConfig,
                    readOnly: false, sensitive: false, type: entry.type.rawValue)
            }
        case .broker:
            let id: Int32?
            if name.isEmpty {
                id = nil
            } else {
                guard let parsed = Int32(name), brokers[parsed] != nil else {
                    throw SimulatedKafkaError(.invalidRequest, "Broker resource name '\(name)' is not a broker id of this cluster (brokers: \(brokerIds))")
                }
                id = parsed
            }
            let statics = id.map(staticConfigs(ofBroker:)) ?? [:]
            let names = keys ?? KafkaConfigCatalog.broker.keys.sorted()
            return names.compactMap { key in
                guard let entry = KafkaConfigCatalog.broker[key] else { return nil }
                let readOnly = entry.mode == .readOnly
                let mask = { (value: String?) in entry.sensitive ? nil : value }
                if let id, let value = brokers[id]?.dynamicConfigs[key] {
                    return DescribedConfig(name: key, value: mask(value), source: .dynamicBroker, readOnly: readOnly, sensitive: entry.sensitive, type: entry.type.rawValue)
                }
                if let value = clusterDynamicConfigs[key] {
                    return DescribedConfig(name: key, value: mask(value), source: .dynamicDefaultBroker, readOnly: readOnly, sensitive: entry.sensitive, type: entry.type.rawValue)
                }
                if let value = statics[key] {
                    return DescribedConfig(name: key, value: mask(value), source: .staticBroker, readOnly: readOnly, sensitive: entry.sensitive, type: entry.type.rawValue)
                }
                return DescribedConfig(name: key, value: mask(entry.defaultValue), source: .defaultConfig, readOnly: readOnly, sensitive: entry.sensitive, type: entry.type.rawValue)
            }
        }
    }

    /// IncrementalAlterConfigs with Kafka's rules: topic configs are all dynamic; a read-only broker config
    /// needs a restart with a new server.properties; a per-broker config cannot be set as a cluster default.
    public mutating func alterConfigs(
        _ type: ConfigResourceType, name: String, _ requested: [(name: String, operation: ConfigOperation)], validateOnly: Bool
    ) throws(SimulatedKafkaError) {
        let operations = try resolvingListOperations(type, name: name, requested)
        switch type {
        case .topic:
            guard topics[name] != nil else {
                throw SimulatedKafkaError(.unknownTopicOrPartition, "Topic '\(name)' does not exist")
            }
            for (key, operation) in operations {
                guard KafkaConfigCatalog.topic[key] != nil else {
                    throw SimulatedKafkaError(.invalidConfig, "Unknown topic config name: \(key)")
                }
                if key == "min.insync.replicas", case .set(let value) = operation, (Int(value) ?? 0) < 1 {
                    throw SimulatedKafkaError(.invalidConfig, "Invalid value \(value) for configuration min.insync.replicas: Value must be at least 1")
                }
            }
            if validateOnly { return }
            try commitMetadataChange("alter configs of topic \(name)")
            for (key, operation) in operations {
                switch operation {
                case .set(let value): topics[name]!.configs[key] = value
                case .delete, .append, .subtract: topics[name]!.configs[key] = nil
                }
            }
        case .broker:
            let id: Int32? = name.isEmpty ? nil : Int32(name)
            if !name.isEmpty, id.flatMap({ brokers[$0] }) == nil {
                throw SimulatedKafkaError(.invalidRequest, "Broker resource name '\(name)' is not a broker id of this cluster (brokers: \(brokerIds))")
            }
            let readOnly = operations.map(\.name).filter { KafkaConfigCatalog.broker[$0]?.mode == .readOnly }
            guard readOnly.isEmpty else {
                throw SimulatedKafkaError(.invalidConfig, "Cannot update these configs dynamically: \(readOnly.sorted()); change server.properties and restart the broker")
            }
            if let unknown = operations.map(\.name).first(where: { KafkaConfigCatalog.broker[$0] == nil }) {
                throw SimulatedKafkaError(.invalidConfig, "Unknown broker config name: \(unknown)")
            }
            if id == nil, let perBroker = operations.map(\.name).first(where: { KafkaConfigCatalog.broker[$0]?.mode == .perBroker }) {
                throw SimulatedKafkaError(.invalidConfig, "Cannot update these configs at default cluster level, broker id must be specified: \(perBroker)")
            }
            if validateOnly { return }
            try commitMetadataChange("alter configs of broker '\(name)'")
            for (key, operation) in operations {
                let value: String? = if case .set(let v) = operation { v } else { nil }
                if let id { brokers[id]!.dynamicConfigs[key] = value } else { clusterDynamicConfigs[key] = value }
            }
        }
    }
}

extension ClusterModel {
    /// APPEND and SUBTRACT become a SET of the new list, computed from the effective value like KRaft's
    /// ConfigurationControlManager; on a config that is not a LIST they are INVALID_CONFIG.
    func resolvingListOperations(
        _ type: ConfigResourceType, name: String, _ operations: [(name: String, operation: ConfigOperation)]
    ) throws(SimulatedKafkaError) -> [(name: String, operation: ConfigOperation)] {
        var resolved: [(name: String, operation: ConfigOperation)] = []
        for (key, operation) in operations {
            let (values, isAppend): (String, Bool)
            switch operation {
            case .set, .delete:
                resolved.append((key, operation))
                continue
            case .append(let v): (values, isAppend) = (v, true)
            case .subtract(let v): (values, isAppend) = (v, false)
            }
            let entry = type == .topic ? KafkaConfigCatalog.topic[key] : KafkaConfigCatalog.broker[key]
            guard let entry else {
                resolved.append((key, operation))  // unknown names are refused by the caller, naming them
                continue
            }
            guard entry.type == .list else {
                throw SimulatedKafkaError(.invalidConfig, "Can't \(isAppend ? "APPEND" : "SUBTRACT") to key \(key) because its type is not LIST.")
            }
            let current = (try describeConfigs(type, name: name, keys: [key])).first?.value ?? ""
            var list = current.split(separator: ",").map(String.init)
            for value in values.split(separator: ",").map(String.init) {
                if isAppend {
                    if !list.contains(value) { list.append(value) }
                } else {
                    list.removeAll { $0 == value }
                }
            }
            resolved.append((key, .set(list.joined(separator: ","))))
        }
        return resolved
    }
}
