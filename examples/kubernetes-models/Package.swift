// swift-tools-version:6.1
import PackageDescription

/// Example: build, encode, decode and inspect Kubernetes objects with the generated models.
let package = Package(
    name: "KubernetesModelsExample",
    platforms: [.macOS(.v15)],
    dependencies: [.package(name: "Capstan", path: "../..")],
    targets: [
        .executableTarget(
            name: "build-a-pod",
            dependencies: [
                .product(name: "KubernetesCore", package: "Capstan"),
                .product(name: "KubernetesModels", package: "Capstan"),
            ],
            path: "Sources/build-a-pod"
        ),
    ]
)
