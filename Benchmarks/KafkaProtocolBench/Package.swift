// swift-tools-version:6.1
import PackageDescription

/// Release-mode benchmark of the KafkaProtocol codecs. A separate package (depending on the root package
/// by path) so it is never part of `swift test`. Run it with scripts/bench-protocol.sh.
let package = Package(
    name: "KafkaProtocolBench",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "Capstan", path: "../.."),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.3"),
    ],
    targets: [
        .executableTarget(
            name: "kafka-protocol-bench",
            dependencies: [
                .product(name: "KafkaProtocol", package: "Capstan"),
                .product(name: "NIOCore", package: "swift-nio"),
            ]
        ),
    ]
)
