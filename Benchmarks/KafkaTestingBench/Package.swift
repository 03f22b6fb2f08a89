// swift-tools-version:6.1
import PackageDescription

/// Release-mode benchmark of the simulated Kafka cluster: a 100-broker, 100,000-partition cluster, its
/// memory, and Metadata / DescribeTopics latency through the real protocol over TCP. A separate package
/// (depending on the root package by path) so it is never part of `swift test`.
let package = Package(
    name: "KafkaTestingBench",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "Capstan", path: "../.."),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.3"),
    ],
    targets: [
        .executableTarget(
            name: "kafka-testing-bench",
            dependencies: [
                .product(name: "KafkaTesting", package: "Capstan"),
                .product(name: "KafkaProtocol", package: "Capstan"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ]
        ),
    ]
)
