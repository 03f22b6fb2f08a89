import ArgumentParser
import CapstanOperator
import Foundation

/// `capstan render FILE`: the objects the operator would create for a manifest, offline.
struct RenderCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "render",
        abstract: "Print the objects the operator would create for KafkaCluster / KafkaNodePool manifests (offline).",
        discussion: """
            Reads the KafkaClusters and KafkaNodePools of FILE (YAML or JSON; '-' for stdin), validates them \
            and prints every Pod, PersistentVolumeClaim, ConfigMap, Service, PodDisruptionBudget, NetworkPolicy \
            and ServiceAccount the operator would apply. Problems are reported with the field path and the fix. \
            Unknown Kafka config keys are warned about when Kafka's config facts are found \
            (--kafka-config-facts, default ../shared/kafka-config/broker-configs.json).
            """)

    @Argument(help: "Manifest file with KafkaCluster and KafkaNodePool documents ('-' for stdin).")
    var file: String

    @Option(name: .shortAndLong, help: "Output format: yaml (a stream of documents) or json (a v1 List).")
    var output: OutputFormatOption = .yaml

    @Option(help: "Kafka broker config facts (broker-configs.json) used to warn about unknown config keys.")
    var kafkaConfigFacts: String?

    func run() throws {
        let text: String
        do {
            text = try ManifestInput.read(file)
        } catch {
            throw ValidationError("cannot read \(file): \(error.localizedDescription)")
        }
        let facts = KafkaConfigFactsLocator.load(explicit: kafkaConfigFacts)
        let render: OfflineRender
        do {
            render = try OfflineRender(manifest: text, facts: facts)
        } catch {
            FileHandle.standardError.write(Data("capstan render: \(file): \(error)\n".utf8))
            throw ExitCode(1)
        }
        for warning in render.warnings {
            FileHandle.standardError.write(Data("\(warning)\n".utf8))
        }
        for note in render.notes {
            FileHandle.standardError.write(Data("note: \(note)\n".utf8))
        }
        print(try Manifests.encode(render.objects, as: output.format), terminator: "")
    }
}

/// `-o yaml|json`.
enum OutputFormatOption: String, ExpressibleByArgument, CaseIterable {
    case yaml, json

    var format: Manifests.OutputFormat {
        switch self {
        case .yaml: return .yaml
        case .json: return .json
        }
    }
}

/// Reads a manifest from a path or stdin.
enum ManifestInput {
    static func read(_ path: String) throws -> String {
        if path == "-" {
            return String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
        }
        return try String(contentsOfFile: path, encoding: .utf8)
    }
}

/// Finds Kafka's config facts: the explicit path, else ../shared next to the repository. Without them
/// validation still refuses operator-owned keys but cannot warn about unknown ones, and says so.
enum KafkaConfigFactsLocator {
    static func load(explicit: String?) -> KafkaConfigFacts? {
        let shared = ProcessInfo.processInfo.environment["CAPSTAN_SHARED"] ?? "../shared"
        let path = explicit ?? "\(shared)/kafka-config/broker-configs.json"
        guard let data = FileManager.default.contents(atPath: path) else {
            if explicit != nil {
                FileHandle.standardError.write(Data("warning: \(path) not found; unknown Kafka config keys are not checked\n".utf8))
            } else {
                FileHandle.standardError.write(Data("note: Kafka config facts (\(path)) not found; unknown config keys are not checked\n".utf8))
            }
            return nil
        }
        do {
            return try KafkaConfigFacts(brokerConfigsJSON: data)
        } catch {
            FileHandle.standardError.write(Data("warning: \(path) is not a broker config facts document (\(error)); unknown config keys are not checked\n".utf8))
            return nil
        }
    }
}
