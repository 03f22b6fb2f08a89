import Foundation

// k8s-model-gen: reads the Kubernetes OpenAPI v3 documents and writes the Swift models of KubernetesModels.
// Usage: swift run k8s-model-gen <openapi-v3 dir> <output dir>

let arguments = CommandLine.arguments.dropFirst()
guard arguments.count == 2, let inputPath = arguments.first, let outputPath = arguments.last else {
    FileHandle.standardError.write(Data("""
        usage: k8s-model-gen <openapi-v3 dir> <output dir>
          e.g. swift run k8s-model-gen ../shared/kubernetes/openapi-v3 Sources/KubernetesModels/Generated

        """.utf8))
    exit(2)
}

do {
    let documents = try OpenAPIDocuments.load(directory: URL(fileURLWithPath: inputPath))
    let model = try ModelBuilder(documents: documents, roots: Allowlist.roots).build()
    let files = SwiftFileSet(model: model).render()
    try GeneratedFileWriter(directory: URL(fileURLWithPath: outputPath)).write(files)
    print("k8s-model-gen: \(model.types.count) types (\(model.resourceCount) resource kinds) in \(files.count) files -> \(outputPath)")
} catch {
    FileHandle.standardError.write(Data("k8s-model-gen: error: \(error)\n".utf8))
    exit(1)
}
