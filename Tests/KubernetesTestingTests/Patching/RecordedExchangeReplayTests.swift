import Foundation
import KubernetesCore
import KubernetesModels
import Testing
import Yams

@testable import KubernetesTesting

/// Replays the recorded PATCH/apply/PUT exchanges with a real kube-apiserver 1.36 through the write library:
/// the request body plus the live object from the previous exchange for the same object go in, and the result
/// must equal the recorded response body (uid, resourceVersion, creationTimestamp and managedFields times
/// compared loosely). Reads ../shared/kubernetes/recordings and skips visibly when it is absent.
@Suite(.enabled(if: Recordings.available, "SKIPPED: ../shared/kubernetes/recordings is absent"))
struct RecordedExchangeReplayTests {
    /// Exchanges reproduced exactly (modulo the loose fields).
    static let reproduced: [ReplayCase] = [
        .init("patches.json", 2, .strategic), .init("patches.json", 3, .strategic),
        .init("patches.json", 4, .merge), .init("patches.json", 6, .json),
        .init("patches.json", 7, .json), .init("patches.json", 8, .json),
        .init("pods-and-volumes.json", 5, .strategic),
        .init("server-side-apply.json", 0, .apply), .init("server-side-apply.json", 1, .apply),
        .init("server-side-apply.json", 2, .apply), .init("server-side-apply.json", 8, .apply),
        .init("server-side-apply.json", 3, .apply), .init("server-side-apply.json", 4, .apply),
        .init("server-side-apply.json", 5, .apply), .init("server-side-apply.json", 6, .apply),
        .init("server-side-apply.json", 7, .apply), .init("server-side-apply.json", 10, .apply),
        .init("server-side-apply.json", 12, .put),
        .init("server-side-apply.json", 13, .apply), .init("server-side-apply.json", 14, .apply),
        .init("server-side-apply.json", 15, .apply), .init("server-side-apply.json", 17, .apply),
        .init("server-side-apply.json", 18, .apply, subresource: "status"),
        .init("server-side-apply.json", 19, .apply, subresource: "status"),
        .init("server-side-apply.json", 20, .apply), .init("server-side-apply.json", 21, .apply),
        .init("custom-resources.json", 15, .put), .init("custom-resources.json", 16, .put, subresource: "status"),
        .init("custom-resources.json", 17, .put), .init("custom-resources.json", 25, .merge),
        .init("custom-resources.json", 28, .merge), .init("custom-resources.json", 30, .json),
    ]

    @Test(arguments: reproduced)
    func reproducesTheRecordedResponse(_ replay: ReplayCase) throws {
        let difference = try replay.run().difference
        #expect(difference.isEmpty, "\(replay): \(difference)")
    }

    /// Exchanges that differ only where the server, not this library, shapes the object; each differs in
    /// exactly the fields named (see docs/in-memory-api-server/patching.md, known differences).
    static let knownDifferences: [(ReplayCase, reason: String, fields: [String])] = [
        (.init("patches.json", 5, .merge), "server defaulting of the new container", ["imagePullPolicy", "resources", "terminationMessagePath", "terminationMessagePolicy"]),
        (.init("pods-and-volumes.json", 3, .merge, subresource: "status"), "Go serializes lastProbeTime: null", ["lastProbeTime"]),
        (.init("pods-and-volumes.json", 4, .strategic, subresource: "status"), "Go serializes lastProbeTime: null", ["lastProbeTime"]),
    ]

    @Test(arguments: knownDifferences.indices)
    func differsOnlyWhereTheServerShapesTheObject(_ index: Int) throws {
        let (replay, reason, fields) = Self.knownDifferences[index]
        let lines = try replay.run().difference.split(separator: "\n")
        print("\(replay) (\(reason)):\n" + lines.joined(separator: "\n"))
        #expect(!lines.isEmpty, "\(replay) now matches: move it to `reproduced`")
        for line in lines {
            #expect(fields.contains { line.contains($0) }, "\(replay): unexpected difference \(line)")
        }
    }
}

/// One recorded exchange to replay.
struct ReplayCase: Sendable, CustomStringConvertible {
    enum Kind: Sendable { case strategic, merge, json, apply, put }
    let file: String
    let index: Int
    let kind: Kind
    let subresource: String?

    init(_ file: String, _ index: Int, _ kind: Kind, subresource: String? = nil) {
        self.file = file
        self.index = index
        self.kind = kind
        self.subresource = subresource
    }

    var description: String { "\(file) #\(index)" }

    struct Outcome {
        var actual: JSONValue
        var expected: JSONValue
        var difference: String { Recordings.difference(actual, expected) }
    }

    func run() throws -> Outcome {
        let exchanges = try Recordings.exchanges(file)
        let exchange = exchanges[index]
        let request = exchange["request"] ?? .null
        let response = exchange["response"] ?? .null
        var body = request["body"] ?? .null
        if case .string(let yaml) = body, kind == .apply {
            // Apply bodies may be YAML; the server parses them before applying.
            body = try Recordings.json(fromYAML: yaml)
        }
        let status = response["status"]?.int64Value ?? 0
        let expected = response["body"] ?? .null
        let path = request["path"]?.stringValue ?? ""
        let kindInfo = Recordings.kind(forPath: path)
        let name = Recordings.objectName(forPath: path)
        let live = Recordings.live(in: exchanges, before: index, kind: kindInfo.kind, name: name)
        let now = Recordings.latestTime(in: expected) ?? "2026-11-24T21:08:00Z"
        let manager = request[path: ["query", "fieldManager"]]?.stringValue ?? "record-kube"
        let force = request[path: ["query", "force"]]?.stringValue == "true"
        let fieldManager = FieldManager(registry: kindInfo.registry, rootTypeName: kindInfo.root, apiVersion: kindInfo.apiVersion, kind: kindInfo.kind)
        let reset = FieldManager.resetFields(subresource: subresource, hasStatusSubresource: kindInfo.rules.hasStatusSubresource)

        var configuration = body
        if live == nil, let namespace = Recordings.namespace(forPath: path) {
            // The server fills the namespace from the URL before applying.
            var metadata = configuration["metadata"]?.objectValue ?? [:]
            metadata["namespace"] = .string(namespace)
            configuration["metadata"] = .object(metadata)
        }
        let result: Result<JSONValue, PatchError> = Result { () throws(PatchError) -> JSONValue in
            switch kind {
            case .apply:
                let outcome = try fieldManager.apply(live: live, configuration: configuration, manager: manager, force: force, subresource: subresource, reset: reset, now: now)
                guard let live else { return WritePreparation.prepareCreate(outcome.object, rules: kindInfo.rules) }
                if outcome.isNoOp { return outcome.object }
                return try WritePreparation.prepareUpdate(live: live, incoming: outcome.object, subresource: subresource, rules: kindInfo.rules, kind: kindInfo.kind, group: kindInfo.group)
            case .strategic, .merge, .json, .put:
                guard let live else { throw PatchError.badRequest("no live object recorded before \(self)") }
                let patched: JSONValue
                switch kind {
                case .strategic: patched = try StrategicMergePatch(registry: kindInfo.registry, rootTypeName: kindInfo.root).apply(body, to: live)
                case .merge: patched = try JSONMergePatch.apply(body, to: live)
                case .json: patched = try JSONPatch.apply(body, to: live)
                default: patched = body
                }
                let prepared = try WritePreparation.prepareUpdate(live: live, incoming: patched, subresource: subresource, rules: kindInfo.rules, kind: kindInfo.kind, group: kindInfo.group)
                return try fieldManager.update(live: live, updated: prepared, manager: manager, subresource: subresource, reset: reset, now: now)
            }
        }
        switch result {
        case .success(let object):
            return Outcome(actual: Recordings.normalized(object), expected: status < 300 ? Recordings.normalized(expected) : expected)
        case .failure(let error):
            return Outcome(actual: error.statusObject, expected: status < 300 ? Recordings.normalized(expected) : expected)
        }
    }
}

/// Access to ../shared/kubernetes/recordings.
enum Recordings {
    static let directory: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("shared/kubernetes/recordings")

    static var available: Bool {
        FileManager.default.fileExists(atPath: directory.appendingPathComponent("patches.json").path)
    }

    static func exchanges(_ file: String) throws -> [JSONValue] {
        let data = try Data(contentsOf: directory.appendingPathComponent(file))
        return try JSONDecoder().decode(JSONValue.self, from: data)["exchanges"]?.arrayValue ?? []
    }

    struct KindInfo {
        var kind: String
        var group: String
        var apiVersion: String
        var root: String?
        var registry: SchemaRegistry
        var rules: WritePreparation.Rules
    }

    static func kind(forPath path: String) -> KindInfo {
        if path.contains("/deployments/") {
            return KindInfo(kind: "Deployment", group: "apps", apiVersion: "apps/v1", root: "AppsV1.Deployment", registry: KubernetesSchemas.builtIn,
                            rules: .init(hasStatusSubresource: true, tracksGeneration: true, annotationsBumpGeneration: true))
        }
        if path.contains("/pods/") {
            return KindInfo(kind: "Pod", group: "", apiVersion: "v1", root: "CoreV1.Pod", registry: KubernetesSchemas.builtIn,
                            rules: .init(hasStatusSubresource: true, tracksGeneration: true))
        }
        if path.contains("/kafkaclusters") {
            return KindInfo(kind: "KafkaCluster", group: "example.dev", apiVersion: "example.dev/v1alpha1", root: "ExampleV1alpha1.KafkaCluster",
                            registry: kafkaClusterRegistry, rules: .init(hasStatusSubresource: true, tracksGeneration: true))
        }
        return KindInfo(kind: "ConfigMap", group: "", apiVersion: "v1", root: "CoreV1.ConfigMap", registry: KubernetesSchemas.builtIn,
                        rules: .init(hasStatusSubresource: false, tracksGeneration: false))
    }

    /// What the CRD in the recordings declares, as the CRD-schema converter would produce it.
    static let kafkaClusterRegistry: SchemaRegistry = {
        var types: [String: TypeSchema] = [:]
        types["ExampleV1alpha1.KafkaCluster"] = TypeSchema(name: "ExampleV1alpha1.KafkaCluster", fields: [
            "apiVersion": FieldSchema(shape: .scalar(.string)), "kind": FieldSchema(shape: .scalar(.string)),
            "metadata": FieldSchema(shape: .object("MetaV1.ObjectMeta")),
            "spec": FieldSchema(shape: .object("ExampleV1alpha1.Spec")), "status": FieldSchema(shape: .object("ExampleV1alpha1.Status")),
        ])
        types["ExampleV1alpha1.Spec"] = TypeSchema(name: "ExampleV1alpha1.Spec", fields: [
            "controllers": FieldSchema(shape: .scalar(.integer)), "replicas": FieldSchema(shape: .scalar(.integer)),
            "version": FieldSchema(shape: .scalar(.string)), "storage": FieldSchema(shape: .object("ExampleV1alpha1.Storage")),
        ])
        types["ExampleV1alpha1.Storage"] = TypeSchema(name: "ExampleV1alpha1.Storage", fields: [
            "class": FieldSchema(shape: .scalar(.string)), "size": FieldSchema(shape: .scalar(.string)),
        ])
        types["ExampleV1alpha1.Status"] = TypeSchema(name: "ExampleV1alpha1.Status", fields: [
            "conditions": FieldSchema(shape: .array(.object("ExampleV1alpha1.Condition"), listType: .map, mapKeys: ["type"])),
            "observedGeneration": FieldSchema(shape: .scalar(.integer)), "phase": FieldSchema(shape: .scalar(.string)),
            "replicas": FieldSchema(shape: .scalar(.integer)), "selector": FieldSchema(shape: .scalar(.string)),
        ])
        types["ExampleV1alpha1.Condition"] = TypeSchema(name: "ExampleV1alpha1.Condition", fields: [
            "lastTransitionTime": FieldSchema(shape: .scalar(.string)), "message": FieldSchema(shape: .scalar(.string)),
            "reason": FieldSchema(shape: .scalar(.string)), "status": FieldSchema(shape: .scalar(.string)),
            "type": FieldSchema(shape: .scalar(.string)),
        ])
        return SchemaRegistry(types: types, roots: [GroupVersionKind(group: "example.dev", version: "v1alpha1", kind: "KafkaCluster"): "ExampleV1alpha1.KafkaCluster"])
    }()

    /// The name in `/.../<resource>/<name>[/<subresource>]`.
    static func objectName(forPath path: String) -> String {
        var parts = path.split(separator: "/").map(String.init)
        if let last = parts.last, last == "status" || last == "scale" { parts.removeLast() }
        return parts.last ?? ""
    }

    static func json(fromYAML text: String) throws -> JSONValue {
        func convert(_ node: Any?) -> JSONValue {
            switch node {
            case let value as Bool: return .bool(value)
            case let value as Int: return .integer(Int64(value))
            case let value as Double: return .double(value)
            case let value as String: return .string(value)
            case let value as [Any]: return .array(value.map(convert))
            case let value as [String: Any]: return .object(value.mapValues(convert))
            default: return .null
            }
        }
        return convert(try Yams.load(yaml: text))
    }

    static func namespace(forPath path: String) -> String? {
        let parts = path.split(separator: "/").map(String.init)
        guard let index = parts.firstIndex(of: "namespaces"), index + 1 < parts.count else { return nil }
        return parts[index + 1]
    }

    /// The most recent successful response body for the object before exchange `index`.
    static func live(in exchanges: [JSONValue], before index: Int, kind: String, name: String) -> JSONValue? {
        for exchange in exchanges[..<index].reversed() {
            guard let body = exchange[path: ["response", "body"]], let status = exchange[path: ["response", "status"]]?.int64Value,
                status < 300, body["kind"]?.stringValue == kind, body[path: ["metadata", "name"]]?.stringValue == name,
                exchange[path: ["request", "query", "dryRun"]] == nil
            else { continue }
            return body
        }
        return nil
    }

    static func latestTime(in object: JSONValue) -> String? {
        object[path: ["metadata", "managedFields"]]?.arrayValue?.compactMap { $0["time"]?.stringValue }.max()
    }

    /// Drops what differs between runs: uid, resourceVersion, creationTimestamp, managedFields times (kept as
    /// present/absent), and null members (the Go server serializes some empty fields as null).
    static func normalized(_ object: JSONValue) -> JSONValue {
        var result = withoutNulls(object)
        guard var metadata = result["metadata"]?.objectValue else { return result }
        for key in ["uid", "resourceVersion", "creationTimestamp"] { metadata.removeValue(forKey: key) }
        if case .array(let entries)? = metadata["managedFields"] {
            metadata["managedFields"] = .array(entries.map { entry in
                var entry = entry
                if entry["time"] != nil { entry["time"] = "<time>" }
                return entry
            })
        }
        result["metadata"] = .object(metadata)
        return result
    }

    static func withoutNulls(_ value: JSONValue) -> JSONValue {
        switch value {
        case .object(let members): return .object(members.filter { !$0.value.isNull }.mapValues(withoutNulls))
        case .array(let items): return .array(items.map(withoutNulls))
        default: return value
        }
    }

    /// The paths where two values differ, for failure messages.
    static func difference(_ actual: JSONValue, _ expected: JSONValue, path: String = "") -> String {
        switch (actual, expected) {
        case (.object(let a), .object(let b)):
            return Set(a.keys).union(b.keys).sorted().compactMap { key -> String? in
                let text = difference(a[key] ?? .null, b[key] ?? .null, path: path + "." + key)
                return text.isEmpty ? nil : text
            }.joined(separator: "\n")
        case (.array(let a), .array(let b)) where a.count == b.count:
            return zip(a, b).enumerated().compactMap { index, pair -> String? in
                let text = difference(pair.0, pair.1, path: path + "[\(index)]")
                return text.isEmpty ? nil : text
            }.joined(separator: "\n")
        default:
            return actual == expected ? "" : "\(path): got \(actual.compactJSON), recorded \(expected.compactJSON)"
        }
    }
}
