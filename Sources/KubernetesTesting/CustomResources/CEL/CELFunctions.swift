import Foundation
import KubernetesCore

/// CEL's standard operators and functions plus the Kubernetes string and list libraries the CRD rules use.
enum CELFunctions {
    static let typeNames: Set<String> = ["int", "uint", "double", "string", "bool", "bytes", "list", "map", "null_type", "type"]
    static let globalNames: Set<String> = [
        "size", "int", "uint", "double", "string", "bool", "dyn", "matches", "type", "quantity", "isQuantity",
    ]
    static let methodNames: Set<String> = [
        "size", "contains", "startsWith", "endsWith", "matches", "lowerAscii", "upperAscii", "trim", "indexOf",
        "lastIndexOf", "substring", "replace", "split", "join", "charAt", "isSorted", "sum", "min", "max",
        "isGreaterThan", "isLessThan", "compareTo", "asInteger", "asApproximateFloat", "sign", "isInteger", "add", "sub",
        "hasValue", "value", "orValue",
    ]

    static func call(_ name: String, target: CELValue?, arguments: [CELValue]) throws(CELError) -> CELValue {
        if let target { return try method(name, target, arguments) }
        switch (name, arguments.count) {
        case ("size", 1): return try size(arguments[0])
        case ("matches", 2): return try method("matches", arguments[0], [arguments[1]])
        case ("dyn", 1): return arguments[0]
        case ("quantity", 1):
            guard case .string(let text) = arguments[0] else { break }
            do throws(QuantityParseError) {
                return .quantity(try Quantity(parsing: text))
            } catch {
                throw CELError(.evaluation, "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'")
            }
        case ("isQuantity", 1):
            guard case .string(let text) = arguments[0] else { break }
            return .bool((try? Quantity(parsing: text)) != nil)
        case ("type", 1): return .type(arguments[0].typeName)
        case ("int", 1): return try toInt(arguments[0])
        case ("uint", 1): return try toUInt(arguments[0])
        case ("double", 1): return try toDouble(arguments[0])
        case ("string", 1): return try toString(arguments[0])
        case ("bool", 1):
            switch arguments[0] {
            case .bool: return arguments[0]
            case .string(let text):
                if ["true", "True", "TRUE", "t", "1"].contains(text) { return .bool(true) }
                if ["false", "False", "FALSE", "f", "0"].contains(text) { return .bool(false) }
                throw CELError(.evaluation, "type conversion error from 'string' to 'bool'")
            default: throw CELError.noOverload("bool", arguments)
            }
        default:
            break
        }
        throw CELError.noOverload(name, arguments)
    }

    private static func method(_ name: String, _ target: CELValue, _ arguments: [CELValue]) throws(CELError) -> CELValue {
        if case .quantity(let quantity) = target { return try quantityMethod(name, quantity, arguments) }
        if case .optional(let wrapped) = target {
            switch (name, arguments.count) {
            case ("hasValue", 0): return .bool(wrapped != nil)
            case ("value", 0):
                guard let wrapped else { throw CELError(.evaluation, "optional.none() dereference") }
                return wrapped
            case ("orValue", 1): return wrapped ?? arguments[0]
            default: throw CELError.noOverload(name, [target] + arguments)
            }
        }
        switch (name, target, arguments.count) {
        case ("size", _, 0): return try size(target)
        case ("contains", .string(let text), 1):
            guard case .string(let part) = arguments[0] else { break }
            return .bool(part.isEmpty || text.contains(part))
        case ("startsWith", .string(let text), 1):
            guard case .string(let part) = arguments[0] else { break }
            return .bool(text.unicodeScalars.starts(with: part.unicodeScalars))
        case ("endsWith", .string(let text), 1):
            guard case .string(let part) = arguments[0] else { break }
            return .bool(text.unicodeScalars.reversed().starts(with: part.unicodeScalars.reversed()))
        case ("matches", .string(let text), 1):
            guard case .string(let pattern) = arguments[0] else { break }
            guard let regex = GoRegex.compile(pattern) else {
                throw CELError(.evaluation, "invalid regular expression: \(pattern)")
            }
            return .bool(GoRegex.matches(regex, text))
        case ("lowerAscii", .string(let text), 0):
            return .string(shiftASCII(text, from: "A"..."Z", by: 32))
        case ("upperAscii", .string(let text), 0):
            return .string(shiftASCII(text, from: "a"..."z", by: -32))
        case ("trim", .string(let text), 0):
            return .string(text.trimmingCharacters(in: .whitespacesAndNewlines))
        case ("charAt", .string(let text), 1):
            let scalars = Array(text.unicodeScalars)
            guard case .int(let index) = arguments[0] else { break }
            guard index >= 0, index <= scalars.count else { throw CELError(.evaluation, "index out of range: \(index)") }
            return .string(index == scalars.count ? "" : String(scalars[Int(index)]))
        case ("indexOf", .string(let text), 1), ("lastIndexOf", .string(let text), 1):
            guard case .string(let part) = arguments[0] else { break }
            let scalars = Array(text.unicodeScalars), needle = Array(part.unicodeScalars)
            let starts = needle.count <= scalars.count ? Array(0...(scalars.count - needle.count)) : []
            let ordered = name == "indexOf" ? starts : starts.reversed()
            let found = ordered.first { Array(scalars[$0..<($0 + needle.count)]) == needle }
            return .int(Int64(found ?? -1))
        case ("substring", .string(let text), 1), ("substring", .string(let text), 2):
            let scalars = Array(text.unicodeScalars)
            guard case .int(let start) = arguments[0] else { break }
            var end = Int64(scalars.count)
            if arguments.count == 2 {
                guard case .int(let given) = arguments[1] else { break }
                end = given
            }
            guard start >= 0, end <= scalars.count, start <= end else {
                throw CELError(.evaluation, "index out of range: \(start)")
            }
            return .string(String(String.UnicodeScalarView(scalars[Int(start)..<Int(end)])))
        case ("replace", .string(let text), 2):
            guard case .string(let old) = arguments[0], case .string(let new) = arguments[1] else { break }
            return .string(text.replacingOccurrences(of: old, with: new))
        case ("split", .string(let text), 1):
            guard case .string(let separator) = arguments[0] else { break }
            if separator.isEmpty { return .list(text.unicodeScalars.map { .string(String($0)) }) }
            return .list(text.components(separatedBy: separator).map { .string($0) })
        case ("join", .list(let elements), 0), ("join", .list(let elements), 1):
            var separator = ""
            if arguments.count == 1 {
                guard case .string(let given) = arguments[0] else { break }
                separator = given
            }
            var parts: [String] = []
            for element in elements {
                guard case .string(let part) = element else { throw CELError.noOverload("join", [element]) }
                parts.append(part)
            }
            return .string(parts.joined(separator: separator))
        case ("indexOf", .list(let elements), 1):
            return .int(Int64(elements.firstIndex { $0.celEquals(arguments[0]) } ?? -1))
        case ("lastIndexOf", .list(let elements), 1):
            return .int(Int64(elements.lastIndex { $0.celEquals(arguments[0]) } ?? -1))
        case ("isSorted", .list(let elements), 0):
            for pair in zip(elements, elements.dropFirst()) where try compare(pair.0, pair.1, "<=") == false {
                return .bool(false)
            }
            return .bool(true)
        case ("sum", .list(let elements), 0):
            var total: CELValue = .int(0)
            for (index, element) in elements.enumerated() {
                total = index == 0 ? element : try binary("+", total, element)
            }
            return total
        case ("min", .list(let elements), 0), ("max", .list(let elements), 0):
            guard var best = elements.first else { throw CELError(.evaluation, "\(name)(list) argument must not be empty") }
            for element in elements.dropFirst() where try compare(element, best, name == "min" ? "<" : ">") {
                best = element
            }
            return best
        default:
            break
        }
        throw CELError.noOverload(name, [target] + arguments)
    }

    /// The Kubernetes quantity library's methods.
    private static func quantityMethod(_ name: String, _ quantity: Quantity, _ arguments: [CELValue]) throws(CELError) -> CELValue {
        func other() throws(CELError) -> Quantity {
            switch arguments.first {
            case .quantity(let value)?: return value
            case .int(let value)?: return Quantity(integer: value)
            default: throw CELError.noOverload(name, [.quantity(quantity)] + arguments)
            }
        }
        switch (name, arguments.count) {
        case ("isGreaterThan", 1): return .bool(Quantity.compare(quantity, try other()) > 0)
        case ("isLessThan", 1): return .bool(Quantity.compare(quantity, try other()) < 0)
        case ("compareTo", 1): return .int(Int64(Quantity.compare(quantity, try other())))
        case ("sign", 0): return .int(Int64(quantity.sign))
        case ("isInteger", 0): return .bool(quantity.int64Value != nil)
        case ("asInteger", 0):
            guard let value = quantity.int64Value else { throw CELError(.evaluation, "cannot convert value to integer") }
            return .int(value)
        case ("asApproximateFloat", 0): return .double(quantity.doubleValue)
        case ("add", 1), ("sub", 1):
            let operand = try other()
            guard let sum = quantity + (name == "add" ? operand : -operand) else {
                throw CELError(.evaluation, "quantity overflow")
            }
            return .quantity(sum)
        default:
            throw CELError.noOverload(name, [.quantity(quantity)] + arguments)
        }
    }

    /// `lowerAscii` / `upperAscii`: only ASCII letters change, like the Kubernetes strings library.
    private static func shiftASCII(_ text: String, from letters: ClosedRange<Unicode.Scalar>, by offset: Int) -> String {
        var result = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if letters.contains(scalar) {
                result.append(Unicode.Scalar(UInt8(Int(scalar.value) + offset)))
            } else {
                result.append(scalar)
            }
        }
        return String(result)
    }

    static func size(_ value: CELValue) throws(CELError) -> CELValue {
        switch value {
        case .string(let text): .int(Int64(text.unicodeScalars.count))
        case .bytes(let bytes): .int(Int64(bytes.count))
        case .list(let elements): .int(Int64(elements.count))
        case .map(let entries): .int(Int64(entries.count))
        default: throw CELError.noOverload("size", [value])
        }
    }

    static func index(_ target: CELValue, _ key: CELValue) throws(CELError) -> CELValue {
        switch target {
        case .list(let elements):
            let position: Int64
            switch key {
            case .int(let value): position = value
            case .uint(let value) where value <= UInt64(Int64.max): position = Int64(value)
            case .double(let value) where value == value.rounded() && abs(value) < 9.2e18: position = Int64(value)
            default: throw CELError.noOverload("_[_]", [target, key])
            }
            guard position >= 0, position < elements.count else {
                throw CELError(.evaluation, "index '\(position)' out of range in list size '\(elements.count)'")
            }
            return elements[Int(position)]
        case .map:
            guard let value = target.mapLookup(key) else {
                if case .string(let text) = key { throw CELError(.evaluation, "no such key: \(text)") }
                throw CELError(.evaluation, "no such key: \(key)")
            }
            return value
        default:
            throw CELError.noOverload("_[_]", [target, key])
        }
    }

    static func negate(_ value: CELValue) throws(CELError) -> CELValue {
        switch value {
        case .int(let number):
            guard number != .min else { throw CELError(.evaluation, "integer overflow") }
            return .int(-number)
        case .double(let number): return .double(-number)
        default: throw CELError.noOverload("-_", [value])
        }
    }

    static func binary(_ symbol: String, _ lhs: CELValue, _ rhs: CELValue) throws(CELError) -> CELValue {
        switch symbol {
        case "==": return .bool(lhs.celEquals(rhs))
        case "!=": return .bool(!lhs.celEquals(rhs))
        case "<", "<=", ">", ">=": return .bool(try compare(lhs, rhs, symbol))
        case "in":
            switch rhs {
            case .list(let elements): return .bool(elements.contains { $0.celEquals(lhs) })
            case .map: return .bool(rhs.mapLookup(lhs) != nil)
            default: throw CELError.noOverload("@in", [lhs, rhs])
            }
        default: return try arithmetic(symbol, lhs, rhs)
        }
    }

    private static func arithmetic(_ symbol: String, _ lhs: CELValue, _ rhs: CELValue) throws(CELError) -> CELValue {
        let name = "_\(symbol)_"
        switch (lhs, rhs) {
        case (.int(let a), .int(let b)):
            guard let result = try integer(symbol, a, b, overflow: "integer overflow") else {
                throw CELError.noOverload(name, [lhs, rhs])
            }
            return .int(result)
        case (.uint(let a), .uint(let b)):
            guard let result = try integer(symbol, a, b, overflow: "unsigned integer overflow") else {
                throw CELError.noOverload(name, [lhs, rhs])
            }
            return .uint(result)
        case (.double(let a), .double(let b)):
            switch symbol {
            case "+": return .double(a + b)
            case "-": return .double(a - b)
            case "*": return .double(a * b)
            case "/": return .double(a / b)
            default: throw CELError.noOverload(name, [lhs, rhs])
            }
        case (.string(let a), .string(let b)) where symbol == "+":
            return .string(a + b)
        case (.list(let a), .list(let b)) where symbol == "+":
            return .list(a + b)
        case (.bytes(let a), .bytes(let b)) where symbol == "+":
            return .bytes(a + b)
        default:
            throw CELError.noOverload(name, [lhs, rhs])
        }
    }

    /// Checked int/uint arithmetic; nil for an operator integers do not have.
    private static func integer<T: FixedWidthInteger>(_ symbol: String, _ a: T, _ b: T, overflow: String) throws(CELError) -> T? {
        let result: (partialValue: T, overflow: Bool)
        switch symbol {
        case "+": result = a.addingReportingOverflow(b)
        case "-": result = a.subtractingReportingOverflow(b)
        case "*": result = a.multipliedReportingOverflow(by: b)
        case "/":
            guard b != 0 else { throw CELError(.evaluation, "division by zero") }
            result = a.dividedReportingOverflow(by: b)
        case "%":
            guard b != 0 else { throw CELError(.evaluation, "modulus by zero") }
            result = a.remainderReportingOverflow(dividingBy: b)
        default: return nil
        }
        guard !result.overflow else { throw CELError(.evaluation, overflow) }
        return result.partialValue
    }

    /// Ordering: numbers across int/uint/double, strings by code point, booleans, bytes.
    static func compare(_ lhs: CELValue, _ rhs: CELValue, _ symbol: String) throws(CELError) -> Bool {
        let order: Int
        switch (lhs, rhs) {
        case (.string(let a), .string(let b)):
            order = a.unicodeScalars.lexicographicallyPrecedes(b.unicodeScalars) ? -1 : (a == b ? 0 : 1)
        case (.bool(let a), .bool(let b)):
            order = a == b ? 0 : (!a ? -1 : 1)
        case (.bytes(let a), .bytes(let b)):
            order = a.lexicographicallyPrecedes(b) ? -1 : (a == b ? 0 : 1)
        case (.int(let a), .int(let b)): order = a < b ? -1 : (a == b ? 0 : 1)
        case (.uint(let a), .uint(let b)): order = a < b ? -1 : (a == b ? 0 : 1)
        case (.int(let a), .uint(let b)): order = a < 0 ? -1 : (UInt64(a) < b ? -1 : (UInt64(a) == b ? 0 : 1))
        case (.uint(let a), .int(let b)): order = b < 0 ? 1 : (a < UInt64(b) ? -1 : (a == UInt64(b) ? 0 : 1))
        default:
            guard let a = numeric(lhs), let b = numeric(rhs) else {
                throw CELError.noOverload("_\(symbol)_", [lhs, rhs])
            }
            if a.isNaN || b.isNaN { return false }
            order = a < b ? -1 : (a == b ? 0 : 1)
        }
        switch symbol {
        case "<": return order < 0
        case "<=": return order <= 0
        case ">": return order > 0
        default: return order >= 0
        }
    }

    private static func numeric(_ value: CELValue) -> Double? {
        switch value {
        case .int(let number): Double(number)
        case .uint(let number): Double(number)
        case .double(let number): number
        default: nil
        }
    }

    private static func toInt(_ value: CELValue) throws(CELError) -> CELValue {
        switch value {
        case .int: return value
        case .uint(let number):
            guard number <= UInt64(Int64.max) else { throw CELError(.evaluation, "integer overflow") }
            return .int(Int64(number))
        case .double(let number):
            guard number.isFinite, number > -9.223372036854775808e18, number < 9.223372036854775807e18 else {
                throw CELError(.evaluation, "integer overflow")
            }
            return .int(Int64(number.rounded(.towardZero)))
        case .string(let text):
            guard let number = Int64(text) else {
                throw CELError(.evaluation, "type conversion error from 'string' to 'int'")
            }
            return .int(number)
        default: throw CELError.noOverload("int", [value])
        }
    }

    private static func toUInt(_ value: CELValue) throws(CELError) -> CELValue {
        switch value {
        case .uint: return value
        case .int(let number):
            guard number >= 0 else { throw CELError(.evaluation, "unsigned integer overflow") }
            return .uint(UInt64(number))
        case .double(let number):
            guard number.isFinite, number >= 0, number < 1.8446744073709552e19 else {
                throw CELError(.evaluation, "unsigned integer overflow")
            }
            return .uint(UInt64(number.rounded(.towardZero)))
        case .string(let text):
            guard let number = UInt64(text) else {
                throw CELError(.evaluation, "type conversion error from 'string' to 'uint'")
            }
            return .uint(number)
        default: throw CELError.noOverload("uint", [value])
        }
    }

    private static func toDouble(_ value: CELValue) throws(CELError) -> CELValue {
        switch value {
        case .double: return value
        case .int(let number): return .double(Double(number))
        case .uint(let number): return .double(Double(number))
        case .string(let text):
            guard let number = Double(text) else {
                throw CELError(.evaluation, "type conversion error from 'string' to 'double'")
            }
            return .double(number)
        default: throw CELError.noOverload("double", [value])
        }
    }

    private static func toString(_ value: CELValue) throws(CELError) -> CELValue {
        switch value {
        case .string: return value
        case .int(let number): return .string(String(number))
        case .uint(let number): return .string(String(number))
        case .double(let number): return .string(GoStyleJSON.formatFloat(number))
        case .bool(let flag): return .string(flag ? "true" : "false")
        case .bytes(let bytes):
            guard let text = String(validating: bytes, as: UTF8.self) else {
                throw CELError(.evaluation, "invalid UTF-8 in bytes, cannot convert to string")
            }
            return .string(text)
        default: throw CELError.noOverload("string", [value])
        }
    }
}
