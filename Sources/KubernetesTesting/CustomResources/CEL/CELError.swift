/// Why a CEL expression did not compile or failed at run time; `description` is what a status cause shows.
public struct CELError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Phase: Sendable, Hashable { case compile, evaluation }
    public var phase: Phase
    public var message: String
    /// 1-based column of the offending token, for compile errors.
    public var column: Int?

    public init(_ phase: Phase, _ message: String, column: Int? = nil) {
        self.phase = phase
        self.message = message
        self.column = column
    }

    public var description: String {
        switch phase {
        case .compile:
            if let column { return "ERROR: <input>:1:\(column): \(message)" }
            return "ERROR: <input>: \(message)"
        case .evaluation:
            return message
        }
    }

    static func noOverload(_ function: String, _ arguments: [CELValue]) -> CELError {
        CELError(.evaluation, "no such overload: \(function)(\(arguments.map(\.typeName).joined(separator: ", ")))")
    }
}
