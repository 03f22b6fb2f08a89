import CapstanOperator
import Foundation
import KubernetesModels
import Testing

/// The `///` doc comment of every custom-resource field is the CRD description of that field (so
/// `kubectl explain` and the Swift docs say the same thing).
@Suite struct DocCommentTests {
    static let types: [(String, ApiextensionsV1.JSONSchemaProps)] = [
        ("KafkaClusterSpec", KafkaClusterSpec.openAPISchema),
        ("KafkaListener", KafkaListener.openAPISchema),
        ("ListenerAuthentication", ListenerAuthentication.openAPISchema),
        ("RackTopology", RackTopology.openAPISchema),
        ("MetricsExporter", MetricsExporter.openAPISchema),
        ("KafkaClusterStatus", KafkaClusterStatus.openAPISchema),
        ("ListenerStatus", ListenerStatus.openAPISchema),
        ("NodeStatus", NodeStatus.openAPISchema),
        ("PodTemplate", PodTemplate.openAPISchema),
        ("ComputeResources", ComputeResources.openAPISchema),
        ("KafkaNodePoolSpec", KafkaNodePoolSpec.openAPISchema),
        ("NodeIdPolicy", NodeIdPolicy.openAPISchema),
        ("NodeIdRange", NodeIdRange.openAPISchema),
        ("NodeStorage", NodeStorage.openAPISchema),
        ("StorageVolume", StorageVolume.openAPISchema),
        ("KafkaNodePoolStatus", KafkaNodePoolStatus.openAPISchema),
    ]

    @Test func fieldDocCommentsAreTheSchemaDescriptions() throws {
        let docs = try Self.fieldDocs()
        var problems: [String] = []
        for (type, schema) in Self.types {
            guard let fields = docs[type] else {
                problems.append("\(type): struct not found in Sources/CapstanOperator")
                continue
            }
            for (field, property) in schema.properties ?? [:] {
                guard let doc = fields[field] else {
                    problems.append("\(type).\(field): no /// doc comment")
                    continue
                }
                if Self.normalized(doc) != Self.normalized(property.description ?? "") {
                    problems.append("\(type).\(field):\n  doc:    \(doc)\n  schema: \(property.description ?? "")")
                }
            }
        }
        #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))")
    }

    static func normalized(_ text: String) -> String {
        text.replacingOccurrences(of: "`", with: "").trimmingCharacters(in: CharacterSet(charactersIn: " ."))
    }

    /// Doc comments of `public var` fields, by struct name, parsed from the sources.
    static func fieldDocs() throws -> [String: [String: String]] {
        let root = TestSupport.url("Sources/CapstanOperator")
        var result: [String: [String: String]] = [:]
        let files = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil)?
            .compactMap { $0 as? URL }.filter { $0.pathExtension == "swift" } ?? []
        for file in files {
            var currentType: String?
            var pending: [String] = []
            for rawLine in try String(contentsOf: file, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false) {
                let line = rawLine.trimmingCharacters(in: .whitespaces)
                if line.hasPrefix("public struct ") {
                    currentType = String(line.dropFirst("public struct ".count).prefix { $0.isLetter || $0.isNumber })
                    pending = []
                } else if line.hasPrefix("extension ") || line.hasPrefix("public enum ") {
                    currentType = nil
                } else if line.hasPrefix("///") {
                    pending.append(line.dropFirst(3).trimmingCharacters(in: .whitespaces))
                } else if line.hasPrefix("public var "), let type = currentType, line.contains(":"), !line.contains("{") {
                    let name = String(line.dropFirst("public var ".count).prefix { $0 != ":" })
                    result[type, default: [:]][name] = pending.joined(separator: " ")
                    pending = []
                } else if !line.isEmpty {
                    pending = []
                }
            }
        }
        return result
    }
}
