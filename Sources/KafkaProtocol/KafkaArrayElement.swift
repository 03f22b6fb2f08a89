import NIOCore

/// A type that can be an element of a Kafka array: primitives and every generated struct.
public protocol KafkaArrayElement: Hashable, Sendable {
    static func readKafkaElement(from buffer: inout ByteBuffer, compact: Bool, version: Int16) throws -> Self
    func writeKafkaElement(to buffer: inout ByteBuffer, compact: Bool, version: Int16) throws
}

extension KafkaCodable {
    @inlinable
    public static func readKafkaElement(from buffer: inout ByteBuffer, compact: Bool, version: Int16) throws -> Self {
        try Self(from: &buffer, version: version)
    }

    @inlinable
    public func writeKafkaElement(to buffer: inout ByteBuffer, compact: Bool, version: Int16) throws {
        try encode(into: &buffer, version: version)
    }
}

/// Fixed-width integers are arrays elements in their big-endian form.
public protocol KafkaIntegerElement: KafkaArrayElement, FixedWidthInteger {}

extension KafkaIntegerElement {
    @inlinable
    public static func readKafkaElement(from buffer: inout ByteBuffer, compact: Bool, version: Int16) throws -> Self {
        try buffer.readKafkaInteger(as: Self.self)
    }

    @inlinable
    public func writeKafkaElement(to buffer: inout ByteBuffer, compact: Bool, version: Int16) throws {
        buffer.writeInteger(self)
    }
}

extension Int8: KafkaIntegerElement {}
extension Int16: KafkaIntegerElement {}
extension UInt16: KafkaIntegerElement {}
extension Int32: KafkaIntegerElement {}
extension UInt32: KafkaIntegerElement {}
extension Int64: KafkaIntegerElement {}

extension String: KafkaArrayElement {
    @inlinable
    public static func readKafkaElement(from buffer: inout ByteBuffer, compact: Bool, version: Int16) throws -> String {
        try buffer.readKafkaString(compact: compact)
    }

    @inlinable
    public func writeKafkaElement(to buffer: inout ByteBuffer, compact: Bool, version: Int16) throws {
        try buffer.writeKafkaString(self, compact: compact)
    }
}

extension KafkaUUID: KafkaArrayElement {
    @inlinable
    public static func readKafkaElement(from buffer: inout ByteBuffer, compact: Bool, version: Int16) throws -> KafkaUUID {
        try buffer.readKafkaUUID()
    }

    @inlinable
    public func writeKafkaElement(to buffer: inout ByteBuffer, compact: Bool, version: Int16) throws {
        buffer.writeKafkaUUID(self)
    }
}

extension Bool: KafkaArrayElement {
    @inlinable
    public static func readKafkaElement(from buffer: inout ByteBuffer, compact: Bool, version: Int16) throws -> Bool {
        try buffer.readKafkaBool()
    }

    @inlinable
    public func writeKafkaElement(to buffer: inout ByteBuffer, compact: Bool, version: Int16) throws {
        buffer.writeKafkaBool(self)
    }
}

extension Double: KafkaArrayElement {
    @inlinable
    public static func readKafkaElement(from buffer: inout ByteBuffer, compact: Bool, version: Int16) throws -> Double {
        try buffer.readKafkaFloat64()
    }

    @inlinable
    public func writeKafkaElement(to buffer: inout ByteBuffer, compact: Bool, version: Int16) throws {
        buffer.writeKafkaFloat64(self)
    }
}
