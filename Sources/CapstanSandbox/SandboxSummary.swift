import Foundation

/// `.capstan/sandbox.json`: where tools and applications find the sandbox — the kubeconfig for kubectl
/// and, per Kafka cluster, a bootstrap address on 127.0.0.1 that real Kafka clients can use.
public struct SandboxSummary: Codable, Sendable, Hashable {
    public struct Cluster: Codable, Sendable, Hashable {
        public var namespace: String
        public var name: String
        /// `bootstrap.servers` for clients on this machine.
        public var bootstrap: String
    }

    /// Absolute path of the kubeconfig.
    public var kubeconfig: String
    public var clusters: [Cluster]

    /// Writes the summary as pretty JSON, creating the directory; replaced atomically so that a reader
    /// never sees half a file.
    func write(to path: String) throws {
        let url = URL(fileURLWithPath: path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        try encoder.encode(self).write(to: url, options: .atomic)
    }
}
