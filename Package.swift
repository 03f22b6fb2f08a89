// swift-tools-version:6.1
import PackageDescription

/// Capstan: a Kubernetes operator for Apache Kafka (KRaft) and its ecosystem.
///
/// The layering follows DESIGN.md section 2: Kubernetes* targets know nothing of Kafka, Kafka* targets
/// know nothing of Kubernetes, and only CapstanOperator and the `capstan` executable see both.
let strictSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
]

let package = Package(
    name: "Capstan",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "capstan", targets: ["capstan"]),
        .library(name: "KubernetesCore", targets: ["KubernetesCore"]),
        .library(name: "KubernetesModels", targets: ["KubernetesModels"]),
        .library(name: "KubernetesClient", targets: ["KubernetesClient"]),
        .library(name: "KubernetesTesting", targets: ["KubernetesTesting"]),
        .library(name: "KubernetesController", targets: ["KubernetesController"]),
        .library(name: "KafkaProtocol", targets: ["KafkaProtocol"]),
        .library(name: "KafkaAdmin", targets: ["KafkaAdmin"]),
        .library(name: "KafkaBalance", targets: ["KafkaBalance"]),
        .library(name: "KafkaTesting", targets: ["KafkaTesting"]),
        .library(name: "CapstanOperator", targets: ["CapstanOperator"]),
        .library(name: "CapstanSandbox", targets: ["CapstanSandbox"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.3"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-collections.git", from: "1.6.0"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "4.5.2"),
        // Certificates made at run time: the API server's HTTPS CA, TLS listeners of simulated brokers in tests.
        .package(url: "https://github.com/apple/swift-certificates.git", from: "1.21.1"),
        .package(url: "https://github.com/apple/swift-asn1.git", from: "1.7.4"),
    ],
    targets: [
        // MARK: Kubernetes
        .target(
            name: "KubernetesCore",
            swiftSettings: strictSettings
        ),
        .target(
            name: "KubernetesModels",
            dependencies: ["KubernetesCore"],
            swiftSettings: strictSettings
        ),
        .target(
            name: "KubernetesClient",
            dependencies: [
                "KubernetesCore",
                "KubernetesModels",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),
        .target(
            name: "KubernetesController",
            dependencies: [
                "KubernetesCore",
                "KubernetesModels",
                "KubernetesClient",
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "DequeModule", package: "swift-collections"),
                .product(name: "HeapModule", package: "swift-collections"),
            ],
            swiftSettings: strictSettings
        ),
        .target(
            name: "KubernetesTesting",
            dependencies: [
                "KubernetesCore", "KubernetesModels", "KubernetesClient",
                // Simulated nodes watch the server through the controller runtime's informers and clocks.
                "KubernetesController",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "Logging", package: "swift-log"),
                // HTTPS: a CA and serving certificate made at start, served by NIOSSL.
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "SwiftASN1", package: "swift-asn1"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: strictSettings
        ),

        // MARK: Kafka
        .target(
            name: "KafkaProtocol",
            dependencies: [.product(name: "NIOCore", package: "swift-nio")],
            swiftSettings: strictSettings
        ),
        .target(
            name: "KafkaAdmin",
            dependencies: [
                "KafkaProtocol",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),
        .target(
            name: "KafkaBalance",
            swiftSettings: strictSettings
        ),
        .target(
            name: "KafkaTesting",
            dependencies: [
                "KafkaProtocol",
                // SCRAM on SASL listeners: HMAC and SHA-2 to check client proofs.
                .product(name: "Crypto", package: "swift-crypto"),
                // SSL listeners.
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),

        // MARK: Operator
        .target(
            name: "CapstanOperator",
            dependencies: [
                "KubernetesCore",
                "KubernetesModels",
                // The reconcilers: the controller runtime, the typed client and the Kafka admin client.
                "KubernetesClient",
                "KubernetesController",
                "KafkaAdmin",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                // Manifests in and out (render, crds, install, golden files): parsing and printing only, no I/O.
                .product(name: "Yams", package: "Yams"),
            ],
            swiftSettings: strictSettings
        ),

        .target(
            name: "CapstanSandbox",
            dependencies: [
                "KubernetesCore", "KubernetesModels", "KubernetesClient", "KubernetesController", "KubernetesTesting",
                "KafkaTesting", "KafkaAdmin", "CapstanOperator",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),

        // MARK: Executable
        .executableTarget(
            name: "capstan",
            dependencies: [
                "KubernetesCore",
                "KubernetesClient",
                "KubernetesTesting",
                "KafkaBalance",
                "KafkaAdmin",
                "CapstanOperator",
                "CapstanSandbox",
                "KubernetesController",  // capstan operator: the ControllerManager
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),

        // MARK: Generators (their output is committed; CI regenerates and fails on drift)
        .executableTarget(
            name: "k8s-model-gen",
            path: "Generators/k8s-model-gen",
            swiftSettings: strictSettings
        ),
        .executableTarget(
            name: "kafka-config-gen",
            path: "Generators/kafka-config-gen",
            swiftSettings: strictSettings
        ),
        .executableTarget(
            name: "kafka-protocol-gen",
            path: "Generators/kafka-protocol-gen",
            swiftSettings: strictSettings
        ),

        // MARK: Tests
        .testTarget(
            name: "KubernetesCoreTests",
            dependencies: ["KubernetesCore"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "KubernetesModelsTests",
            dependencies: ["KubernetesCore", "KubernetesModels"],
            // Fixtures are read through #filePath (they are recorded bodies, not resources of the module).
            exclude: ["Fixtures"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "KubernetesClientTests",
            dependencies: [
                "KubernetesCore", "KubernetesModels", "KubernetesClient", "KubernetesTesting",
                // A self-signed certificate made in the test, for the tls-server-name test.
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "KubernetesTestingTests",
            dependencies: [
                "KubernetesTesting", "KubernetesClient", "KubernetesCore", "KubernetesModels", "KubernetesController",
                .product(name: "Yams", package: "Yams"),
                // Simulated-node tests run a real TCP echo server behind the simulated network.
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ],
            exclude: ["CustomResources/Fixtures"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "KubernetesControllerTests",
            dependencies: [
                "KubernetesCore", "KubernetesModels", "KubernetesClient", "KubernetesTesting", "KubernetesController",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "KafkaProtocolTests",
            dependencies: ["KafkaProtocol"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "CapstanOperatorTests",
            dependencies: [
                "CapstanOperator", "KubernetesCore", "KubernetesModels", .product(name: "Yams", package: "Yams"),
                // Reconciler tests: the in-memory API server, the runtime and simulated Kafka over real sockets.
                "KubernetesClient", "KubernetesController", "KubernetesTesting", "KafkaAdmin", "KafkaTesting",
                .product(name: "Logging", package: "swift-log"),
            ],
            exclude: ["Golden"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "KafkaTestingTests",
            dependencies: [
                "KafkaTesting", "KafkaProtocol",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            // The real-client driver script is run by RealClientTests through #filePath, not a resource.
            exclude: ["Scripts"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "KafkaAdminTests",
            dependencies: [
                // KafkaTesting: the admin client's integration tests against the simulated cluster (Simulated/).
                "KafkaAdmin", "KafkaProtocol", "KafkaTesting",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "SwiftASN1", package: "swift-asn1"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "CapstanSandboxTests",
            dependencies: [
                "CapstanSandbox", "KafkaTesting", "KafkaAdmin", "KubernetesTesting", "KubernetesModels",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "KafkaBalanceTests",
            dependencies: ["KafkaBalance"],
            swiftSettings: strictSettings
        ),
    ]
)
