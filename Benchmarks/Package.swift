// swift-tools-version:6.1
import PackageDescription

/// Capstan's benchmarks, kept out of the main package so `swift build` there never compiles them.
/// Each engineer adds a sibling executable target; run one with
/// `swift run -c release --package-path Benchmarks <target>`.
let package = Package(
    name: "CapstanBenchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "Capstan", path: ".."),
    ],
    targets: [
        .executableTarget(
            name: "controller-bench",
            dependencies: [
                .product(name: "KubernetesController", package: "Capstan"),
                .product(name: "KubernetesClient", package: "Capstan"),
                .product(name: "KubernetesCore", package: "Capstan"),
                .product(name: "KubernetesTesting", package: "Capstan"),
            ]
        ),
    ]
)
