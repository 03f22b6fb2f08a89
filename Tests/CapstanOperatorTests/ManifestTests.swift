import CapstanOperator
import KubernetesCore
import Testing

@Suite struct ManifestTests {
    @Test func decodeErrorsNameTheFieldPath() {
        let manifest = """
            apiVersion: kafka.capstan.dev/v1alpha1
            kind: KafkaCluster
            metadata: {name: demo}
            spec:
              listeners:
                - {name: plain, port: many, type: internal}
            """
        #expect {
            try OfflineRender(manifest: manifest)
        } throws: { error in
            guard let error = error as? ManifestError else { return false }
            return error.field == "spec.listeners[0].port" && error.document == 1 && error.kind == "KafkaCluster"
        }
    }

    @Test func misspeltFieldsAreRefusedLikeStrictFieldValidation() {
        let manifest = """
            apiVersion: kafka.capstan.dev/v1alpha1
            kind: KafkaCluster
            metadata: {name: demo, labels: {a: b}}
            spec:
              config: {anything.goes: 1}
              listeners:
                - {name: plain, port: 9092, type: internal, tsl: true}
            """
        #expect {
            try OfflineRender(manifest: manifest)
        } throws: { error in
            guard let error = error as? ManifestError else { return false }
            return error.field == "spec.listeners[0].tsl" && error.message == "unknown field"
                && error.fix.contains("authentication, name, port, tls, type")
        }
    }

    @Test func unknownEnumValuesListTheAllowedOnes() {
        let manifest = """
            apiVersion: kafka.capstan.dev/v1alpha1
            kind: KafkaNodePool
            metadata: {name: p}
            spec: {cluster: demo, roles: [brokr], replicas: 1, storage: {volumes: [{id: 0, size: 1Gi}]}}
            """
        do {
            let documents = try Manifests.documents(in: manifest)
            _ = try documents[0].decode(KafkaNodePool.self)
            Issue.record("decoded an unknown role")
        } catch {
            #expect(error.field == "spec.roles[0]")
            #expect(error.message.contains("use one of: broker, controller"))
        }
    }

    @Test func configValuesMayBeNumbersBooleansAndLists() throws {
        let manifest = """
            apiVersion: kafka.capstan.dev/v1alpha1
            kind: KafkaCluster
            metadata: {name: demo}
            spec:
              config:
                num.partitions: 6
                auto.create.topics.enable: false
                log.dirs.extra: [a, b]
                compression.type: zstd
            """
        let cluster = try Manifests.documents(in: manifest)[0].decode(KafkaCluster.self)
        #expect(cluster.spec?.config?.values == [
            "num.partitions": "6", "auto.create.topics.enable": "false", "log.dirs.extra": "a,b", "compression.type": "zstd",
        ])
    }

    @Test func aManifestWithoutAClusterIsRefused() {
        #expect(throws: ManifestError.self) { try OfflineRender(manifest: "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n") }
    }

    @Test func otherKindsAreIgnoredWithANote() throws {
        let manifest = try TestSupport.read("examples/quickstart.yaml") + "\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n"
        let render = try OfflineRender(manifest: manifest)
        #expect(render.notes.contains { $0.contains("ConfigMap x") })
    }

    @Test func clusterIdsAreKafkaUUIDs() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<100 {
            #expect(KafkaClusterId.isValid(KafkaClusterId.generate(using: &generator)))
        }
        #expect(KafkaClusterId.derived(from: "a/b") == KafkaClusterId.derived(from: "a/b"))
        #expect(KafkaClusterId.derived(from: "a/b") != KafkaClusterId.derived(from: "a/c"))
        #expect(!KafkaClusterId.isValid("too-short"))
    }
}
