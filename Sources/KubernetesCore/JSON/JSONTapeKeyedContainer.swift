/// The members of one JSON object on the tape, found by comparing key bytes.
struct JSONTapeKeyedContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let decoder: JSONTapeDecoder
    /// For objects with many members (maps such as labels or a ConfigMap's data): key to value index,
    /// so that reading every member stays linear. Small objects are scanned, which is cheaper than hashing.
    private let index: [String: Int]?

    /// Objects up to this size are scanned for each lookup.
    private static var scanLimit: Int { 16 }

    init(decoder: JSONTapeDecoder) {
        self.decoder = decoder
        let document = decoder.document
        if document.tape[decoder.index].count > Self.scanLimit {
            var index: [String: Int] = [:]
            for (key, valueIndex) in document.members(ofObjectAt: decoder.index) {
                index[key] = valueIndex  // a repeated key: the last one wins
            }
            self.index = index
        } else {
            self.index = nil
        }
    }

    var codingPath: [any CodingKey] { decoder.codingPath }

    var allKeys: [Key] {
        decoder.document.members(ofObjectAt: decoder.index).compactMap { Key(stringValue: $0.key) }
    }

    @inline(__always)
    private func find(_ key: Key) -> Int? {
        if let index { return index[key.stringValue] }
        return decoder.document.member(named: key.stringValue, inObjectAt: decoder.index)
    }

    func contains(_ key: Key) -> Bool { find(key) != nil }

    @inline(__always)
    private func member(_ key: Key) throws -> Int {
        guard let found = find(key) else {
            throw DecodingError.keyNotFound(
                key, .init(codingPath: codingPath, debugDescription: "No value associated with key \(key) (\"\(key.stringValue)\")."))
        }
        return found
    }

    /// The member's index, or nil when it is missing or null (`decodeIfPresent`).
    @inline(__always)
    private func presentMember(_ key: Key) -> Int? {
        guard let found = find(key), decoder.document.tape[found].kind != .null else { return nil }
        return found
    }

    @inline(__always)
    private func scalar(_ key: Key) throws -> JSONValue { decoder.document.scalar(at: try member(key)) }

    private func path(_ key: Key) -> [any CodingKey] { codingPath + [key] }

    func decodeNil(forKey key: Key) throws -> Bool {
        decoder.document.tape[try member(key)].kind == .null
    }

    func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { try JSONScalars.bool(scalar(key), path(key)) }
    func decode(_ type: String.Type, forKey key: Key) throws -> String { try JSONScalars.string(scalar(key), path(key)) }
    func decode(_ type: Double.Type, forKey key: Key) throws -> Double { try JSONScalars.double(scalar(key), path(key)) }
    func decode(_ type: Float.Type, forKey key: Key) throws -> Float { try JSONScalars.float(scalar(key), path(key)) }
    func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try JSONScalars.integer(scalar(key), Int.self, path(key)) }
    func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 { try JSONScalars.integer(scalar(key), Int8.self, path(key)) }
    func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 { try JSONScalars.integer(scalar(key), Int16.self, path(key)) }
    func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 { try JSONScalars.integer(scalar(key), Int32.self, path(key)) }
    func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { try JSONScalars.integer(scalar(key), Int64.self, path(key)) }
    func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt { try JSONScalars.integer(scalar(key), UInt.self, path(key)) }
    func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 { try JSONScalars.integer(scalar(key), UInt8.self, path(key)) }
    func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 { try JSONScalars.integer(scalar(key), UInt16.self, path(key)) }
    func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 { try JSONScalars.integer(scalar(key), UInt32.self, path(key)) }
    func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 { try JSONScalars.integer(scalar(key), UInt64.self, path(key)) }

    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        try decoder.decodeChild(T.self, at: member(key), key: key)
    }

    private func present(_ key: Key) -> JSONValue? { presentMember(key).map { decoder.document.scalar(at: $0) } }

    // One lookup per optional member (the protocol's defaults do three: contains, decodeNil, decode).
    func decodeIfPresent(_ type: Bool.Type, forKey key: Key) throws -> Bool? { try present(key).map { try JSONScalars.bool($0, path(key)) } }
    func decodeIfPresent(_ type: String.Type, forKey key: Key) throws -> String? { try present(key).map { try JSONScalars.string($0, path(key)) } }
    func decodeIfPresent(_ type: Double.Type, forKey key: Key) throws -> Double? { try present(key).map { try JSONScalars.double($0, path(key)) } }
    func decodeIfPresent(_ type: Float.Type, forKey key: Key) throws -> Float? { try present(key).map { try JSONScalars.float($0, path(key)) } }
    func decodeIfPresent(_ type: Int.Type, forKey key: Key) throws -> Int? { try present(key).map { try JSONScalars.integer($0, Int.self, path(key)) } }
    func decodeIfPresent(_ type: Int8.Type, forKey key: Key) throws -> Int8? { try present(key).map { try JSONScalars.integer($0, Int8.self, path(key)) } }
    func decodeIfPresent(_ type: Int16.Type, forKey key: Key) throws -> Int16? { try present(key).map { try JSONScalars.integer($0, Int16.self, path(key)) } }
    func decodeIfPresent(_ type: Int32.Type, forKey key: Key) throws -> Int32? { try present(key).map { try JSONScalars.integer($0, Int32.self, path(key)) } }
    func decodeIfPresent(_ type: Int64.Type, forKey key: Key) throws -> Int64? { try present(key).map { try JSONScalars.integer($0, Int64.self, path(key)) } }
    func decodeIfPresent(_ type: UInt.Type, forKey key: Key) throws -> UInt? { try present(key).map { try JSONScalars.integer($0, UInt.self, path(key)) } }
    func decodeIfPresent(_ type: UInt8.Type, forKey key: Key) throws -> UInt8? { try present(key).map { try JSONScalars.integer($0, UInt8.self, path(key)) } }
    func decodeIfPresent(_ type: UInt16.Type, forKey key: Key) throws -> UInt16? { try present(key).map { try JSONScalars.integer($0, UInt16.self, path(key)) } }
    func decodeIfPresent(_ type: UInt32.Type, forKey key: Key) throws -> UInt32? { try present(key).map { try JSONScalars.integer($0, UInt32.self, path(key)) } }
    func decodeIfPresent(_ type: UInt64.Type, forKey key: Key) throws -> UInt64? { try present(key).map { try JSONScalars.integer($0, UInt64.self, path(key)) } }

    func decodeIfPresent<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T? {
        guard let found = presentMember(key) else { return nil }
        return try decoder.decodeChild(T.self, at: found, key: key)
    }

    private func child(_ key: Key) throws -> JSONTapeDecoder {
        JSONTapeDecoder(document: decoder.document, index: try member(key), parent: decoder, key: key)
    }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws -> KeyedDecodingContainer<NestedKey> {
        try child(key).container(keyedBy: type)
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        try child(key).unkeyedContainer()
    }

    func superDecoder() throws -> any Decoder {
        let superKey = JSONObjectKey(stringValue: "super")
        let found = decoder.document.member(named: "super", inObjectAt: decoder.index) ?? decoder.document.absentIndex
        return JSONTapeDecoder(document: decoder.document, index: found, parent: decoder, key: superKey)
    }

    func superDecoder(forKey key: Key) throws -> any Decoder {
        JSONTapeDecoder(document: decoder.document, index: find(key) ?? decoder.document.absentIndex, parent: decoder, key: key)
    }
}
