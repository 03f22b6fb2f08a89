/// The `Decoder` over one node of a parsed `JSONValue` tree. Its coding path is computed only when an
/// error or a type asks for it, by walking the chain of parent decoders.
final class JSONTreeDecoder: Decoder, SingleValueDecodingContainer {
    let value: JSONValue
    let parent: JSONTreeDecoder?
    let key: (any CodingKey)?
    let userInfo: [CodingUserInfoKey: Any]

    init(value: JSONValue, userInfo: [CodingUserInfoKey: Any]) {
        self.value = value
        self.parent = nil
        self.key = nil
        self.userInfo = userInfo
    }

    init(value: JSONValue, parent: JSONTreeDecoder, key: any CodingKey) {
        self.value = value
        self.parent = parent
        self.key = key
        self.userInfo = parent.userInfo
    }

    var codingPath: [any CodingKey] {
        var keys: [any CodingKey] = []
        var node: JSONTreeDecoder? = self
        while let current = node, let key = current.key {
            keys.append(key)
            node = current.parent
        }
        return keys.reversed()
    }

    /// Decodes a member or element; `JSONValue` takes the subtree without a child decoder.
    @inline(__always)
    func decodeChild<T: Decodable>(_ type: T.Type, from value: JSONValue, key: some CodingKey) throws -> T {
        if T.self == JSONValue.self {
            // The types are equal, so the bit cast is an identity (a dynamic cast costs a runtime call).
            return unsafeBitCast(value, to: T.self)
        }
        return try T(from: JSONTreeDecoder(value: value, parent: self, key: key))
    }

    // MARK: Decoder

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        guard case .object(let members) = value else {
            throw JSONTreeDecoder.mismatch([String: JSONValue].self, value, codingPath)
        }
        return KeyedDecodingContainer(JSONKeyedContainer<Key>(decoder: self, members: members))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        guard case .array(let elements) = value else {
            throw JSONTreeDecoder.mismatch([JSONValue].self, value, codingPath)
        }
        return JSONUnkeyedContainer(decoder: self, elements: elements)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer { self }

    // MARK: SingleValueDecodingContainer

    func decodeNil() -> Bool {
        if case .null = value { return true }
        return false
    }

    func decode(_ type: Bool.Type) throws -> Bool { try JSONScalars.bool(value, codingPath) }
    func decode(_ type: String.Type) throws -> String { try JSONScalars.string(value, codingPath) }
    func decode(_ type: Double.Type) throws -> Double { try JSONScalars.double(value, codingPath) }
    func decode(_ type: Float.Type) throws -> Float { try JSONScalars.float(value, codingPath) }
    func decode(_ type: Int.Type) throws -> Int { try JSONScalars.integer(value, Int.self, codingPath) }
    func decode(_ type: Int8.Type) throws -> Int8 { try JSONScalars.integer(value, Int8.self, codingPath) }
    func decode(_ type: Int16.Type) throws -> Int16 { try JSONScalars.integer(value, Int16.self, codingPath) }
    func decode(_ type: Int32.Type) throws -> Int32 { try JSONScalars.integer(value, Int32.self, codingPath) }
    func decode(_ type: Int64.Type) throws -> Int64 { try JSONScalars.integer(value, Int64.self, codingPath) }
    func decode(_ type: UInt.Type) throws -> UInt { try JSONScalars.integer(value, UInt.self, codingPath) }
    func decode(_ type: UInt8.Type) throws -> UInt8 { try JSONScalars.integer(value, UInt8.self, codingPath) }
    func decode(_ type: UInt16.Type) throws -> UInt16 { try JSONScalars.integer(value, UInt16.self, codingPath) }
    func decode(_ type: UInt32.Type) throws -> UInt32 { try JSONScalars.integer(value, UInt32.self, codingPath) }
    func decode(_ type: UInt64.Type) throws -> UInt64 { try JSONScalars.integer(value, UInt64.self, codingPath) }

    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        if T.self == JSONValue.self {
            // The types are equal, so the bit cast is an identity (a dynamic cast costs a runtime call).
            return unsafeBitCast(value, to: T.self)
        }
        return try T(from: self)
    }

    static func mismatch(_ expected: Any.Type, _ value: JSONValue, _ path: [any CodingKey]) -> DecodingError {
        if case .null = value {
            return .valueNotFound(expected, .init(codingPath: path, debugDescription: "Expected \(expected) value but found null instead."))
        }
        return .typeMismatch(expected, .init(codingPath: path, debugDescription: "Expected to decode \(expected) but found \(value.jsonTypeName) instead."))
    }
}

/// The primitive conversions, shared by the three container kinds.
enum JSONScalars {
    @inline(__always)
    static func string(_ value: JSONValue, _ path: @autoclosure () -> [any CodingKey]) throws -> String {
        if case .string(let text) = value { return text }
        throw JSONTreeDecoder.mismatch(String.self, value, path())
    }

    @inline(__always)
    static func bool(_ value: JSONValue, _ path: @autoclosure () -> [any CodingKey]) throws -> Bool {
        if case .bool(let flag) = value { return flag }
        throw JSONTreeDecoder.mismatch(Bool.self, value, path())
    }

    static func double(_ value: JSONValue, _ path: @autoclosure () -> [any CodingKey]) throws -> Double {
        switch value {
        case .double(let number): return number
        case .integer(let number): return Double(number)
        default: throw JSONTreeDecoder.mismatch(Double.self, value, path())
        }
    }

    static func float(_ value: JSONValue, _ path: @autoclosure () -> [any CodingKey]) throws -> Float {
        let number = try double(value, path())
        let narrowed = Float(number)
        guard narrowed.isFinite else {
            throw DecodingError.dataCorrupted(.init(codingPath: path(), debugDescription: "Parsed JSON number <\(number)> does not fit in Float."))
        }
        return narrowed
    }

    static func integer<I: FixedWidthInteger>(_ value: JSONValue, _ type: I.Type, _ path: @autoclosure () -> [any CodingKey]) throws -> I {
        let converted: I?
        switch value {
        case .integer(let number): converted = I(exactly: number)
        case .double(let number): converted = I(exactly: number)
        default: throw JSONTreeDecoder.mismatch(I.self, value, path())
        }
        guard let converted else {
            throw DecodingError.dataCorrupted(.init(codingPath: path(), debugDescription: "Parsed JSON number <\(value.numberText)> does not fit in \(I.self)."))
        }
        return converted
    }
}

extension JSONValue {
    /// The JSON type's name, for error messages.
    var jsonTypeName: String {
        switch self {
        case .null: return "null"
        case .bool: return "a boolean"
        case .integer, .double: return "a number"
        case .string: return "a string"
        case .array: return "an array"
        case .object: return "an object"
        }
    }

    fileprivate var numberText: String {
        switch self {
        case .integer(let number): return String(number)
        case .double(let number): return String(number)
        default: return jsonTypeName
        }
    }
}
