import Testing
import KubernetesCore

@Suite struct LabelQueryTests {
    let labels = ["app": "kafka", "tier": "broker", "pool": "a", "size": "5"]

    @Test(arguments: [
        ("", true), ("app=kafka", true), ("app==kafka", true), ("app!=kafka", false), ("missing!=x", true),
        ("tier in (broker,controller)", true), ("tier notin (broker)", false), ("missing notin (x)", true),
        ("app", true), ("!app", false), ("!missing", true), ("size>4", true), ("size<5", false),
        ("app=kafka,tier=controller", false), ("app=kafka, tier in (broker), !missing", true), ("app=", false),
    ])
    func matchesLikeApimachinery(selector: String, expected: Bool) throws {
        let query = try LabelQuery(parsing: selector)
        #expect(query.matches(labels) == expected, "\(selector)")
        // The printed form parses back to the same query.
        #expect(try LabelQuery(parsing: query.description) == query)
    }

    @Test(arguments: ["app=kafka,", "a in b", "a in (b", "a ~ b", "=b", "a=b c", "-bad=x", "a in (b c)", "size>x"])
    func rejectsMalformedSelectors(selector: String) {
        #expect(throws: SelectorError.self) { try LabelQuery(parsing: selector) }
    }

    @Test func apiLabelSelectorConverts() throws {
        let selector = LabelSelector(
            matchLabels: ["app": "kafka"],
            matchExpressions: [LabelSelectorRequirement(key: "tier", operator: "In", values: ["broker"])])
        #expect(selector.matches(labels))
        #expect(!selector.matches(["app": "kafka"]))
        #expect(try selector.query().description == "app=kafka,tier in (broker)")
        #expect(LabelSelector().matches([:]))
    }

    @Test func invalidApiSelectorNamesTheExpression() {
        let selector = LabelSelector(matchExpressions: [LabelSelectorRequirement(key: "tier", operator: "In")])
        #expect(throws: SelectorError(selector: "matchExpressions[0]", reason: "operator In needs at least one value")) {
            try selector.query()
        }
        #expect(!selector.matches(["tier": "x"]))
    }
}

@Suite struct FieldQueryTests {
    @Test func parsesAndMatches() throws {
        let query = try FieldQuery(parsing: "metadata.name=a,status.phase!=Running")
        let fields = ["metadata.name": "a", "status.phase": "Pending"]
        #expect(query.matches { fields[$0] })
        #expect(!query.matches { ["metadata.name": "a", "status.phase": "Running"][$0] })
        #expect(query.description == "metadata.name=a,status.phase!=Running")
    }

    @Test func escapedValues() throws {
        let query = try FieldQuery(parsing: #"a=x\,y"#)
        #expect(query.requirements.first?.value == "x,y")
        #expect(try FieldQuery(parsing: query.description) == query)
    }

    @Test func rejectsTermsWithoutOperator() {
        #expect(throws: SelectorError.self) { try FieldQuery(parsing: "metadata.name") }
    }
}
