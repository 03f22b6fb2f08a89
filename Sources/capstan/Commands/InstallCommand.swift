import ArgumentParser
import CapstanOperator

/// `capstan install`: everything to run the operator in a cluster.
struct InstallCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "install",
        abstract: "Print the CRDs, Namespace, ServiceAccount, RBAC and Deployment that run the operator in a cluster.",
        discussion: "Apply with: capstan install | kubectl apply --server-side -f -")

    @Option(help: "Namespace the operator runs in.")
    var namespace = "capstan-system"

    @Option(help: "The operator's container image.")
    var image = "ghcr.io/capstan/capstan:\(CapstanVersion.current)"

    @Option(name: .shortAndLong, help: "Output format: yaml (with comments explaining each permission) or json (a v1 List).")
    var output: OutputFormatOption = .yaml

    func run() throws {
        let installation = OperatorInstallation(namespace: namespace, image: image)
        switch output {
        case .yaml: print(try installation.yaml(), terminator: "")
        case .json: print(try Manifests.encode(installation.entries.map(\.object), as: .json), terminator: "")
        }
    }
}
