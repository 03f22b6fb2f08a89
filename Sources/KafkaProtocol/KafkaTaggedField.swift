import NIOCore

/// A tagged field (KIP-482) this codec does not know: its tag and raw data, re-encoded unchanged.
public struct KafkaTaggedField: Hashable, Sendable {
    public var tag: UInt32
    public var data: ByteBuffer

    public init(tag: UInt32, data: ByteBuffer) {
        self.tag = tag
        self.data = data
    }
}
