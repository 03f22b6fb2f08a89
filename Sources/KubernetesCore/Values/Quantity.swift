/// A fixed-point number with a unit suffix (`resource.Quantity`): `500m`, `2Gi`, `1.5`, `1e3`.
///
/// Parsing and the canonical text follow apimachinery exactly, because the API server rewrites every
/// quantity to its canonical form (`1.5Gi` comes back as `1536Mi`) and Capstan compares what it applied
/// with what it reads. Equality and ordering are numeric: `1Gi == 1024Mi`, `1000m == 1`.
public struct Quantity: Sendable {
    /// How the quantity is written out: the suffix family of the text it was parsed from.
    public enum Format: Sendable, Hashable {
        /// Powers of 1024: Ki, Mi, Gi, Ti, Pi, Ei.
        case binarySI
        /// Powers of 1000: n, u, m, (none), k, M, G, T, P, E.
        case decimalSI
        /// `e`/`E` exponents: `12e6`.
        case decimalExponent
    }

    /// The value is `mantissa × 10^scale`, normalised so that `mantissa` has no trailing decimal zeros
    /// (zero is `0 × 10^0`); that makes field-wise equality numeric equality.
    let mantissa: Int128
    let scale: Int32
    public let format: Format

    init(mantissa: Int128, scale: Int32, format: Format) {
        var mantissa = mantissa
        var scale = scale
        if mantissa == 0 {
            scale = 0
        } else {
            while mantissa % 10 == 0 {
                mantissa /= 10
                scale += 1
            }
        }
        self.mantissa = mantissa
        self.scale = scale
        self.format = format
    }

    /// A whole number in the given format, e.g. `Quantity(integer: 3)` or bytes as `.binarySI`.
    public init(integer: Int64, format: Format = .decimalSI) {
        self.init(mantissa: Int128(integer), scale: 0, format: format)
    }

    /// A value in thousandths, as CPU requests are usually expressed: `Quantity(milli: 250)` is `250m`.
    public init(milli: Int64) {
        self.init(mantissa: Int128(milli), scale: -3, format: .decimalSI)
    }

    public var isZero: Bool { mantissa == 0 }
    public var sign: Int { mantissa == 0 ? 0 : (mantissa < 0 ? -1 : 1) }
}

extension Quantity {
    /// The value rounded up to a whole number, or nil if it does not fit in Int64.
    public var int64Value: Int64? { scaledValue(scale: 0) }

    /// The value in thousandths rounded up (CPU millicores), or nil if it does not fit in Int64.
    public var milliValue: Int64? { scaledValue(scale: -3) }

    /// The value as `× 10^scale` units, rounded away from zero like `Quantity.ScaledValue`.
    public func scaledValue(scale target: Int32) -> Int64? {
        guard let value = Quantity.rescale(mantissa, from: scale, to: target, roundingUp: true) else {
            return nil
        }
        return Int64(exactly: value)
    }

    /// A floating-point approximation, for display and ratios only.
    public var doubleValue: Double {
        Double(mantissa) * pow10(Int(scale))
    }

    /// Re-expresses `mantissa × 10^from` as a mantissa at `to`; rounds away from zero when precision
    /// is lost and `roundingUp`; nil on overflow.
    static func rescale(_ mantissa: Int128, from: Int32, to: Int32, roundingUp: Bool) -> Int128? {
        if from == to { return mantissa }
        if from > to {
            var value = mantissa
            for _ in 0..<(from - to) {
                let (product, overflow) = value.multipliedReportingOverflow(by: 10)
                if overflow { return nil }
                value = product
            }
            return value
        }
        var value = mantissa
        var lost = false
        for _ in 0..<min(from.distance(to: to), 40) {
            if value % 10 != 0 { lost = true }
            value /= 10
        }
        if to - from >= 40 && mantissa != 0 { lost = true }
        if lost && roundingUp { value += mantissa < 0 ? -1 : 1 }
        return value
    }
}

private func pow10(_ exponent: Int) -> Double {
    var result = 1.0
    let factor = exponent < 0 ? 0.1 : 10.0
    for _ in 0..<abs(exponent) { result *= factor }
    return result
}

extension Quantity: Hashable, Comparable {
    public static func == (lhs: Quantity, rhs: Quantity) -> Bool {
        lhs.mantissa == rhs.mantissa && lhs.scale == rhs.scale
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(mantissa)
        hasher.combine(scale)
    }

    public static func < (lhs: Quantity, rhs: Quantity) -> Bool {
        compare(lhs, rhs) < 0
    }

    /// -1, 0 or 1, like `Quantity.Cmp`.
    public static func compare(_ lhs: Quantity, _ rhs: Quantity) -> Int {
        if lhs.sign != rhs.sign { return lhs.sign < rhs.sign ? -1 : 1 }
        if lhs.scale == rhs.scale { return lhs.mantissa == rhs.mantissa ? 0 : (lhs.mantissa < rhs.mantissa ? -1 : 1) }
        // Bring the one with the larger scale down to the smaller; if that overflows, its magnitude is larger.
        let (high, low, flipped) = lhs.scale > rhs.scale ? (lhs, rhs, false) : (rhs, lhs, true)
        let result: Int
        if let aligned = rescale(high.mantissa, from: high.scale, to: low.scale, roundingUp: false) {
            result = aligned == low.mantissa ? 0 : (aligned < low.mantissa ? -1 : 1)
        } else {
            result = high.sign
        }
        return flipped ? -result : result
    }
}

extension Quantity {
    /// Sum of two quantities in the left-hand side's format; nil on overflow.
    public static func + (lhs: Quantity, rhs: Quantity) -> Quantity? {
        let scale = min(lhs.scale, rhs.scale)
        guard let left = rescale(lhs.mantissa, from: lhs.scale, to: scale, roundingUp: false),
            let right = rescale(rhs.mantissa, from: rhs.scale, to: scale, roundingUp: false)
        else { return nil }
        let (sum, overflow) = left.addingReportingOverflow(right)
        return overflow ? nil : Quantity(mantissa: sum, scale: scale, format: lhs.format)
    }

    /// The negated quantity, same format.
    public static prefix func - (value: Quantity) -> Quantity {
        Quantity(mantissa: -value.mantissa, scale: value.scale, format: value.format)
    }
}
