/// Why the planner refused an input. `description` names the partition, broker or JSON position and says
/// how to fix it.
public struct BalanceError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of problem this is; extensible.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        let name: String
        public static let malformedJSON = Code(name: "malformedJSON")
        public static let invalidBroker = Code(name: "invalidBroker")
        public static let invalidPartition = Code(name: "invalidPartition")
        public static let invalidGoal = Code(name: "invalidGoal")
        public static let unsatisfiable = Code(name: "unsatisfiable")
        public var description: String { name }
    }

    public var code: Code
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
