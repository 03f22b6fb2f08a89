/// The `Decoder` over one value of a `JSONTapeDocument`. Like `JSONTreeDecoder`, its coding path is
/// computed only when an error or a type asks for it, by walking the chain of parent decoders.
final class JSONTapeDecoder: Decoder, SingleValueDecodingContainer {
    let document: JSONTapeDocument
    let index: Int
    let parent: JSONTapeDecoder?
    let key: (any CodingKey)?
    let userInfo: [CodingUserInfoKey: Any]

    init(document: JSONTapeDocument, userInfo: [CodingUserInfoKey: Any]) {
        self.document = document
        self.index = 0
        self.parent = nil
        self.key = nil
        self.userInfo = userInfo
    }

    init(document: JSONTapeDocument, index: Int, parent: JSONTapeDecoder, key: any CodingKey) {
        self.document = document
        self.index = index
        self.parent = parent
        self.key = key
        self.userInfo = parent.userInfo
    }

    var codingPath: [any CodingKey] {
        var keys: [any CodingKey] = []
        var node: JSONTapeDecoder? = self
        while let current = node, let key = current.key {
            keys.append(key)
            node = current.parent
        }
        return keys.reversed()
    }

    /// Decodes the value at `index` (a member or element); `JSONValue` takes the subtree as a tree,
    /// without a child decoder.
    @inline(__always)
    func decodeChild<T: Decodable>(_ type: T.Type, at index: Int, key: some CodingKey) throws -> T {
        if T.self == JSONValue.self {
            // The types are equal, so the bit cast is an identity (a dynamic cast costs a runtime call).
            return unsafeBitCast(document.value(at: index), to: T.self)
        }
        return try T(from: JSONTapeDecoder(document: document, index: index, parent: self, key: key))
    }

    // MARK: Decoder

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        guard document.tape[index].kind == .object else {
            throw JSONTreeDecoder.mismatch([String: JSONValue].self, document.scalar(at: index), codingPath)
        }
        return KeyedDecodingContainer(JSONTapeKeyedContainer<Key>(decoder: self))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        guard document.tape[index].kind == .array else {
            throw JSONTreeDecoder.mismatch([JSONValue].self, document.scalar(at: index), codingPath)
        }
        return JSONTapeUnkeyedContainer(decoder: self)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer { self }

    // MARK: SingleValueDecodingContainer

    func decodeNil() -> Bool { document.tape[index].kind == .null }

    private var scalar: JSONValue { document.scalar(at: index) }

    func decode(_ type: Bool.Type) throws -> Bool { try JSONScalars.bool(scalar, codingPath) }
    func decode(_ type: String.Type) throws -> String { try JSONScalars.string(scalar, codingPath) }
    func decode(_ type: Double.Type) throws -> Double { try JSONScalars.double(scalar, codingPath) }
    func decode(_ type: Float.Type) throws -> Float { try JSONScalars.float(scalar, codingPath) }
    func decode(_ type: Int.Type) throws -> Int { try JSONScalars.integer(scalar, Int.self, codingPath) }
    func decode(_ type: Int8.Type) throws -> Int8 { try JSONScalars.integer(scalar, Int8.self, codingPath) }
    func decode(_ type: Int16.Type) throws -> Int16 { try JSONScalars.integer(scalar, Int16.self, codingPath) }
    func decode(_ type: Int32.Type) throws -> Int32 { try JSONScalars.integer(scalar, Int32.self, codingPath) }
    func decode(_ type: Int64.Type) throws -> Int64 { try JSONScalars.integer(scalar, Int64.self, codingPath) }
    func decode(_ type: UInt.Type) throws -> UInt { try JSONScalars.integer(scalar, UInt.self, codingPath) }
    func decode(_ type: UInt8.Type) throws -> UInt8 { try JSONScalars.integer(scalar, UInt8.self, codingPath) }
    func decode(_ type: UInt16.Type) throws -> UInt16 { try JSONScalars.integer(scalar, UInt16.self, codingPath) }
    func decode(_ type: UInt32.Type) throws -> UInt32 { try JSONScalars.integer(scalar, UInt32.self, codingPath) }
    func decode(_ type: UInt64.Type) throws -> UInt64 { try JSONScalars.integer(scalar, UInt64.self, codingPath) }

    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        if T.self == JSONValue.self {
            // The types are equal, so the bit cast is an identity (a dynamic cast costs a runtime call).
            return unsafeBitCast(document.value(at: index), to: T.self)
        }
        return try T(from: self)
    }
}
