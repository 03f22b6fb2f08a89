/// Hashes and ids that must be the same on every run and every machine (Swift's `Hasher` is seeded per
/// process, so it cannot be used for anything persisted or compared across restarts).
enum StableHash {
    /// 64-bit FNV-1a.
    static func fnv1a64(_ text: String, seed: UInt64 = 0xcbf2_9ce4_8422_2325) -> UInt64 {
        var hash = seed
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        return hash
    }

    /// The hash as 16 lower-case hex digits, for annotations.
    static func hex(_ text: String) -> String {
        let digits = String(fnv1a64(text), radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }

    /// 16 bytes derived from `text` (two FNV-1a passes with different seeds, then mixed).
    static func bytes16(_ text: String) -> [UInt8] {
        let high = mix(fnv1a64(text))
        let low = mix(fnv1a64(text, seed: 0x8422_2325_cbf2_9ce4))
        return (0..<8).map { UInt8(truncatingIfNeeded: high >> (56 - 8 * $0)) }
            + (0..<8).map { UInt8(truncatingIfNeeded: low >> (56 - 8 * $0)) }
    }

    /// splitmix64's finaliser: spreads FNV's weak low bits.
    private static func mix(_ value: UInt64) -> UInt64 {
        var z = value &+ 0x9e37_79b9_7f4a_7c15
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }

    /// URL-safe base64 without padding: Kafka's text form of a UUID (22 characters for 16 bytes).
    static func base64URL(_ bytes: [UInt8]) -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
        var text = ""
        var index = 0
        while index < bytes.count {
            let chunk = bytes[index..<min(index + 3, bytes.count)]
            var value: UInt32 = 0
            for (offset, byte) in chunk.enumerated() { value |= UInt32(byte) << (16 - 8 * offset) }
            let characters = chunk.count + 1
            for position in 0..<characters {
                text.append(alphabet[Int((value >> (18 - 6 * position)) & 63)])
            }
            index += 3
        }
        return text
    }
}

/// KRaft cluster ids and directory ids: Kafka UUIDs in their 22-character URL-safe base64 form.
public enum KafkaClusterId {
    /// True for a Kafka UUID string (22 characters of URL-safe base64).
    public static func isValid(_ text: String) -> Bool {
        text.count == 22 && text.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }
            && "AQgw".contains(text.last ?? "x")  // the last character carries 2 bits: only A, Q, g, w decode to 16 bytes
    }

    /// A new random cluster id (the reconciler stores it in status.clusterId once).
    public static func generate<Generator: RandomNumberGenerator>(using generator: inout Generator) -> String {
        var bytes = (0..<16).map { _ in UInt8.random(in: 0...255, using: &generator) }
        bytes[0] |= 0x01  // never one of Kafka's reserved all-zero-high UUIDs
        return StableHash.base64URL(bytes)
    }

    /// A cluster id derived from a seed (e.g. `namespace/name`), for offline rendering that must be reproducible.
    public static func derived(from seed: String) -> String {
        var bytes = StableHash.bytes16("cluster-id:" + seed)
        bytes[0] |= 0x01
        return StableHash.base64URL(bytes)
    }

    /// The metadata directory id of an initial controller, derived from the cluster id and node id so
    /// that `--initial-controllers` is the same on every node and every restart.
    public static func directoryId(clusterId: String, nodeId: Int32) -> String {
        var bytes = StableHash.bytes16("directory-id:\(clusterId):\(nodeId)")
        bytes[0] |= 0x01  // Kafka reserves UUIDs whose high 64 bits are zero for special directory ids
        return StableHash.base64URL(bytes)
    }
}
