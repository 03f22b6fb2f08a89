/// Kafka's 128-bit `Uuid` (topic ids, directory ids, incarnation ids). Its text form is the 16 bytes in
/// URL-safe base64 without padding (22 characters), as Kafka's `Uuid.toString()` prints it.
public struct KafkaUUID: Hashable, Sendable, CustomStringConvertible, LosslessStringConvertible {
    public var mostSignificantBits: UInt64
    public var leastSignificantBits: UInt64

    /// The all-zero id Kafka uses for "no id".
    public static let zero = KafkaUUID(mostSignificantBits: 0, leastSignificantBits: 0)

    public init(mostSignificantBits: UInt64, leastSignificantBits: UInt64) {
        self.mostSignificantBits = mostSignificantBits
        self.leastSignificantBits = leastSignificantBits
    }

    /// The 16 bytes, most significant first (the wire order).
    public var bytes: [UInt8] {
        var result: [UInt8] = []
        result.reserveCapacity(16)
        for word in [mostSignificantBits, leastSignificantBits] {
            for shift in stride(from: 56, through: 0, by: -8) { result.append(UInt8(truncatingIfNeeded: word >> UInt64(shift))) }
        }
        return result
    }

    /// Builds an id from exactly 16 bytes; nil for any other count.
    public init?(bytes: [UInt8]) {
        guard bytes.count == 16 else { return nil }
        var high: UInt64 = 0
        var low: UInt64 = 0
        for index in 0..<8 { high = high << 8 | UInt64(bytes[index]) }
        for index in 8..<16 { low = low << 8 | UInt64(bytes[index]) }
        self.init(mostSignificantBits: high, leastSignificantBits: low)
    }

    private static let alphabet: [UInt8] = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)

    /// The base64url form without padding, e.g. "AAAAAAAAAAAAAAAAAAAAAA" for `.zero`.
    public var description: String {
        let input = bytes
        var output: [UInt8] = []
        output.reserveCapacity(22)
        var index = 0
        while index < input.count {
            let chunk = input[index..<min(index + 3, input.count)]
            var value: UInt32 = 0
            for byte in chunk { value = value << 8 | UInt32(byte) }
            value <<= UInt32(8 * (3 - chunk.count))
            let characters = chunk.count + 1
            for position in 0..<characters {
                let sextet = Int((value >> UInt32(18 - 6 * position)) & 0x3F)
                output.append(Self.alphabet[sextet])
            }
            index += 3
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// Parses the base64url form (22 characters, no padding; trailing "==" is accepted).
    public init?(_ description: String) {
        var text = Substring(description)
        while text.hasSuffix("=") { text = text.dropLast() }
        guard text.utf8.count == 22 else { return nil }
        var bits: UInt32 = 0
        var bitCount = 0
        var bytes: [UInt8] = []
        bytes.reserveCapacity(16)
        for character in text.utf8 {
            guard let sextet = Self.alphabet.firstIndex(of: character) else { return nil }
            bits = bits << 6 | UInt32(sextet)
            bitCount += 6
            if bitCount >= 8 {
                bitCount -= 8
                bytes.append(UInt8(truncatingIfNeeded: bits >> UInt32(bitCount)))
                bits &= (1 << UInt32(bitCount)) - 1
            }
        }
        // 22 characters carry 132 bits: the last 4 must be zero for a canonical encoding.
        guard bits == 0 else { return nil }
        self.init(bytes: bytes)
    }
}
