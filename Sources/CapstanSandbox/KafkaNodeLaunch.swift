import Foundation
import KafkaTesting
import KubernetesModels
import KubernetesTesting

/// What a Kafka container was given to start with, read the way the apache/kafka image and Capstan's
/// startup script read it; every missing piece is an error a user can act on (it becomes the container's
/// termination message, as a real failed start would).
struct KafkaNodeLaunch {
    var properties: [String: String]
    var clusterId: String
    var nodeId: Int32
    var initialControllers: [Int32]

    init(container: CoreV1.Container, context: SimulatedContainerContext) throws(SimulatedKafkaError) {
        guard let (path, text) = context.files.first(where: { $0.key.hasSuffix("/server.properties") }) else {
            throw SimulatedKafkaError(
                .invalidConfig,
                "container \(container.name): no server.properties is mounted (expected a ConfigMap volume with a server.properties key)")
        }
        var properties = ServerPropertiesText.parse(text)
        guard let clusterId = context.environment["KAFKA_CLUSTER_ID"], !clusterId.isEmpty else {
            throw SimulatedKafkaError(
                .invalidConfig, "container \(container.name): KAFKA_CLUSTER_ID is not set, so the storage cannot be formatted")
        }
        guard let nodeId = properties["node.id"].flatMap(Int32.init) else {
            throw SimulatedKafkaError(.invalidConfig, "\(path): node.id is missing or not an integer")
        }
        let script = (container.command ?? []).joined(separator: " ")
        if let rack = context.environment["KAFKA_RACK"], !rack.isEmpty {
            if properties["broker.rack"] == nil { properties["broker.rack"] = rack }
        } else if script.contains("KAFKA_RACK:-") {
            // Capstan's startup script refuses to start a rack-aware broker without its rack.
            throw SimulatedKafkaError(
                .invalidConfig, "container \(container.name): KAFKA_RACK is empty: the Pod has no rack label to read it from")
        }
        self.properties = properties
        self.clusterId = clusterId
        self.nodeId = nodeId
        self.initialControllers = Self.voterIds(context.environment["KAFKA_INITIAL_CONTROLLERS"] ?? "")
    }

    /// The ids in `id@host:port:directoryId,...`.
    static func voterIds(_ text: String) -> [Int32] {
        text.split(separator: ",").compactMap { entry in entry.split(separator: "@").first.flatMap { Int32($0) } }
    }
}

/// Java properties text as Kafka reads it, for the subset server.properties uses: `key=value` or
/// `key: value` lines, `#`/`!` comments, surrounding whitespace trimmed.
enum ServerPropertiesText {
    static func parse(_ text: String) -> [String: String] {
        var properties: [String: String] = [:]
        for rawLine in text.split(whereSeparator: \.isNewline) {
            let line = rawLine.trimmingCharacters(in: .whitespaces)
            guard let first = line.first, first != "#", first != "!" else { continue }
            guard let separator = line.firstIndex(where: { $0 == "=" || $0 == ":" }) else { continue }
            let key = line[..<separator].trimmingCharacters(in: .whitespaces)
            let value = line[line.index(after: separator)...].trimmingCharacters(in: .whitespaces)
            properties[key] = value
        }
        return properties
    }
}
