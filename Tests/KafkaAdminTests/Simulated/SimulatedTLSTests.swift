import Crypto
import Foundation
import KafkaAdmin
import KafkaTesting
import NIOSSL
import SwiftASN1
import Testing
import X509

/// The admin client's TLS against simulated brokers with SSL listeners, with certificates made in the test:
/// a CA, a server certificate for 127.0.0.1 signed by it, and a client certificate for mutual TLS.
@Suite("KafkaAdmin against the simulated cluster: TLS")
struct SimulatedTLSTests {
    /// A CA and certificates it signed, written as PEM files for the client's file-based configuration.
    struct TestPKI {
        let directory: URL
        let caFile: String
        let serverCertificate: NIOSSLCertificate
        let serverKey: NIOSSLPrivateKey
        let caCertificate: NIOSSLCertificate
        let clientCertificateFile: String
        let clientKeyFile: String

        init() throws {
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("capstan-tls-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            self.directory = directory
            let now = Date()
            let caKey = P256.Signing.PrivateKey()
            let caName = try DistinguishedName { CommonName("Capstan test CA") }
            let ca = try Certificate(
                version: .v3, serialNumber: .init(), publicKey: .init(caKey.publicKey), notValidBefore: now - 3600, notValidAfter: now + 3600,
                issuer: caName, subject: caName, signatureAlgorithm: .ecdsaWithSHA256,
                extensions: try Certificate.Extensions {
                    Critical(BasicConstraints.isCertificateAuthority(maxPathLength: nil))
                    Critical(KeyUsage(keyCertSign: true))
                },
                issuerPrivateKey: .init(caKey))

            func leaf(_ name: String, serverAuth: Bool) throws -> (Certificate, P256.Signing.PrivateKey) {
                let key = P256.Signing.PrivateKey()
                let certificate = try Certificate(
                    version: .v3, serialNumber: .init(), publicKey: .init(key.publicKey), notValidBefore: now - 3600, notValidAfter: now + 3600,
                    issuer: caName, subject: try DistinguishedName { CommonName(name) }, signatureAlgorithm: .ecdsaWithSHA256,
                    extensions: try Certificate.Extensions {
                        Critical(BasicConstraints.notCertificateAuthority)
                        try ExtendedKeyUsage([serverAuth ? .serverAuth : .clientAuth])
                        if serverAuth { SubjectAlternativeNames([.ipAddress(ASN1OctetString(contentBytes: [127, 0, 0, 1]))]) }
                    },
                    issuerPrivateKey: .init(caKey))
                return (certificate, key)
            }
            let (server, serverKey) = try leaf("broker", serverAuth: true)
            let (client, clientKey) = try leaf("User:operator", serverAuth: false)

            func write(_ pem: String, _ name: String) throws -> String {
                let path = directory.appendingPathComponent(name).path
                try pem.write(toFile: path, atomically: true, encoding: .utf8)
                return path
            }
            caFile = try write(try ca.serializeAsPEM().pemString, "ca.pem")
            clientCertificateFile = try write(try client.serializeAsPEM().pemString, "client.pem")
            clientKeyFile = try write(clientKey.pemRepresentation, "client-key.pem")
            caCertificate = try NIOSSLCertificate(bytes: Array(try ca.serializeAsPEM().pemString.utf8), format: .pem)
            serverCertificate = try NIOSSLCertificate(bytes: Array(try server.serializeAsPEM().pemString.utf8), format: .pem)
            self.serverKey = try NIOSSLPrivateKey(bytes: Array(serverKey.pemRepresentation.utf8), format: .pem)
        }

        /// The brokers' SSL listener; with `requireClientCertificates`, `ssl.client.auth=required`.
        func serverConfiguration(requireClientCertificates: Bool = false) -> TLSConfiguration {
            var tls = TLSConfiguration.makeServerConfiguration(certificateChain: [.certificate(serverCertificate)], privateKey: .privateKey(serverKey))
            if requireClientCertificates {
                tls.certificateVerification = .noHostnameVerification
                tls.trustRoots = .certificates([caCertificate])
            }
            return tls
        }

        func remove() { try? FileManager.default.removeItem(at: directory) }
    }

    static func withTLSCluster<T: Sendable>(
        _ pki: TestPKI, requireClientCertificates: Bool = false, client tls: KafkaTLSConfiguration,
        _ body: (SimulatedKafkaCluster, KafkaAdminClient, _ bootstrap: String) async throws -> T
    ) async throws -> T {
        var configuration = SimulatedClusterConfiguration()
        configuration.brokers = SimulatedClusterConfiguration.brokers(3, racks: 3)
        return try await SimulatedKafkaCluster.withRunningCluster(
            configuration: configuration, tls: pki.serverConfiguration(requireClientCertificates: requireClientCertificates)
        ) { cluster, running in
            var admin = KafkaAdminConfiguration(bootstrapServers: try KafkaBrokerAddress.parseList(running.bootstrapServers))
            admin.tls = tls
            admin.connectAttempts = 1
            admin.requestTimeout = .seconds(10)
            return try await withKafkaAdminClient(admin) { client in try await body(cluster, client, running.bootstrapServers) }
        }
    }

    @Test func theClientTrustsTheBrokersThroughTheGivenCA() async throws {
        let pki = try TestPKI()
        defer { pki.remove() }
        try await Self.withTLSCluster(pki, client: KafkaTLSConfiguration(caFile: pki.caFile)) { cluster, client, _ in
            #expect(try await client.describeCluster().brokers.count == 3)
            try await client.createTopics([KafkaNewTopic(name: "over-tls", partitions: 2)])
            #expect(cluster.model.topics["over-tls"]?.partitions.count == 2)
        }
    }

    /// librdkafka (OpenSSL, host name checked) connects to the same TLS listeners and sees what our client
    /// made: the listeners speak standard TLS, not just whatever NIOSSL accepts from NIOSSL.
    @Test(.enabled(if: CrossCheck.isAvailable, "needs confluent-kafka"))
    func anIndependentTLSClientSeesWhatTheClientCreated() async throws {
        let pki = try TestPKI()
        defer { pki.remove() }
        try await Self.withTLSCluster(pki, client: KafkaTLSConfiguration(caFile: pki.caFile)) { _, client, bootstrap in
            try await client.createTopics([KafkaNewTopic(name: "seen-over-tls", partitions: 3)])
            let independent = try await CrossCheck.run(["--ssl-ca", pki.caFile, bootstrap, "topics"])
            #expect((independent["topics"] as? [String: Int])?["seen-over-tls"] == 3)
        }
    }

    @Test func aBrokerCertificateFromAnUnknownCAIsRefused() async throws {
        let pki = try TestPKI()
        defer { pki.remove() }
        let other = try TestPKI()
        defer { other.remove() }
        try await Self.withTLSCluster(pki, client: KafkaTLSConfiguration(caFile: other.caFile)) { cluster, client, _ in
            let error = await #expect(throws: KafkaAdminError.self) { try await client.describeCluster() }
            #expect(error?.code == .connectionFailed || error?.code == .connectionClosed)
            #expect(cluster.model.topics.isEmpty)
        }
    }

    @Test func mutualTLSNeedsTheClientCertificate() async throws {
        let pki = try TestPKI()
        defer { pki.remove() }
        let withCertificate = KafkaTLSConfiguration(caFile: pki.caFile, certificateFile: pki.clientCertificateFile, privateKeyFile: pki.clientKeyFile)
        try await Self.withTLSCluster(pki, requireClientCertificates: true, client: withCertificate) { _, client, _ in
            let topics = try await client.listTopics()
            #expect(topics.isEmpty)
        }
        try await Self.withTLSCluster(pki, requireClientCertificates: true, client: KafkaTLSConfiguration(caFile: pki.caFile)) { _, client, _ in
            let error = await #expect(throws: KafkaAdminError.self) { try await client.listTopics() }
            #expect(error?.code == .connectionFailed || error?.code == .connectionClosed)
        }
    }
}
