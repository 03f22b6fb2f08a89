import Foundation
import KubernetesClient
import Testing

/// A throwaway folder with files, removed when the test ends.
final class TemporaryDirectory {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("capstan-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: url) }

    @discardableResult
    func write(_ name: String, _ contents: String) throws -> String {
        let path = url.appendingPathComponent(name).path
        try contents.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }
}

let fakePEM = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n"

@Suite struct KubeconfigTests {
    func kubeconfig(user: String, context: String = "dev", cluster: String = "server: https://127.0.0.1:6443") -> String {
        """
        apiVersion: v1
        kind: Config
        current-context: \(context)
        clusters:
        - name: local
          cluster:
            \(cluster)
        contexts:
        - name: dev
          context:
            cluster: local
            user: admin
            namespace: kafka
        - name: other
          context:
            cluster: local
            user: admin
        users:
        - name: admin
          user:
        \(user)
        """
    }

    @Test func resolvesCurrentContextWithToken() throws {
        let dir = try TemporaryDirectory()
        let path = try dir.write("config", kubeconfig(user: "    token: abc123"))
        let config = try ClientConfiguration.fromKubeconfig(path: path)
        #expect(config.server == "https://127.0.0.1:6443")
        #expect(config.namespace == "kafka")
        #expect(config.authentication == .bearerToken("abc123"))
        // Another context without a namespace falls back to default.
        #expect(try ClientConfiguration.fromKubeconfig(path: path, context: "other").namespace == "default")
    }

    @Test func readsCertificatesFromRelativeFilesAndInlineData() throws {
        let dir = try TemporaryDirectory()
        try dir.write("client.crt", fakePEM)
        try dir.write("client.key", fakePEM.replacingOccurrences(of: "CERTIFICATE", with: "PRIVATE KEY"))
        let ca = Data(fakePEM.utf8).base64EncodedString()
        let path = try dir.write(
            "config",
            kubeconfig(
                user: "    client-certificate: client.crt\n    client-key: client.key",
                cluster: "server: https://127.0.0.1:6443\n    certificate-authority-data: \(ca)"))
        let config = try ClientConfiguration.fromKubeconfig(path: path)
        #expect(config.tls.clientCertificatePEM == Array(fakePEM.utf8))
        #expect(config.tls.clientKeyPEM != nil)
        #expect(config.tls.certificateAuthorityPEM == Array(fakePEM.utf8))
        #expect(config.authentication == .none)
    }

    @Test func tokenFileIsResolvedRelativeToTheKubeconfig() throws {
        let dir = try TemporaryDirectory()
        try dir.write("token", "t0k3n\n")
        let path = try dir.write("config", kubeconfig(user: "    tokenFile: token"))
        let config = try ClientConfiguration.fromKubeconfig(path: path)
        #expect(config.authentication == .bearerTokenFile(path: dir.url.appendingPathComponent("token").path))
    }

    /// Each broken kubeconfig gives one error that names the file and the field to fix.
    @Test func badKubeconfigsNameFileAndField() throws {
        let dir = try TemporaryDirectory()
        let cases: [(name: String, contents: String?, context: String?, mustMention: [String])] = [
            ("missing", nil, nil, ["missing", "cannot read the file"]),
            ("unknown-context", kubeconfig(user: "    token: x"), "prod", ["contexts", "'prod'", "dev, other"]),
            ("unreadable-cert", kubeconfig(user: "    client-certificate: /nonexistent/c.crt\n    client-key: /nonexistent/c.key"), nil,
                ["users[admin].client-certificate", "/nonexistent/c.crt"]),
            ("malformed", "clusters: [\n  - name: x\n  cluster: {server: }", nil, ["malformed", "not a valid kubeconfig"]),
            ("no-server", kubeconfig(user: "    token: x", cluster: "insecure-skip-tls-verify: true"), nil,
                ["clusters[local].server", "is missing"]),
            ("bad-scheme", kubeconfig(user: "    token: x", cluster: "server: 127.0.0.1:6443"), nil,
                ["clusters[local].server", "https://"]),
            ("exec-no-api-version", kubeconfig(user: "    exec:\n      command: aws"), nil,
                ["users[admin].exec.apiVersion", "client.authentication.k8s.io/v1"]),
            ("exec-v1-no-mode", kubeconfig(user: "    exec:\n      command: aws\n      apiVersion: client.authentication.k8s.io/v1"), nil,
                ["users[admin].exec.interactiveMode", "is required"]),
            ("exec-bad-mode", kubeconfig(user: "    exec:\n      command: aws\n      apiVersion: client.authentication.k8s.io/v1\n      interactiveMode: Sometimes"), nil,
                ["users[admin].exec.interactiveMode", "'Sometimes'", "Never, IfAvailable, Always"]),
            ("exec-no-command", kubeconfig(user: "    exec:\n      apiVersion: client.authentication.k8s.io/v1beta1"), nil,
                ["users[admin].exec.command", "is missing"]),
            ("bad-base64", kubeconfig(user: "    token: x", cluster: "server: https://h\n    certificate-authority-data: '%%%'"), nil,
                ["certificate-authority-data", "base64"]),
        ]
        for testCase in cases {
            let path = dir.url.appendingPathComponent(testCase.name).path
            if let contents = testCase.contents { try dir.write(testCase.name, contents) }
            do {
                _ = try ClientConfiguration.fromKubeconfig(path: path, context: testCase.context)
                Issue.record("\(testCase.name): expected an error")
            } catch {
                #expect(error.code == .configuration, "\(testCase.name)")
                #expect(error.description.contains(path), "\(testCase.name): \(error.description)")
                for fragment in testCase.mustMention {
                    #expect(error.description.contains(fragment), "\(testCase.name): '\(fragment)' not in \(error.description)")
                }
            }
        }
    }

    @Test func kubeconfigEnvironmentPicksTheFirstFile() {
        #expect(ClientConfiguration.defaultKubeconfigPath(environment: ["KUBECONFIG": "/a:/b", "HOME": "/h"]) == "/a")
        #expect(ClientConfiguration.defaultKubeconfigPath(environment: ["HOME": "/h"]) == "/h/.kube/config")
    }
}

@Suite struct InClusterTests {
    @Test func readsServiceAccountFiles() throws {
        let dir = try TemporaryDirectory()
        try dir.write("token", "first-token")
        try dir.write("ca.crt", fakePEM)
        try dir.write("namespace", "kafka-system\n")
        let config = try ClientConfiguration.inCluster(
            environment: ["KUBERNETES_SERVICE_HOST": "10.0.0.1", "KUBERNETES_SERVICE_PORT": "443"],
            serviceAccountDirectory: dir.url.path)
        #expect(config.server == "https://10.0.0.1:443")
        #expect(config.namespace == "kafka-system")
        #expect(config.tls.certificateAuthorityPEM == Array(fakePEM.utf8))
        #expect(config.authentication == .bearerTokenFile(path: dir.url.path + "/token"))

        let v6 = try ClientConfiguration.inCluster(
            environment: ["KUBERNETES_SERVICE_HOST": "fd00::1", "KUBERNETES_SERVICE_PORT": "443"],
            serviceAccountDirectory: dir.url.path)
        #expect(v6.server == "https://[fd00::1]:443")
    }

    @Test func outsideAClusterSaysWhatToDo() {
        #expect(throws: KubernetesError.self) { try ClientConfiguration.inCluster(environment: [:]) }
        do {
            _ = try ClientConfiguration.inCluster(environment: [:])
        } catch {
            #expect(error.description.contains("--kubeconfig"))
        }
    }
}
