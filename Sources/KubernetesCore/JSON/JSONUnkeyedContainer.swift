/// The elements of one JSON array, read in order.
struct JSONUnkeyedContainer: UnkeyedDecodingContainer {
    let decoder: JSONTreeDecoder
    let elements: [JSONValue]
    private(set) var currentIndex = 0

    init(decoder: JSONTreeDecoder, elements: [JSONValue]) {
        self.decoder = decoder
        self.elements = elements
    }

    var codingPath: [any CodingKey] { decoder.codingPath }
    var count: Int? { elements.count }
    var isAtEnd: Bool { currentIndex >= elements.count }

    private var indexKey: JSONIndexKey { JSONIndexKey(index: currentIndex) }

    /// The next element; the index advances only when decoding it succeeds.
    @inline(__always)
    private func current(_ type: Any.Type) throws -> JSONValue {
        guard currentIndex < elements.count else {
            throw DecodingError.valueNotFound(
                type, .init(codingPath: codingPath + [indexKey], debugDescription: "Unkeyed container is at end."))
        }
        return elements[currentIndex]
    }

    private mutating func next<T>(_ type: T.Type, _ convert: (JSONValue, @autoclosure () -> [any CodingKey]) throws -> T) throws -> T {
        let value = try convert(try current(T.self), codingPath + [indexKey])
        currentIndex += 1
        return value
    }

    mutating func decodeNil() throws -> Bool {
        if case .null = try current(Never.self) {
            currentIndex += 1
            return true
        }
        return false
    }

    mutating func decode(_ type: Bool.Type) throws -> Bool { try next(type, JSONScalars.bool) }
    mutating func decode(_ type: String.Type) throws -> String { try next(type, JSONScalars.string) }
    mutating func decode(_ type: Double.Type) throws -> Double { try next(type, JSONScalars.double) }
    mutating func decode(_ type: Float.Type) throws -> Float { try next(type, JSONScalars.float) }
    mutating func decode(_ type: Int.Type) throws -> Int { try next(type) { try JSONScalars.integer($0, Int.self, $1()) } }
    mutating func decode(_ type: Int8.Type) throws -> Int8 { try next(type) { try JSONScalars.integer($0, Int8.self, $1()) } }
    mutating func decode(_ type: Int16.Type) throws -> Int16 { try next(type) { try JSONScalars.integer($0, Int16.self, $1()) } }
    mutating func decode(_ type: Int32.Type) throws -> Int32 { try next(type) { try JSONScalars.integer($0, Int32.self, $1()) } }
    mutating func decode(_ type: Int64.Type) throws -> Int64 { try next(type) { try JSONScalars.integer($0, Int64.self, $1()) } }
    mutating func decode(_ type: UInt.Type) throws -> UInt { try next(type) { try JSONScalars.integer($0, UInt.self, $1()) } }
    mutating func decode(_ type: UInt8.Type) throws -> UInt8 { try next(type) { try JSONScalars.integer($0, UInt8.self, $1()) } }
    mutating func decode(_ type: UInt16.Type) throws -> UInt16 { try next(type) { try JSONScalars.integer($0, UInt16.self, $1()) } }
    mutating func decode(_ type: UInt32.Type) throws -> UInt32 { try next(type) { try JSONScalars.integer($0, UInt32.self, $1()) } }
    mutating func decode(_ type: UInt64.Type) throws -> UInt64 { try next(type) { try JSONScalars.integer($0, UInt64.self, $1()) } }

    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T {
        let value = try decoder.decodeChild(T.self, from: try current(T.self), key: indexKey)
        currentIndex += 1
        return value
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<NestedKey> {
        let container = try JSONTreeDecoder(value: try current(NestedKey.self), parent: decoder, key: indexKey).container(keyedBy: type)
        currentIndex += 1
        return container
    }

    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
        let container = try JSONTreeDecoder(value: try current([JSONValue].self), parent: decoder, key: indexKey).unkeyedContainer()
        currentIndex += 1
        return container
    }

    mutating func superDecoder() throws -> any Decoder {
        let child = JSONTreeDecoder(value: try current(JSONValue.self), parent: decoder, key: indexKey)
        currentIndex += 1
        return child
    }
}

/// An array position in a coding path, named like Foundation's (`Index 3`).
struct JSONIndexKey: CodingKey {
    let index: Int
    init(index: Int) { self.index = index }
    init?(stringValue: String) { return nil }
    init?(intValue: Int) { self.index = intValue }
    var stringValue: String { "Index \(index)" }
    var intValue: Int? { index }
}
