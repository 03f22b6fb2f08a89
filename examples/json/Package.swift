// swift-tools-version:6.1
import PackageDescription

/// Example: parse JSON strictly into JSONValue and decode Kubernetes objects with KubernetesJSONDecoder.
let package = Package(
    name: "JSONExample",
    platforms: [.macOS(.v15)],
    dependencies: [.package(name: "Capstan", path: "../..")],
    targets: [
        .executableTarget(
            name: "decode-json",
            dependencies: [
                .product(name: "KubernetesCore", package: "Capstan"),
                .product(name: "KubernetesModels", package: "Capstan"),
            ],
            path: "Sources/decode-json"
        ),
    ]
)
