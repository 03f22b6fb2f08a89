// swift-tools-version:6.1
import PackageDescription

/// Benchmarks for Capstan, kept out of the root package so that `swift build` there stays lean.
/// Each benchmark is an executable target under Sources/<name>/; run one with
/// `swift run -c release <name>` from this folder.
let package = Package(
    name: "CapstanBenchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(path: ".."),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
    ],
    targets: [
        .executableTarget(
            name: "apiserver-bench",
            dependencies: [
                .product(name: "KubernetesTesting", package: "Capstan"),
                .product(name: "KubernetesClient", package: "Capstan"),
                .product(name: "KubernetesCore", package: "Capstan"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ],
            path: "Sources/apiserver-bench"
        ),
    ]
)
