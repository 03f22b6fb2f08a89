import Testing
import KubernetesCore

/// Canonical forms as apimachinery's `Quantity.String()` writes them; the API server returns these, so
/// Capstan must produce the same text to compare applied and observed specs without false diffs.
@Suite struct QuantityTests {
    @Test(arguments: [
        ("0", "0"), ("1", "1"), ("+1", "1"), ("1000", "1k"), ("1024", "1024"), ("0.1", "100m"),
        ("100m", "100m"), ("1000m", "1"), ("1500m", "1500m"), ("1.5", "1500m"), ("5000k", "5M"), ("5M", "5M"),
        ("1Ki", "1Ki"), ("1024Ki", "1Mi"), ("1025Ki", "1025Ki"), ("1.5Gi", "1536Mi"), ("0.5Gi", "512Mi"),
        ("0.5Ki", "512"), ("1.1Ki", "1126400m"), ("-1.5Gi", "-1536Mi"), ("1e3", "1e3"), ("1E3", "1e3"),
        ("1.5e3", "1500"), ("12e6", "12e6"), ("1e-3", "1e-3"), ("1n", "1n"), ("0.1n", "1n"), ("1u", "1u"),
        ("2Ti", "2Ti"), ("1Ei", "1Ei"), ("  250m ", "250m"), ("0.000001", "1u"), ("100Gi", "100Gi"),
    ])
    func canonicalForm(input: String, canonical: String) throws {
        let quantity = try Quantity(parsing: input)
        #expect(quantity.canonical == canonical, "\(input)")
        // The canonical text parses back to the same value and text.
        let again = try Quantity(parsing: quantity.canonical)
        #expect(again == quantity)
        #expect(again.canonical == canonical)
    }

    @Test(arguments: ["", "abc", "1.2.3", "1Ki1", "1e", "1x", ".", "e3", "1 Gi", "--1", "Gi"])
    func rejectsInvalidText(input: String) {
        #expect(throws: QuantityParseError.self) { try Quantity(parsing: input) }
    }

    @Test func parseErrorExplainsTheFix() {
        do {
            _ = try Quantity(parsing: "10GB")
            Issue.record("10GB parsed")
        } catch {
            #expect(error.description.contains("'10GB'"))
            #expect(error.description.contains("unknown suffix 'GB'"))
            #expect(error.description.contains("1.5Gi"))
        }
    }

    @Test func comparesNumerically() throws {
        #expect(try Quantity(parsing: "1Gi") == Quantity(parsing: "1024Mi"))
        #expect(try Quantity(parsing: "1") == Quantity(parsing: "1000m"))
        #expect(try Quantity(parsing: "500m") < Quantity(parsing: "1"))
        #expect(try Quantity(parsing: "1Ki") > Quantity(parsing: "1k"))
        #expect(try Quantity(parsing: "-1") < Quantity(parsing: "0"))
        #expect(try Quantity(parsing: "1E") > Quantity(parsing: "999P"))
        #expect(try Quantity(parsing: "10Gi") < Quantity(parsing: "1Ti"))
        #expect(try Set([Quantity(parsing: "1Gi"), Quantity(parsing: "1024Mi")]).count == 1)
    }

    @Test func integerAndMilliValuesRoundUp() throws {
        #expect(try Quantity(parsing: "1.5Gi").int64Value == 1_610_612_736)
        #expect(try Quantity(parsing: "250m").milliValue == 250)
        #expect(try Quantity(parsing: "1.0001").int64Value == 2)
        #expect(try Quantity(parsing: "1n").milliValue == 1)
        #expect(try Quantity(parsing: "2").milliValue == 2000)
    }

    @Test func additionKeepsPrecision() throws {
        let sum = try #require(try Quantity(parsing: "1Gi") + Quantity(parsing: "512Mi"))
        #expect(sum.canonical == "1536Mi")
        let cpu = try #require(try Quantity(parsing: "250m") + Quantity(parsing: "1"))
        #expect(cpu.canonical == "1250m")
    }

    @Test func codableUsesCanonicalStringAndAcceptsNumbers() throws {
        let decoded = try JSONTesting.decode([String: Quantity].self, #"{"a":"1.5Gi","b":2,"c":0.5}"#)
        #expect(decoded["a"]?.canonical == "1536Mi")
        #expect(decoded["b"]?.canonical == "2")
        #expect(decoded["c"]?.canonical == "500m")
        #expect(try JSONTesting.encode(["a": Quantity(parsing: "1.5Gi")]) == #"{"a":"1536Mi"}"#)
        #expect(throws: DecodingError.self) { try JSONTesting.decode([String: Quantity].self, #"{"a":"lots"}"#) }
    }
}
