import ArgumentParser
import Foundation
import KafkaBalance

/// `capstan rebalance plan`: reads a cluster description (the JSON of `../shared/bench/planner-peers/`),
/// plans a rebalance and prints the plan, its execution batches and its metrics.
struct RebalancePlanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Plan a rebalance of a cluster described in JSON (offline, deterministic).",
        discussion: """
            Input: {"brokers":[{"id":1,"rack":"r0"}], "partitions":[{"topic":"t","partition":0,"replicas":[1,2,3],"size":123}]} \
            (optional: broker "capacity" bytes, "state": active|cordoned|removing; partition "produce_rate" bytes/s). \
            See docs/rebalance.md.
            """
    )

    enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
        case json, table
    }

    @Option(name: .long, help: "Cluster description JSON file ('-' for standard input).")
    var input: String

    @Option(name: .long, help: "full | add-brokers | remove-brokers | fix.")
    var mode: String = "full"

    @Option(name: .long, help: "Comma-separated broker ids: the new brokers (add-brokers) or those to drain (remove-brokers).")
    var brokers: String?

    @Option(name: [.customShort("o"), .long], help: "Output format: json or table.")
    var output: OutputFormat = .table

    @Option(name: .long, help: "Write the output to this file instead of standard output.")
    var outFile: String?

    @Option(name: .long, help: "full mode: bytes per broker within this fraction of the mean.")
    var bytesTolerance: Double = 0.05

    @Flag(name: .long, help: "Do not reorder replicas to balance preferred leaders.")
    var noLeaderBalance = false

    @Option(name: .long, help: "min.insync.replicas: each execution step keeps this many in-sync replicas.")
    var minIsr: Int = 2

    @Option(name: .long, help: "Partition reassignments in flight at once.")
    var maxConcurrentMoves: Int = 50

    @Option(name: .long, help: "Reassignments in flight per broker.")
    var maxMovesPerBroker: Int = 5

    @Option(name: .long, help: "Bytes copied at once, cluster-wide (e.g. 107374182400 = 100 GiB).")
    var maxBytesInFlight: Int64 = 100 << 30

    func run() throws {
        let goals = try makeGoals()
        let bytes = try readInput()
        let cluster: ClusterDescription
        let plan: RebalancePlan
        let execution: ExecutionPlan
        let clock = ContinuousClock()
        func seconds(_ d: Duration) -> Double {
            Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
        }
        let t0 = clock.now
        do {
            cluster = try ClusterDescription(json: bytes)
        } catch {
            throw RebalanceInputError(description: "\(input): \(error.description)")
        }
        let t1 = clock.now
        do {
            plan = try RebalancePlanner.plan(cluster, goals: goals)
        } catch {
            throw RebalanceInputError(description: "\(input): \(error.description)")
        }
        let t2 = clock.now
        do {
            execution = try ExecutionPlanner.plan(plan, options: ExecutionOptions(
                maxConcurrentMoves: maxConcurrentMoves, maxMovesPerBroker: maxMovesPerBroker,
                maxBytesInFlight: maxBytesInFlight, minInSyncReplicas: minIsr))
        } catch {
            throw RebalanceInputError(description: error.description)
        }
        let t3 = clock.now
        let text: [UInt8]
        switch output {
        case .json:
            text = plan.json(cluster: cluster, execution: execution, planningSeconds: seconds(t2 - t1),
                             timings: [("parse_s", seconds(t1 - t0)), ("execution_plan_s", seconds(t3 - t2))])
        case .table:
            text = Array(RebalanceTable.render(plan: plan, execution: execution, seconds: seconds(t2 - t1)).utf8)
        }
        try write(text)
    }

    private func makeGoals() throws -> BalanceGoals {
        guard let mode = BalanceMode(rawValue: mode) else {
            throw ValidationError("--mode \(mode) is not a mode; use one of: \(BalanceMode.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        var ids: [Int32] = []
        if let brokers {
            for part in brokers.split(separator: ",") {
                guard let id = Int32(part.trimmingCharacters(in: .whitespaces)) else {
                    throw ValidationError("--brokers: '\(part)' is not a broker id; pass ids like 7,8,9")
                }
                ids.append(id)
            }
        }
        return BalanceGoals(mode: mode, brokers: ids, bytesTolerance: bytesTolerance, balanceLeaders: !noLeaderBalance)
    }

    private func readInput() throws -> [UInt8] {
        if input == "-" {
            return [UInt8](FileHandle.standardInput.readDataToEndOfFile())
        }
        guard let data = FileManager.default.contents(atPath: input) else {
            throw ValidationError("--input \(input): cannot read the file (does it exist?)")
        }
        return [UInt8](data)
    }

    private func write(_ bytes: [UInt8]) throws {
        let data = Data(bytes)
        if let outFile {
            do { try data.write(to: URL(fileURLWithPath: outFile)) } catch {
                throw ValidationError("--out-file \(outFile): \(error.localizedDescription)")
            }
        } else {
            FileHandle.standardOutput.write(data)
        }
    }
}

/// A refused input: printed as `Error: <message>` (exit code 1) without the usage text, since the command
/// line was fine and the file was not.
struct RebalanceInputError: Error, CustomStringConvertible {
    let description: String
}
