/// Appends JSON text to a byte buffer; fast enough for millions of partitions.
struct JSONWriter {
    var bytes: [UInt8] = []

    init(reserving capacity: Int = 0) { bytes.reserveCapacity(capacity) }

    mutating func raw(_ text: StaticString) {
        text.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    mutating func key(_ name: StaticString) {
        bytes.append(UInt8(ascii: "\""))
        raw(name)
        bytes.append(UInt8(ascii: "\""))
        bytes.append(UInt8(ascii: ":"))
    }

    mutating func string(_ s: String) {
        bytes.append(UInt8(ascii: "\""))
        for c in s.utf8 {
            switch c {
            case UInt8(ascii: "\""): raw("\\\"")
            case UInt8(ascii: "\\"): raw("\\\\")
            case 0x0A: raw("\\n")
            case 0x0D: raw("\\r")
            case 0x09: raw("\\t")
            case 0..<0x20:
                raw("\\u00")
                let hex: [UInt8] = Array("0123456789abcdef".utf8)
                bytes.append(hex[Int(c >> 4)])
                bytes.append(hex[Int(c & 15)])
            default: bytes.append(c)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }

    mutating func int<I: BinaryInteger>(_ value: I) {
        let v = Int64(value)
        if v == 0 { bytes.append(UInt8(ascii: "0")); return }
        if v < 0 { bytes.append(UInt8(ascii: "-")) }
        // Digits least significant first, then reversed in place: no temporary allocation.
        let start = bytes.count
        var u = v.magnitude
        while u > 0 {
            bytes.append(UInt8(ascii: "0") + UInt8(u % 10))
            u /= 10
        }
        bytes[start...].reverse()
    }

    mutating func double(_ value: Double) {
        if value.isFinite { bytes.append(contentsOf: Array("\(value)".utf8)) } else { raw("null") }
    }

    mutating func ints<S: Sequence>(_ values: S) where S.Element: BinaryInteger {
        bytes.append(UInt8(ascii: "["))
        var first = true
        for v in values {
            if !first { bytes.append(UInt8(ascii: ",")) }
            first = false
            int(v)
        }
        bytes.append(UInt8(ascii: "]"))
    }

    mutating func comma() { bytes.append(UInt8(ascii: ",")) }
}
