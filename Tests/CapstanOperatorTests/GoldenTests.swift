import CapstanOperator
import Foundation
import KubernetesCore
import Testing

/// Golden files: the exact objects the builders produce, reviewed as YAML.
///
/// Regenerate after an intended change with
///   CAPSTAN_UPDATE_GOLDEN=1 swift test --filter CapstanOperatorTests.GoldenTests
/// and review the diff (`git diff Tests/CapstanOperatorTests/Golden`) before committing.
@Suite struct GoldenTests {
    static let updating = ProcessInfo.processInfo.environment["CAPSTAN_UPDATE_GOLDEN"] == "1"

    static func compare(_ actual: String, golden name: String) throws {
        let url = TestSupport.url("Tests/CapstanOperatorTests/Golden/\(name)")
        if updating {
            try actual.write(to: url, atomically: true, encoding: .utf8)
            return
        }
        guard let expected = try? String(contentsOf: url, encoding: .utf8) else {
            Issue.record("missing golden file \(name); run with CAPSTAN_UPDATE_GOLDEN=1 to create it")
            return
        }
        if actual != expected {
            let actualLines = actual.split(separator: "\n", omittingEmptySubsequences: false)
            let expectedLines = expected.split(separator: "\n", omittingEmptySubsequences: false)
            let firstDifference = zip(actualLines, expectedLines).enumerated().first { $0.element.0 != $0.element.1 }?.offset
                ?? min(actualLines.count, expectedLines.count)
            let expectedLine = firstDifference < expectedLines.count ? String(expectedLines[firstDifference]) : "<end>"
            let actualLine = firstDifference < actualLines.count ? String(actualLines[firstDifference]) : "<end>"
            Issue.record(
                "\(name) differs at line \(firstDifference + 1):\n  golden: \(expectedLine)\n  actual: \(actualLine)\n(CAPSTAN_UPDATE_GOLDEN=1 regenerates it)")
        }
    }

    @Test(arguments: ["quickstart", "production", "dev-combined"])
    func renderedExample(_ name: String) throws {
        let render = try OfflineRender(manifest: try TestSupport.read("examples/\(name).yaml"))
        try Self.compare(try Manifests.encode(render.objects, as: .yaml), golden: "\(name).yaml")
    }

    /// A cluster the API server has created (uid) and the operator has given a cluster id: ownerReferences
    /// appear, and the claims follow the delete policy.
    @Test func createdClusterWithOwnersAndExternalAddresses() throws {
        let documents = try Manifests.documents(in: try TestSupport.read("examples/production.yaml"))
        var cluster = try #require(try documents.first { $0.kind == "KafkaCluster" }?.decode(KafkaCluster.self))
        cluster.metadata.uid = "6b7c3f4e-0000-4000-8000-000000000001"
        var pools = try documents.filter { $0.kind == "KafkaNodePool" }.map { try $0.decode(KafkaNodePool.self) }
        // The brokers pool scaled up once already: it keeps its ids; the new one avoids registered id 2.
        pools[1].status = KafkaNodePoolStatus(nodeIds: [0, 1])
        pools[1].spec?.storage.deleteClaim = .delete
        let topology = try KafkaClusterTopology(cluster: cluster, pools: pools, registeredNodeIds: [2])
        let context = KafkaClusterBuildContext(
            clusterId: "MkU3OEVBNTcwNTJENDM2Qg",
            externalAddresses: [0: ["external": ExternalAddress(host: "203.0.113.10", port: 9094)]])
        let state = KafkaClusterDesiredState(topology: topology, context: context)
        try Self.compare(try Manifests.encode(state.allObjects, as: .yaml), golden: "production-created.yaml")
    }

    @Test func customResourceDefinitions() throws {
        try Self.compare(try Manifests.encode(CapstanCustomResourceDefinitions.all, as: .yaml), golden: "crds.yaml")
    }

    @Test func installManifests() throws {
        let installation = OperatorInstallation(image: "ghcr.io/capstan/capstan:test")
        try Self.compare(try installation.yaml(), golden: "install.yaml")
    }

    @Test func jsonOutputIsAV1List() throws {
        let render = try OfflineRender(manifest: try TestSupport.read("examples/quickstart.yaml"))
        let json = try Manifests.encode(render.objects, as: .json)
        let list = try JSONDecoder().decode(JSONValue.self, from: Data(json.utf8))
        #expect(list["apiVersion"] == "v1")
        #expect(list["kind"] == "List")
        #expect(list["items"]?.arrayValue?.count == render.objects.count)
        #expect(list["items"]?.arrayValue?.first?["kind"] == "ServiceAccount")
    }
}
