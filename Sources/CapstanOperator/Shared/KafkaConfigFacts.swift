import Foundation

/// What Kafka itself knows about its broker config keys, parsed from the config facts document
/// (`kafka-config/broker-configs.json` of the shared data), so that unknown or removed keys can be
/// reported.
///
/// The operator does not ship these facts; callers pass the document when they have it (the CLI looks
/// for it next to the repository), and validation simply says less without it.
public struct KafkaConfigFacts: Sendable {
    /// One broker config key.
    public struct Entry: Sendable, Hashable, Decodable {
        public var name: String
        /// `read-only`, `per-broker` or `cluster-wide`.
        public var dynamicUpdateMode: String?
        /// Removed from Kafka 4 (ZooKeeper-only).
        public var removed: Bool?
        public var removedReason: String?
        public var deprecated: Bool?
        public var documentation: String?
    }

    private struct Document: Decodable {
        var configs: [Entry]
    }

    public var entries: [String: Entry]

    /// Parses the facts document; throws when it is not one.
    public init(brokerConfigsJSON data: Data) throws {
        let document = try JSONDecoder().decode(Document.self, from: data)
        entries = Dictionary(document.configs.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
    }

    public func entry(_ key: String) -> Entry? { entries[key] }

    /// Keys Kafka accepts that are not in its ConfigDef: per-listener settings and plugin prefixes.
    static let openPrefixes = ["listener.name.", "rsm.config.", "rlmm.config.", "metrics.jmx.", "confluent."]

    /// True when Kafka would recognise the key (it accepts unknown keys, but they are usually typos).
    public func isKnown(_ key: String) -> Bool {
        entries[key] != nil || Self.openPrefixes.contains { key.hasPrefix($0) }
    }
}
