import NIOCore

/// A type that can be an element of a Kafka array: primitives and every generated struct.
public protocol KafkaArrayElement: Hashable, Sendable {
    static func readKafkaElement(from reader: inout KafkaReader, compact: Bool, version: Int16) throws -> Self
    func writeKafkaElement(to writer: inout KafkaWriter, compact: Bool, version: Int16) throws
    /// Reads `count` elements; integers override this to read the whole run at once.
    static func readKafkaElements(from reader: inout KafkaReader, count: Int, compact: Bool, version: Int16) throws -> [Self]
    /// Writes `elements`; integers override this to write the whole run at once.
    static func writeKafkaElements(_ elements: [Self], to writer: inout KafkaWriter, compact: Bool, version: Int16) throws
}

extension KafkaArrayElement {
    @inlinable
    public static func readKafkaElements(
        from reader: inout KafkaReader, count: Int, compact: Bool, version: Int16
    ) throws -> [Self] {
        // Empty and one-element arrays (config synonyms, single partitions) skip reserveCapacity's unspecialized
        // allocation path (see the integer version below).
        if count == 0 { return [] }
        if count == 1 {
            do {
                return [try readKafkaElement(from: &reader, compact: compact, version: version)]
            } catch var error as KafkaDecodingError {
                error.fieldPath.insert("[0]", at: 0)
                throw error
            }
        }
        // Each element is decoded straight into the array's storage: `append` copied every decoded struct
        // into the array and destroyed the original, a retain and a release per string and array field.
        return try [Self](unsafeUninitializedCapacity: count) { storage, initialized in
            // `initialized` is updated as elements land, so a failure mid-way frees exactly those.
            guard let base = storage.baseAddress else { return }
            while initialized < count {
                do {
                    (base + initialized).initialize(to: try readKafkaElement(from: &reader, compact: compact, version: version))
                } catch var error as KafkaDecodingError {
                    error.fieldPath.insert("[\(initialized)]", at: 0)
                    throw error
                }
                initialized += 1
            }
        }
    }

    @inlinable
    public static func writeKafkaElements(
        _ elements: [Self], to writer: inout KafkaWriter, compact: Bool, version: Int16
    ) throws {
        for element in elements {
            try element.writeKafkaElement(to: &writer, compact: compact, version: version)
        }
    }
}

extension KafkaCodable {
    @inlinable
    public static func readKafkaElement(from reader: inout KafkaReader, compact: Bool, version: Int16) throws -> Self {
        try Self(from: &reader, version: version)
    }

    @inlinable
    public func writeKafkaElement(to writer: inout KafkaWriter, compact: Bool, version: Int16) throws {
        try encode(to: &writer, version: version)
    }
}

/// Fixed-width integers are arrays elements in their big-endian form.
public protocol KafkaIntegerElement: KafkaArrayElement, FixedWidthInteger {}

extension KafkaIntegerElement {
    @inlinable
    public static func readKafkaElement(from reader: inout KafkaReader, compact: Bool, version: Int16) throws -> Self {
        try reader.readKafkaInteger(as: Self.self)
    }

    @inlinable
    public func writeKafkaElement(to writer: inout KafkaWriter, compact: Bool, version: Int16) throws {
        writer.writeInteger(self)
    }

    /// Reads a run of big-endian integers in one pass over the bytes (replica lists are hot in Metadata).
    @inlinable
    public static func readKafkaElements(
        from reader: inout KafkaReader, count: Int, compact: Bool, version: Int16
    ) throws -> [Self] {
        let size = MemoryLayout<Self>.size
        try reader.require(count * size)
        let bytes = reader.peekBytes(count * size)
        func element(_ index: Int) -> Self { Self(bigEndian: bytes.loadUnaligned(fromByteOffset: index * size, as: Self.self)) }
        reader.position &+= count * size
        // Short runs (replica and ISR lists) are built as array literals: their allocation is specialized
        // here, while Array(unsafeUninitializedCapacity:) allocates through the standard library's
        // unspecialized path (a generic metadata lookup per array, ~600 instructions under callgrind),
        // which was a third of decoding a 100,000-partition Metadata response.
        switch count {
        case 0: return []
        case 1: return [element(0)]
        case 2: return [element(0), element(1)]
        case 3: return [element(0), element(1), element(2)]
        case 4: return [element(0), element(1), element(2), element(3)]
        case 5: return [element(0), element(1), element(2), element(3), element(4)]
        default:
            return [Self](unsafeUninitializedCapacity: count) { storage, initialized in
                for index in 0..<count { storage[index] = element(index) }
                initialized = count
            }
        }
    }

    @inlinable
    public static func writeKafkaElements(
        _ elements: [Self], to writer: inout KafkaWriter, compact: Bool, version: Int16
    ) throws {
        let size = MemoryLayout<Self>.size
        writer.reserve(elements.count * size)
        for element in elements {
            writer.base.storeBytes(of: element.bigEndian, toByteOffset: writer.written, as: Self.self)
            writer.written &+= size
        }
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
    public static func readKafkaElement(from reader: inout KafkaReader, compact: Bool, version: Int16) throws -> String {
        try reader.readKafkaString(compact: compact)
    }

    @inlinable
    public func writeKafkaElement(to writer: inout KafkaWriter, compact: Bool, version: Int16) throws {
        try writer.writeKafkaString(self, compact: compact)
    }
}

extension KafkaUUID: KafkaArrayElement {
    @inlinable
    public static func readKafkaElement(from reader: inout KafkaReader, compact: Bool, version: Int16) throws -> KafkaUUID {
        try reader.readKafkaUUID()
    }

    @inlinable
    public func writeKafkaElement(to writer: inout KafkaWriter, compact: Bool, version: Int16) throws {
        writer.writeKafkaUUID(self)
    }
}

extension Bool: KafkaArrayElement {
    @inlinable
    public static func readKafkaElement(from reader: inout KafkaReader, compact: Bool, version: Int16) throws -> Bool {
        try reader.readKafkaBool()
    }

    @inlinable
    public func writeKafkaElement(to writer: inout KafkaWriter, compact: Bool, version: Int16) throws {
        writer.writeKafkaBool(self)
    }
}

extension Double: KafkaArrayElement {
    @inlinable
    public static func readKafkaElement(from reader: inout KafkaReader, compact: Bool, version: Int16) throws -> Double {
        try reader.readKafkaFloat64()
    }

    @inlinable
    public func writeKafkaElement(to writer: inout KafkaWriter, compact: Bool, version: Int16) throws {
        writer.writeKafkaFloat64(self)
    }
}
