import Foundation
import KubernetesCore
import KubernetesModels
import Testing

/// KubernetesJSONDecoder against Foundation's JSONDecoder on every body a real kube-apiserver 1.36 sent
/// or was sent: both must produce the same model values and the same `JSONValue` trees.
@Suite("Decoder parity (KubernetesJSONDecoder vs JSONDecoder)")
struct DecoderParityTests {
    /// Decodes a body into its model type with both decoders and returns both values re-encoded with
    /// sorted keys, so that any field that differs shows up as a byte difference.
    typealias BothDecodings = (Data) throws -> (foundation: Data, kubernetes: Data)

    static func decoders() -> [String: BothDecodings] {
        var table: [String: BothDecodings] = [:]
        func add<T: Codable>(_ type: T.Type, _ apiVersion: String, _ kind: String) {
            table["\(apiVersion) \(kind)"] = { data in
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.sortedKeys]
                let foundation = try encoder.encode(try JSONDecoder().decode(T.self, from: data))
                let kubernetes = try encoder.encode(try KubernetesJSONDecoder().decode(T.self, from: data))
                return (foundation, kubernetes)
            }
        }
        func addResource<R: Resource>(_ type: R.Type) {
            add(R.self, R.apiVersion, R.kind)
            add(ResourceList<R>.self, R.apiVersion, R.kind + "List")
        }
        for entry in BuiltInResources.types { addResource(entry.type) }
        add(KubernetesCore.Status.self, "v1", "Status")
        add(AutoscalingV1.Scale.self, "autoscaling/v1", "Scale")
        add(MetaV1.DeleteOptions.self, "v1", "DeleteOptions")
        add(MetaV1.APIResourceList.self, "v1", "APIResourceList")
        add(MetaV1.APIGroupList.self, "v1", "APIGroupList")
        add(MetaV1.APIGroup.self, "v1", "APIGroup")
        add(MetaV1.APIVersions.self, "v1", "APIVersions")
        return table
    }

    // Reads ../shared/kubernetes/recordings; skipped (and reported as skipped) on machines without it.
    @Test(
        "whole recording files parse to the same JSONValue and RecordingFile with both decoders",
        .enabled(if: TestPaths.recordingsAvailable, "SKIPPED: ../shared/kubernetes/recordings is absent")
    )
    func recordingFilesParity() throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: TestPaths.recordings.path).filter { $0.hasSuffix(".json") }
        #expect(!names.isEmpty)
        for name in names.sorted() {
            let data = try Data(contentsOf: TestPaths.recordings.appendingPathComponent(name))
            let foundation = try JSONDecoder().decode(JSONValue.self, from: data)
            let kubernetes = try KubernetesJSONDecoder().decode(JSONValue.self, from: data)
            #expect(foundation == kubernetes, "\(name): the JSONValue trees differ")
            let foundationFile = try JSONDecoder().decode(RecordingFile.self, from: data)
            let kubernetesFile = try KubernetesJSONDecoder().decode(RecordingFile.self, from: data)
            #expect(foundationFile.exchanges.count == kubernetesFile.exchanges.count)
            for (index, (left, right)) in zip(foundationFile.exchanges, kubernetesFile.exchanges).enumerated() {
                #expect(left.response.body == right.response.body, "\(name) exchange \(index): response bodies differ")
                #expect(left.request.body == right.request.body, "\(name) exchange \(index): request bodies differ")
            }
        }
    }

    @Test(
        "every recorded body of a modelled kind decodes to the same model value with both decoders",
        .enabled(if: TestPaths.recordingsAvailable, "SKIPPED: ../shared/kubernetes/recordings is absent")
    )
    func recordedBodiesParity() throws {
        let decoders = Self.decoders()
        var checked = 0
        var checkedKinds: Set<String> = []
        func check(_ body: JSONValue, _ source: String) throws {
            guard case .object = body, let kind = body["kind"]?.stringValue else { return }
            let key = "\(body["apiVersion"]?.stringValue ?? "v1") \(kind)"
            guard let decode = decoders[key] else { return }
            let data = try JSONEncoder().encode(body)
            let foundation: Data
            let kubernetes: Data
            do {
                (foundation, kubernetes) = try decode(data)
            } catch {
                // Bodies the models refuse (e.g. invalid objects the server rejected) must be refused by both.
                let foundationFails = (try? JSONDecoder().decode(JSONValue.self, from: data)) == nil
                    || (try? decode(data)) == nil
                #expect(foundationFails, "\(source): \(error)")
                return
            }
            #expect(foundation == kubernetes, "\(source) (\(key)): the decoded models differ")
            checked += 1
            checkedKinds.insert(key)
        }
        for (name, recording) in try TestPaths.recordingFiles() {
            for (index, exchange) in recording.exchanges.enumerated() {
                let source = "\(name) exchange \(index)"
                if let body = exchange.request.body { try check(body, source + " request") }
                switch exchange.response.body {
                case .array(let lines)?:
                    for (line, event) in lines.enumerated() {
                        if let object = event["object"] { try check(object, source + " watch line \(line)") }
                    }
                case let body?:
                    try check(body, source + " response")
                case nil:
                    break
                }
            }
        }
        print("decoder parity: \(checked) bodies of \(checkedKinds.count) kinds decoded identically")
        #expect(checked > 200, "only \(checked) bodies were checked")
        #expect(checkedKinds.contains("v1 PodList") && checkedKinds.contains("v1 Pod"))
    }

    @Test(
        "watch lines decode to the same events with both decoders",
        .enabled(if: TestPaths.recordingsAvailable, "SKIPPED: ../shared/kubernetes/recordings is absent")
    )
    func watchLinesParity() throws {
        var checked = 0
        for (name, recording) in try TestPaths.recordingFiles() {
            for exchange in recording.exchanges {
                guard case .array(let lines)? = exchange.response.body,
                    exchange.request.query?["watch"] != nil || exchange.request.path.contains("/watch/")
                else { continue }
                for line in lines {
                    guard line["object"]?["kind"]?.stringValue != nil else { continue }
                    let data = try JSONEncoder().encode(line)
                    let foundation = try JSONDecoder().decode(WatchEvent<JSONValue>.self, from: data)
                    let kubernetes = try KubernetesJSONDecoder().decode(WatchEvent<JSONValue>.self, from: data)
                    #expect(foundation.typeName == kubernetes.typeName, "\(name): watch event types differ")
                    #expect(foundation.object == kubernetes.object, "\(name): watch objects differ")
                    checked += 1
                }
            }
        }
        #expect(checked > 0, "no watch line was found in the recordings")
    }
}
