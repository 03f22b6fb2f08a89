import Testing
import KubernetesCore

@Suite struct IntOrStringTests {
    @Test func roundTripsBothForms() throws {
        let decoded = try JSONTesting.decode([String: IntOrString].self, #"{"a":8080,"b":"http","c":"25%"}"#)
        #expect(decoded["a"] == .int(8080))
        #expect(decoded["b"] == .string("http"))
        #expect(try JSONTesting.encode(decoded) == #"{"a":8080,"b":"http","c":"25%"}"#)
    }

    @Test func scalesPercentages() {
        #expect(IntOrString.string("25%").scaledValue(total: 10, roundUp: true) == 3)
        #expect(IntOrString.string("25%").scaledValue(total: 10, roundUp: false) == 2)
        #expect(IntOrString.int(1).scaledValue(total: 10, roundUp: false) == 1)
        #expect(IntOrString.string("x").scaledValue(total: 10, roundUp: false) == nil)
    }
}

@Suite struct TimeTests {
    @Test func parsesAndFormatsRFC3339() throws {
        let time = try #require(Time(rfc3339: "2024-05-01T12:30:00Z"))
        #expect(time.secondsSinceEpoch == 1_714_566_600)
        #expect(time.rfc3339 == "2024-05-01T12:30:00Z")
        // Offsets are normalised to UTC; fractions are dropped at second precision.
        #expect(Time(rfc3339: "2024-05-01T14:30:00.9+02:00")?.rfc3339 == "2024-05-01T12:30:00Z")
        #expect(Time(rfc3339: "1969-12-31T23:59:59Z")?.secondsSinceEpoch == -1)
        #expect(Time(rfc3339: "1969-12-31T23:59:59Z")?.rfc3339 == "1969-12-31T23:59:59Z")
        #expect(Time(rfc3339: "2024-02-29T00:00:00Z")?.rfc3339 == "2024-02-29T00:00:00Z")
    }

    @Test func microTimeKeepsMicroseconds() throws {
        let time = try #require(MicroTime(rfc3339: "2024-05-01T12:30:00.123456Z"))
        #expect(time.microsecondsSinceEpoch == 1_714_566_600_123_456)
        #expect(time.rfc3339 == "2024-05-01T12:30:00.123456Z")
        #expect(MicroTime(rfc3339: "2024-05-01T12:30:00Z")?.rfc3339 == "2024-05-01T12:30:00.000000Z")
    }

    @Test(arguments: ["", "2024-05-01", "2024-13-01T00:00:00Z", "2024-05-01T12:30:00", "2024-05-01T25:00:00Z",
        "2024-05-01T12:30:00Zjunk", "2024-05-01T12:30:00.Z"])
    func rejectsMalformedTimestamps(text: String) {
        #expect(Time(rfc3339: text) == nil)
    }

    @Test func decodingErrorNamesTheValue() {
        #expect(throws: DecodingError.self) { try JSONTesting.decode([String: Time].self, #"{"t":"yesterday"}"#) }
    }
}

@Suite struct JSONValueTests {
    @Test func keepsIntegersExact() throws {
        let value = try JSONTesting.decode(JSONValue.self, #"{"big":9007199254740993,"f":1.5,"n":null,"s":"x","b":true,"a":[1,"2"]}"#)
        #expect(value["big"] == .integer(9_007_199_254_740_993))
        #expect(value["f"] == .double(1.5))
        #expect(value["n"] == .null)
        #expect(value["a"] == .array([.integer(1), .string("2")]))
        #expect(try JSONTesting.encode(value) == #"{"a":[1,"2"],"b":true,"big":9007199254740993,"f":1.5,"n":null,"s":"x"}"#)
    }

    @Test func pathLookup() {
        let value: JSONValue = ["metadata": ["name": "a"]]
        #expect(value[path: ["metadata", "name"]]?.stringValue == "a")
        #expect(value[path: ["metadata", "uid"]] == nil)
    }
}

@Suite struct ConditionTests {
    @Test func settingTheSameStatusKeepsTransitionTime() {
        var conditions: [Condition] = []
        let early = Time(secondsSinceEpoch: 100)
        let late = Time(secondsSinceEpoch: 200)
        conditions.set(Condition(type: "Ready", status: .false, lastTransitionTime: early, reason: "Starting", message: "a"))
        conditions.set(Condition(type: "Ready", status: .false, lastTransitionTime: late, reason: "Waiting", message: "b"))
        #expect(conditions.count == 1)
        #expect(conditions[type: "Ready"]?.lastTransitionTime == early)
        #expect(conditions[type: "Ready"]?.reason == "Waiting")
        conditions.set(Condition(type: "Ready", status: .true, lastTransitionTime: late, reason: "Ready", message: "c"))
        #expect(conditions[type: "Ready"]?.lastTransitionTime == late)
        #expect(conditions.isTrue("Ready"))
    }
}

@Suite struct JSONValueScalarTests {
    /// Each scalar keeps its JSON type (the YAML path is covered by CustomResourceExampleTests, where a
    /// YAML decoder also reads plain scalars as strings).
    @Test func scalarsKeepTheirTypes() throws {
        let value = try JSONTesting.decode(JSONValue.self, #"{"n":9,"b":true,"s":"9x","d":2.5}"#)
        #expect(value["n"] == .integer(9))
        #expect(value["b"] == .bool(true))
        #expect(value["s"] == .string("9x"))
        #expect(value["d"] == .double(2.5))
    }
}
