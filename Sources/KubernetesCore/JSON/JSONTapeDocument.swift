/// A scanned JSON document: its bytes and its tape, shared by every decoder of one `decode` call.
///
/// It owns the bytes (an `Array` is reference-counted, so this is not a copy) so that a decoder kept by a
/// type after `decode` returned still reads valid memory.
final class JSONTapeDocument {
    let bytes: [UInt8]
    let tape: [JSONTapeEntry]
    /// The `null` entry after the document, for values that are absent.
    var absentIndex: Int { tape.count - 1 }

    init(bytes: [UInt8], maximumDepth: Int) throws(JSONParseError) {
        var tape: [JSONTapeEntry] = []
        // About one entry per 12 bytes on Kubernetes objects; reserving avoids most regrowth copies.
        tape.reserveCapacity(bytes.count / 12 + 2)
        try bytes.withUnsafeBufferPointer { (buffer) throws(JSONParseError) in
            var reader = JSONReader(bytes: buffer, maximumDepth: maximumDepth)
            try reader.scanDocument(into: &tape)
        }
        self.bytes = bytes
        self.tape = tape
    }

    /// The index of the entry after the value at `index` and all of its descendants.
    @inline(__always)
    func indexAfter(_ index: Int) -> Int {
        let entry = tape[index]
        return entry.isContainer ? Int(entry.end) : index + 1
    }

    /// The string at `index`, which must be a string entry.
    func string(at index: Int) -> String {
        let entry = tape[index]
        return bytes.withUnsafeBufferPointer { Self.string(entry, bytes: $0) }
    }

    /// The value at `index` as a `JSONValue`, with arrays and objects left empty: enough for the scalar
    /// conversions and for naming the JSON type in an error.
    func scalar(at index: Int) -> JSONValue {
        let entry = tape[index]
        switch entry.kind {
        case .null: return .null
        case .bool: return .bool(entry.payload != 0)
        case .integer: return .integer(Int64(bitPattern: entry.payload))
        case .double: return .double(Double(bitPattern: entry.payload))
        case .string: return .string(string(at: index))
        case .array: return .array([])
        case .object: return .object([:])
        }
    }

    /// The whole value at `index` as a `JSONValue` tree (for fields typed `JSONValue`, and for
    /// `JSONParser`).
    func value(at index: Int) -> JSONValue {
        tape.withUnsafeBufferPointer { tape in
            bytes.withUnsafeBufferPointer { bytes in
                Self.value(at: index, tape: tape, bytes: bytes)
            }
        }
    }

    /// The tree builder over raw buffers: it runs once per node of every `JSONValue` subtree, so it
    /// avoids re-entering `withUnsafeBufferPointer` and bounds-checked array access per node.
    private static func value(at index: Int, tape: UnsafeBufferPointer<JSONTapeEntry>, bytes: UnsafeBufferPointer<UInt8>) -> JSONValue {
        let entry = tape[index]
        switch entry.kind {
        case .null: return .null
        case .bool: return .bool(entry.payload != 0)
        case .integer: return .integer(Int64(bitPattern: entry.payload))
        case .double: return .double(Double(bitPattern: entry.payload))
        case .string: return .string(string(entry, bytes: bytes))
        case .array:
            var elements: [JSONValue] = []
            elements.reserveCapacity(Int(entry.count))
            var element = index + 1
            while element < Int(entry.end) {
                elements.append(value(at: element, tape: tape, bytes: bytes))
                element = tape[element].isContainer ? Int(tape[element].end) : element + 1
            }
            return .array(elements)
        case .object:
            var members = [String: JSONValue](minimumCapacity: Int(entry.count))
            var key = index + 1
            while key < Int(entry.end) {
                // A repeated key: the last one wins, as in Go's encoding/json.
                members[string(tape[key], bytes: bytes)] = value(at: key + 1, tape: tape, bytes: bytes)
                key = tape[key + 1].isContainer ? Int(tape[key + 1].end) : key + 2
            }
            return .object(members)
        }
    }

    /// The text of a string entry.
    private static func string(_ entry: JSONTapeEntry, bytes: UnsafeBufferPointer<UInt8>) -> String {
        if !entry.hasEscapes {
            // Checked as valid UTF-8 when the tape was built.
            return String(decoding: UnsafeBufferPointer(rebasing: bytes[Int(entry.start)..<Int(entry.end)]), as: UTF8.self)
        }
        var reader = JSONReader(bytes: bytes, maximumDepth: 0)
        reader.index = Int(entry.start) - 1
        // The string was read once without error when the tape was built, so this cannot fail.
        return (try? reader.readString()) ?? ""
    }

    /// The keys of the object at `objectIndex`, in document order, with the index of each one's value.
    func members(ofObjectAt objectIndex: Int) -> [(key: String, valueIndex: Int)] {
        var result: [(key: String, valueIndex: Int)] = []
        result.reserveCapacity(Int(tape[objectIndex].count))
        var key = objectIndex + 1
        let end = Int(tape[objectIndex].end)
        while key < end {
            result.append((string(at: key), key + 1))
            key = indexAfter(key + 1)
        }
        return result
    }

    /// The index of the value of member `name` of the object at `objectIndex`, comparing the key bytes
    /// with `name`'s UTF-8 without making `String`s. When a key repeats, the last one wins.
    func member(named name: String, inObjectAt objectIndex: Int) -> Int? {
        var name = name
        return name.withUTF8 { wanted in
            tape.withUnsafeBufferPointer { tape in
                bytes.withUnsafeBufferPointer { bytes in
                    var found: Int?
                    var key = objectIndex + 1
                    let end = Int(tape[objectIndex].end)
                    while key < end {
                        let entry = tape[key]
                        let length = Int(entry.end &- entry.start)
                        if entry.hasEscapes {
                            if string(at: key).utf8.elementsEqual(wanted) { found = key + 1 }
                        } else if length == wanted.count {
                            var offset = 0
                            let start = Int(entry.start)
                            while offset < length && bytes[start + offset] == wanted[offset] { offset += 1 }
                            if offset == length { found = key + 1 }
                        }
                        let value = tape[key + 1]
                        key = value.isContainer ? Int(value.end) : key + 2
                    }
                    return found
                }
            }
        }
    }
}
