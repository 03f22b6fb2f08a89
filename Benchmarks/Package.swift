// swift-tools-version:6.1
import PackageDescription

/// Capstan's benchmarks: a separate package so that the main package's build and tests never pay for them.
/// Each benchmark is a self-contained executable under Sources/<name>/; run them in release mode
/// (scripts/bench-*.sh, or `swift run -c release --package-path Benchmarks <target>`).
let package = Package(
    name: "CapstanBenchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "Capstan", path: ".."),
    ],
    targets: [
        .executableTarget(
            name: "k8s-decode-bench",
            dependencies: [
                .product(name: "KubernetesCore", package: "Capstan"),
                .product(name: "KubernetesModels", package: "Capstan"),
            ],
            path: "Sources/k8s-decode-bench"
        ),
        .executableTarget(
            name: "controller-bench",
            dependencies: [
                .product(name: "KubernetesController", package: "Capstan"),
                .product(name: "KubernetesClient", package: "Capstan"),
                .product(name: "KubernetesCore", package: "Capstan"),
                .product(name: "KubernetesTesting", package: "Capstan"),
            ],
            path: "Sources/controller-bench"
        ),
        .executableTarget(
            name: "apiserver-bench",
            dependencies: [
                .product(name: "KubernetesTesting", package: "Capstan"),
                .product(name: "KubernetesClient", package: "Capstan"),
                .product(name: "KubernetesCore", package: "Capstan"),
            ],
            path: "Sources/apiserver-bench"
        ),
    ]
)
