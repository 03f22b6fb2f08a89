import KafkaProtocol

/// A config resource: a topic or a broker (empty name = cluster-wide default for all brokers).
public enum KafkaConfigResource: Sendable, Hashable, CustomStringConvertible {
    case topic(String)
    case broker(Int32)
    case clusterDefaultBroker

    var wireType: Int8 {
        switch self {
        case .topic: 2
        case .broker, .clusterDefaultBroker: 4
        }
    }

    var wireName: String {
        switch self {
        case .topic(let name): name
        case .broker(let id): String(id)
        case .clusterDefaultBroker: ""
        }
    }

    public var description: String {
        switch self {
        case .topic(let name): "topic '\(name)'"
        case .broker(let id): "broker \(id)"
        case .clusterDefaultBroker: "cluster-wide broker defaults"
        }
    }
}

/// One config entry as DescribeConfigs reports it, with its update mode for broker configs.
public struct KafkaConfigEntry: Sendable, Hashable, Codable {
    /// Where the value comes from (Kafka's ConfigSource).
    public enum Source: String, Sendable, Hashable, Codable {
        case unknown
        case dynamicTopicConfig = "DYNAMIC_TOPIC_CONFIG"
        case dynamicBrokerConfig = "DYNAMIC_BROKER_CONFIG"
        case dynamicDefaultBrokerConfig = "DYNAMIC_DEFAULT_BROKER_CONFIG"
        case staticBrokerConfig = "STATIC_BROKER_CONFIG"
        case defaultConfig = "DEFAULT_CONFIG"
        case dynamicBrokerLoggerConfig = "DYNAMIC_BROKER_LOGGER_CONFIG"
        case clientMetricsConfig = "CLIENT_METRICS_CONFIG"
        case groupConfig = "GROUP_CONFIG"

        init(wire: Int8) {
            switch wire {
            case 1: self = .dynamicTopicConfig
            case 2: self = .dynamicBrokerConfig
            case 3: self = .dynamicDefaultBrokerConfig
            case 4: self = .staticBrokerConfig
            case 5: self = .defaultConfig
            case 6: self = .dynamicBrokerLoggerConfig
            case 7: self = .clientMetricsConfig
            case 8: self = .groupConfig
            default: self = .unknown
            }
        }
    }

    public var name: String
    /// nil for sensitive values and unset nullable ones.
    public var value: String?
    public var source: Source
    public var isReadOnly: Bool
    public var isSensitive: Bool
    /// For broker configs: read-only / per-broker / cluster-wide from Kafka's table; nil for topic configs
    /// (all dynamic per topic) and unknown names.
    public var updateMode: KafkaConfigUpdateMode?
}

/// One change of IncrementalAlterConfigs.
public enum KafkaConfigChange: Sendable, Hashable {
    case set(String, String)
    case delete(String)
    case append(String, String)
    case subtract(String, String)

    var name: String {
        switch self {
        case .set(let name, _), .delete(let name), .append(let name, _), .subtract(let name, _): name
        }
    }

    var wire: IncrementalAlterConfigsRequest.AlterableConfig {
        switch self {
        case .set(let name, let value): .init(name: name, configOperation: 0, value: value)
        case .delete(let name): .init(name: name, configOperation: 1, value: nil)
        case .append(let name, let value): .init(name: name, configOperation: 2, value: value)
        case .subtract(let name, let value): .init(name: name, configOperation: 3, value: value)
        }
    }
}

extension KafkaAdminClient {
    /// Configs of several resources. Topic and cluster-default requests go in one request to any broker;
    /// a broker's own configs must be asked of that broker.
    public func describeConfigs(_ resources: [KafkaConfigResource], keys: [String]? = nil) async throws(KafkaAdminError) -> [KafkaConfigResource: [KafkaConfigEntry]] {
        var byRoute: [KafkaRoute: [KafkaConfigResource]] = [:]
        for resource in resources {
            if case .broker(let id) = resource { byRoute[.broker(id), default: []].append(resource) } else { byRoute[.anyBroker, default: []].append(resource) }
        }
        var result: [KafkaConfigResource: [KafkaConfigEntry]] = [:]
        for (route, group) in byRoute.sorted(by: { "\($0.key)" < "\($1.key)" }) {
            let request = DescribeConfigsRequest(
                resources: group.map { .init(resourceType: $0.wireType, resourceName: $0.wireName, configurationKeys: keys) })
            let response = try await send(request, to: route)
            for answer in response.results {
                guard let resource = group.first(where: { $0.wireType == answer.resourceType && $0.wireName == answer.resourceName }) else { continue }
                try KafkaAdminError.check(answer.errorCode, subject: "configs of \(resource)", brokerMessage: answer.errorMessage)
                let isBroker = resource.wireType == 4
                result[resource] = answer.configs.map {
                    KafkaConfigEntry(
                        name: $0.name, value: $0.value, source: .init(wire: $0.configSource), isReadOnly: $0.readOnly,
                        isSensitive: $0.isSensitive, updateMode: isBroker ? KafkaConfigUpdateMode.ofBrokerConfig($0.name) : nil)
                }.sorted { $0.name < $1.name }
            }
        }
        return result
    }

    /// Changes configs incrementally. Broker changes that would need a restart (read-only configs) and
    /// cluster-wide-only semantics are rejected before sending, naming the config.
    public func incrementalAlterConfigs(
        _ changes: [KafkaConfigResource: [KafkaConfigChange]], validateOnly: Bool = false
    ) async throws(KafkaAdminError) {
        var byRoute: [KafkaRoute: [KafkaConfigResource]] = [:]
        for (resource, list) in changes {
            if resource.wireType == 4 {
                for change in list where KafkaConfigUpdateMode.ofBrokerConfig(change.name) == .readOnly {
                    throw KafkaAdminError(
                        code: .invalidArgument, kafkaErrorCode: .invalidConfig,
                        message: "\(change.name) on \(resource) is a read-only broker config: it can only change in the broker's properties file with a restart")
                }
            }
            if case .broker(let id) = resource { byRoute[.broker(id), default: []].append(resource) } else { byRoute[.anyBroker, default: []].append(resource) }
        }
        for (route, group) in byRoute.sorted(by: { "\($0.key)" < "\($1.key)" }) {
            let request = IncrementalAlterConfigsRequest(
                resources: group.map { resource in
                    .init(resourceType: resource.wireType, resourceName: resource.wireName, configs: (changes[resource] ?? []).map(\.wire))
                },
                validateOnly: validateOnly)
            let response = try await send(request, to: route)
            for answer in response.responses {
                let resource = group.first { $0.wireType == answer.resourceType && $0.wireName == answer.resourceName }
                try KafkaAdminError.check(
                    answer.errorCode, subject: "alter configs of \(resource.map { "\($0)" } ?? answer.resourceName)",
                    brokerMessage: answer.errorMessage)
            }
        }
    }
}
