/// The elements of one JSON array on the tape, read in order.
struct JSONTapeUnkeyedContainer: UnkeyedDecodingContainer {
    let decoder: JSONTapeDecoder
    let count: Int?
    private(set) var currentIndex = 0
    /// The tape index of the element at `currentIndex`.
    private var cursor: Int

    init(decoder: JSONTapeDecoder) {
        self.decoder = decoder
        self.count = Int(decoder.document.tape[decoder.index].count)
        self.cursor = decoder.index + 1
    }

    var codingPath: [any CodingKey] { decoder.codingPath }
    var isAtEnd: Bool { currentIndex >= (count ?? 0) }

    private var indexKey: JSONIndexKey { JSONIndexKey(index: currentIndex) }

    /// The next element's tape index; the container advances only when decoding it succeeds.
    @inline(__always)
    private func current(_ type: Any.Type) throws -> Int {
        guard !isAtEnd else {
            throw DecodingError.valueNotFound(
                type, .init(codingPath: codingPath + [indexKey], debugDescription: "Unkeyed container is at end."))
        }
        return cursor
    }

    @inline(__always)
    private mutating func advance() {
        cursor = decoder.document.indexAfter(cursor)
        currentIndex += 1
    }

    private mutating func next<T>(_ type: T.Type, _ convert: (JSONValue, @autoclosure () -> [any CodingKey]) throws -> T) throws -> T {
        let value = try convert(decoder.document.scalar(at: try current(T.self)), codingPath + [indexKey])
        advance()
        return value
    }

    mutating func decodeNil() throws -> Bool {
        if decoder.document.tape[try current(Never.self)].kind == .null {
            advance()
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
        let value = try decoder.decodeChild(T.self, at: try current(T.self), key: indexKey)
        advance()
        return value
    }

    private mutating func child(_ type: Any.Type) throws -> JSONTapeDecoder {
        JSONTapeDecoder(document: decoder.document, index: try current(type), parent: decoder, key: indexKey)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<NestedKey> {
        let container = try child(NestedKey.self).container(keyedBy: type)
        advance()
        return container
    }

    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
        let container = try child([JSONValue].self).unkeyedContainer()
        advance()
        return container
    }

    mutating func superDecoder() throws -> any Decoder {
        let decoder = try child(JSONValue.self)
        advance()
        return decoder
    }
}
