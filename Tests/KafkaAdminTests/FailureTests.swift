import Foundation
import KafkaProtocol
import NIOCore
import Synchronization
import Testing

@testable import KafkaAdmin

@Suite("Broker down, timeouts, authentication")
struct FailureTests {
    @Test func brokerDownIsConnectionFailedNamingTheAddress() async throws {
        let closed = try ClosedPort()
        let port = closed.port
        var configuration = KafkaAdminConfiguration(bootstrapServers: [.init(host: "127.0.0.1", port: port)])
        configuration.connectAttempts = 2
        configuration.initialBackoff = .milliseconds(10)
        let error = await #expect(throws: KafkaAdminError.self) {
            try await withKafkaAdminClient(configuration) { try await $0.describeCluster() }
        }
        #expect(error?.name == "CONNECTION_FAILED")
        #expect(error?.message.contains("127.0.0.1:\(port)") == true)
        #expect(error?.isRetriable == true)
        withExtendedLifetime(closed) {}
    }

    @Test func silentBrokerTimesOut() async throws {
        let broker = try FakeBroker { request in request.apiKey == .apiVersions ? FakeBroker.apiVersions() : nil }
        defer { broker.stop() }
        var configuration = KafkaAdminConfiguration(bootstrapServers: [.init(host: "127.0.0.1", port: broker.port)])
        configuration.requestTimeout = .milliseconds(200)
        let error = await #expect(throws: KafkaAdminError.self) {
            try await withKafkaAdminClient(configuration) { try await $0.describeCluster() }
        }
        #expect(error?.name == "TIMEOUT")
        #expect(error?.message.contains("DescribeCluster") == true)
    }

    /// The address mapper: the client dials the mapped address for advertised names.
    @Test func addressMapperRedirectsAdvertisedNames() async throws {
        let broker = try FakeBroker { request in
            switch request.apiKey {
            case .apiVersions: FakeBroker.apiVersions()
            case .describeCluster: DescribeClusterResponse(clusterId: "mapped", controllerId: 1, brokers: [.init(brokerId: 1, host: "kafka-0.kafka.svc", port: 9092)])
            default: nil
            }
        }
        defer { broker.stop() }
        let port = broker.port
        var configuration = KafkaAdminConfiguration(bootstrapServers: [.init(host: "kafka-0.kafka.svc", port: 9092)])
        configuration.addressMapper = { _ in KafkaBrokerAddress(host: "127.0.0.1", port: port) }
        let cluster = try await withKafkaAdminClient(configuration) { try await $0.describeCluster() }
        #expect(cluster.clusterId == "mapped")
    }

    /// A broker with SCRAM-SHA-256 for user "alice"/"wonderland": right password succeeds (the client
    /// verifies the server signature), a wrong one is AUTHENTICATION_FAILED with Kafka's error name.
    static func scramBroker() throws -> FakeBroker {
        let mechanism = ScramMechanism.sha256
        let salt: [UInt8] = Array("pepper-salt-1234".utf8)
        let salted = mechanism.saltedPassword("wonderland", salt: salt, iterations: 4096)
        let storedKey = mechanism.hash(mechanism.clientKey(saltedPassword: salted))
        let serverKey = mechanism.serverKey(saltedPassword: salted)
        let exchange = Locked<(clientFirstBare: String, serverFirst: String)>(("", ""))
        return try FakeBroker { request in
            switch request.body {
            case is ApiVersionsRequest:
                return FakeBroker.apiVersions()
            case let handshake as SaslHandshakeRequest:
                return SaslHandshakeResponse(errorCode: handshake.mechanism == "SCRAM-SHA-256" ? 0 : 33, mechanisms: ["SCRAM-SHA-256"])
            case let authenticate as SaslAuthenticateRequest:
                let text = String(buffer: authenticate.authBytes)
                if text.hasPrefix("n,,") {
                    let bare = String(text.dropFirst(3))
                    let nonce = ScramClient.attributes(of: bare)["r"] ?? ""
                    let serverFirst = "r=\(nonce)server,s=\(Data(salt).base64EncodedString()),i=4096"
                    exchange.withLock { $0 = (bare, serverFirst) }
                    return SaslAuthenticateResponse(authBytes: ByteBuffer(string: serverFirst))
                }
                let (bare, serverFirst) = exchange.withLock { $0 }
                let attributes = ScramClient.attributes(of: text)
                let withoutProof = text.components(separatedBy: ",p=").first ?? ""
                let authMessage = Array("\(bare),\(serverFirst),\(withoutProof)".utf8)
                let signature = mechanism.hmac(key: storedKey, data: authMessage)
                let proof = Array(Data(base64Encoded: attributes["p"] ?? "") ?? Data())
                let clientKey = zip(proof, signature).map { $0 ^ $1 }
                guard proof.count == signature.count, mechanism.hash(clientKey) == storedKey else {
                    return SaslAuthenticateResponse(errorCode: 58, errorMessage: "Authentication failed during authentication due to invalid credentials with SASL mechanism SCRAM-SHA-256")
                }
                let serverSignature = mechanism.hmac(key: serverKey, data: authMessage)
                return SaslAuthenticateResponse(authBytes: ByteBuffer(string: "v=\(Data(serverSignature).base64EncodedString())"))
            case is DescribeClusterRequest:
                return DescribeClusterResponse(clusterId: "scram-ok", controllerId: 1, brokers: [])
            default:
                return nil
            }
        }
    }

    func configuration(port: Int, password: String, mechanism: KafkaSASLConfiguration.Mechanism = .scramSHA256) -> KafkaAdminConfiguration {
        var configuration = KafkaAdminConfiguration(bootstrapServers: [.init(host: "127.0.0.1", port: port)])
        configuration.sasl = KafkaSASLConfiguration(mechanism: mechanism, username: "alice", password: password)
        return configuration
    }

    @Test func scramWithTheRightPasswordAuthenticates() async throws {
        let broker = try Self.scramBroker()
        defer { broker.stop() }
        let cluster = try await withKafkaAdminClient(configuration(port: broker.port, password: "wonderland")) { try await $0.describeCluster() }
        #expect(cluster.clusterId == "scram-ok")
    }

    @Test func scramWithAWrongPasswordIsAuthenticationFailed() async throws {
        let broker = try Self.scramBroker()
        defer { broker.stop() }
        let error = await #expect(throws: KafkaAdminError.self) {
            try await withKafkaAdminClient(configuration(port: broker.port, password: "looking-glass")) { try await $0.describeCluster() }
        }
        #expect(error?.code == .authenticationFailed)
        #expect(error?.name == "SASL_AUTHENTICATION_FAILED")
        #expect(error?.message.contains("alice") == true)
    }

    @Test func mechanismTheBrokerLacksNamesTheOnesItOffers() async throws {
        let broker = try Self.scramBroker()
        defer { broker.stop() }
        let error = await #expect(throws: KafkaAdminError.self) {
            try await withKafkaAdminClient(configuration(port: broker.port, password: "x", mechanism: .plain)) { try await $0.describeCluster() }
        }
        #expect(error?.name == "UNSUPPORTED_SASL_MECHANISM")
        #expect(error?.message.contains("SCRAM-SHA-256") == true)
    }

    /// A broker that only knows ApiVersions v0-2 answers our v4 with UNSUPPORTED_VERSION in the v0 layout;
    /// the client retries at v2 and goes on.
    @Test func apiVersionsFallsBackToTheBrokersVersion() async throws {
        let versions = Locked<[Int16]>([])
        let broker = try FakeBroker { request in
            switch request.apiKey {
            case .apiVersions:
                versions.withLock { $0.append(request.version) }
                if request.version > 2 {
                    // The v0 layout is what a broker uses for an ApiVersions version it does not know.
                    return VersionZeroApiVersions(ApiVersionsResponse(errorCode: 35, apiKeys: [.init(apiKey: 18, minVersion: 0, maxVersion: 2)]))
                }
                return FakeBroker.apiVersions()
            case .describeCluster:
                return DescribeClusterResponse(clusterId: "old-broker", controllerId: 1, brokers: [])
            default:
                return nil
            }
        }
        defer { broker.stop() }
        let configuration = KafkaAdminConfiguration(bootstrapServers: [.init(host: "127.0.0.1", port: broker.port)])
        let cluster = try await withKafkaAdminClient(configuration) { try await $0.describeCluster() }
        #expect(cluster.clusterId == "old-broker")
        #expect(versions.withLock { $0 } == [4, 2])
    }
}

/// An ApiVersions response always encoded at v0, whatever version the request had.
struct VersionZeroApiVersions: KafkaResponse {
    static let apiKey = ApiKey.apiVersions
    static let messageName = "ApiVersionsResponse"
    static let validVersions: ClosedRange<Int16> = 0...4
    static let lowestFlexibleVersion: Int16? = 3
    var inner: ApiVersionsResponse
    var unknownTaggedFields: [KafkaTaggedField] = []

    init(_ inner: ApiVersionsResponse) { self.inner = inner }
    init(from reader: inout KafkaReader, version: Int16) throws { inner = try ApiVersionsResponse(from: &reader, version: 0) }
    func encode(to writer: inout KafkaWriter, version: Int16) throws { try inner.encode(to: &writer, version: 0) }
}

/// Shared mutable state for fake-broker closures (a Mutex cannot be captured by an escaping closure).
final class Locked<Value: Sendable>: Sendable {
    private let mutex: Mutex<Value>
    init(_ value: Value) { mutex = Mutex(value) }
    func withLock<Result>(_ body: (inout Value) -> Result) -> Result { mutex.withLock { body(&$0) } }
}
