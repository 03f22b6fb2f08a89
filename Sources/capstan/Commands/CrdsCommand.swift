import ArgumentParser
import CapstanOperator

/// `capstan crds`: the CustomResourceDefinitions, generated from the Swift types.
struct CrdsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "crds",
        abstract: "Print Capstan's CustomResourceDefinitions (apply with kubectl apply --server-side -f -).")

    @Option(name: .shortAndLong, help: "Output format: yaml (a stream of documents) or json (a v1 List).")
    var output: OutputFormatOption = .yaml

    func run() throws {
        print(try Manifests.encode(CapstanCustomResourceDefinitions.all, as: output.format), terminator: "")
    }
}
