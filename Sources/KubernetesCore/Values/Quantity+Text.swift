/// Why a quantity string was refused.
public struct QuantityParseError: Error, Hashable, Sendable, CustomStringConvertible {
    public var text: String
    public var reason: String

    public var description: String {
        "'\(text)' is not a valid quantity: \(reason) (examples: 500m, 2, 1.5Gi, 100M, 1e3)"
    }
}

extension Quantity {
    /// Parses apimachinery's syntax: `[+-]digits[.digits][suffix]` where the suffix is a binary SI unit
    /// (Ki..Ei), a decimal SI unit (n, u, m, k, M, G, T, P, E) or an exponent (`e3`, `E-2`).
    ///
    /// Like apimachinery, precision finer than nano (10^-9) is rounded up, and binary-SI values below 1
    /// switch to the decimal format.
    public init(parsing rawText: String) throws(QuantityParseError) {
        let text = rawText.trimmingSpaces
        func fail(_ reason: String) -> QuantityParseError { QuantityParseError(text: rawText, reason: reason) }
        var bytes = Array(text.utf8)[...]
        guard !bytes.isEmpty else { throw fail("it is empty") }

        var negative = false
        if let first = bytes.first, first == UInt8(ascii: "+") || first == UInt8(ascii: "-") {
            negative = first == UInt8(ascii: "-")
            bytes = bytes.dropFirst()
        }

        var mantissa: Int128 = 0
        var scale: Int32 = 0
        var sawDigit = false
        var sawDot = false
        var droppedNonZero = false
        while let byte = bytes.first {
            if byte == UInt8(ascii: ".") {
                guard !sawDot else { throw fail("it has two decimal points") }
                sawDot = true
            } else if byte >= 48 && byte <= 57 {
                sawDigit = true
                let digit = Int128(byte - 48)
                let (shifted, overflow) = mantissa.multipliedReportingOverflow(by: 10)
                if overflow || shifted > Int128.max - digit {
                    // Digits beyond 38 significant places: keep the magnitude, remember we lost precision.
                    if sawDot { droppedNonZero = droppedNonZero || digit != 0 } else { scale += 1 }
                } else {
                    mantissa = shifted + digit
                    if sawDot { scale -= 1 }
                }
            } else {
                break
            }
            bytes = bytes.dropFirst()
        }
        guard sawDigit else { throw fail("it has no digits") }

        let suffix = String(decoding: bytes, as: UTF8.self)
        var format = Format.decimalSI
        var binaryPower = 0
        switch suffix {
        case "": break
        case "n": scale -= 9
        case "u": scale -= 6
        case "m": scale -= 3
        case "k": scale += 3
        case "M": scale += 6
        case "G": scale += 9
        case "T": scale += 12
        case "P": scale += 15
        case "E": scale += 18
        case "Ki", "Mi", "Gi", "Ti", "Pi", "Ei":
            format = .binarySI
            binaryPower = ["Ki": 10, "Mi": 20, "Gi": 30, "Ti": 40, "Pi": 50, "Ei": 60][suffix] ?? 0
        default:
            guard let first = suffix.first, first == "e" || first == "E" else {
                throw fail("unknown suffix '\(suffix)'")
            }
            guard let exponent = Int32(suffix.dropFirst()), suffix.count > 1,
                suffix.dropFirst().allSatisfy({ $0.isASCII && ($0.isNumber || $0 == "-" || $0 == "+") })
            else { throw fail("the exponent in '\(suffix)' is not a whole number") }
            format = .decimalExponent
            scale += exponent
        }

        if binaryPower > 0 {
            let (product, overflow) = mantissa.multipliedReportingOverflow(by: Int128(1) << binaryPower)
            guard !overflow else { throw fail("it is too large") }
            mantissa = product
        }
        if negative { mantissa = -mantissa }

        // Round anything finer than nano up (away from zero), as apimachinery does.
        if scale < -9 {
            guard let rounded = Quantity.rescale(mantissa, from: scale, to: -9, roundingUp: true) else {
                throw fail("it is too large")
            }
            mantissa = rounded
            scale = -9
        } else if droppedNonZero {
            mantissa += negative ? -1 : 1
        }
        var value = Quantity(mantissa: mantissa, scale: scale, format: format)
        // Binary SI is capped at Int64.max, and below 1 it is shown in decimal.
        if format == .binarySI {
            if Quantity.compare(value, Quantity(integer: .max)) > 0 {
                value = Quantity(integer: .max, format: .binarySI)
            }
            if value.sign > 0 && Quantity.compare(value, Quantity(integer: 1)) < 0 {
                value = Quantity(mantissa: value.mantissa, scale: value.scale, format: .decimalSI)
            }
        }
        self = value
    }

    /// The canonical text apimachinery writes (`CanonicalizeBytes`).
    public var canonical: String {
        if mantissa == 0 { return "0" }
        if format == .binarySI, Quantity.compare(self, Quantity(integer: -1024)) > 0,
            Quantity.compare(self, Quantity(integer: 1024)) < 0
        {
            return decimalCanonical(exponentForm: false)
        }
        if format == .binarySI {
            // Only whole numbers are written in binary units; anything else would round.
            guard let whole = Quantity.rescale(mantissa, from: scale, to: 0, roundingUp: false),
                Quantity.rescale(whole, from: 0, to: scale, roundingUp: false) == mantissa
            else { return decimalCanonical(exponentForm: false) }
            var amount = whole
            var power = 0
            while amount % 1024 == 0 && power < 6 {
                amount /= 1024
                power += 1
            }
            return String(amount) + ["", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei"][power]
        }
        return decimalCanonical(exponentForm: format == .decimalExponent)
    }

    private func decimalCanonical(exponentForm: Bool) -> String {
        // The mantissa has no trailing zeros already; make the exponent a multiple of three.
        var amount = mantissa
        var exponent = scale
        while exponent % 3 != 0 {
            amount *= 10
            exponent -= 1
        }
        let number = String(amount)
        if exponentForm {
            return exponent == 0 ? number : number + "e" + String(exponent)
        }
        switch exponent {
        case -9: return number + "n"
        case -6: return number + "u"
        case -3: return number + "m"
        case 0: return number
        case 3: return number + "k"
        case 6: return number + "M"
        case 9: return number + "G"
        case 12: return number + "T"
        case 15: return number + "P"
        case 18: return number + "E"
        default: return number + "e" + String(exponent)
        }
    }
}

extension Quantity: Codable, CustomStringConvertible {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        // The API accepts bare numbers for quantities too.
        if let integer = try? container.decode(Int64.self) {
            self.init(integer: integer)
            return
        }
        let text: String
        if let double = try? container.decode(Double.self) {
            text = String(double)
        } else {
            text = try container.decode(String.self)
        }
        do {
            try self.init(parsing: text)
        } catch {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: error.description)
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(canonical)
    }

    public var description: String { canonical }
}

extension String {
    var trimmingSpaces: String {
        var scalars = Substring(self)
        while let first = scalars.first, first == " " || first == "\t" || first == "\n" { scalars = scalars.dropFirst() }
        while let last = scalars.last, last == " " || last == "\t" || last == "\n" { scalars = scalars.dropLast() }
        return String(scalars)
    }
}
