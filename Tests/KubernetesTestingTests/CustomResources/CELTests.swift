import KubernetesCore
import Testing
@testable import KubernetesTesting

/// The CEL subset, feature by feature: each expression evaluated against a small `self`.
@Suite struct CELTests {
    static let selfValue: JSONValue = [
        "replicas": 3, "size": 10, "name": "prod-kafka", "ratio": 0.5,
        "minInsyncReplicas": 2, "replicationFactor": 3,
        "pools": [
            ["name": "controllers", "roles": ["controller"], "replicas": 3],
            ["name": "brokers", "roles": ["broker"], "replicas": 5],
        ],
        "labels": ["app": "kafka", "tier": "data"],
        "tags": ["a", "b", "c"],
    ]

    struct Case: CustomTestStringConvertible, Sendable {
        var expression: String
        var expected: CELValue
        var testDescription: String { expression }
    }

    static let cases: [Case] = [
        Case(expression: "self.replicas % 2 == 1", expected: .bool(true)),
        Case(expression: "self.replicas + 2 * 3 - 1", expected: .int(8)),
        Case(expression: "self.replicas / 2", expected: .int(1)),
        Case(expression: "-self.replicas", expected: .int(-3)),
        Case(expression: "self.ratio * 2.0", expected: .double(1.0)),
        Case(expression: "self.replicas == 3.0", expected: .bool(true)),
        Case(expression: "self.replicas < 5 && self.replicas >= 3 && self.replicas != 4", expected: .bool(true)),
        Case(expression: "self.replicas > 5 || self.size <= 10", expected: .bool(true)),
        Case(expression: "!(self.replicas > 5)", expected: .bool(true)),
        Case(expression: "self.replicas > 1 ? 'many' : 'one'", expected: .string("many")),
        Case(expression: "has(self.pools) && !has(self.missing)", expected: .bool(true)),
        Case(expression: "size(self.pools) == 2 && self.tags.size() == 3 && size('héllo') == 5", expected: .bool(true)),
        Case(expression: "'b' in self.tags && !('z' in self.tags) && 'app' in self.labels", expected: .bool(true)),
        Case(expression: "[1, 2, 3] + [4]", expected: .list([.int(1), .int(2), .int(3), .int(4)])),
        Case(expression: "{'a': 1}['a']", expected: .int(1)),
        Case(expression: "self.labels['tier']", expected: .string("data")),
        Case(expression: "self.pools[1].name", expected: .string("brokers")),
        Case(expression: "self.pools.exists(p, p.roles.exists(r, r == 'broker'))", expected: .bool(true)),
        Case(expression: "self.pools.all(p, p.replicas > 0)", expected: .bool(true)),
        Case(expression: "self.pools.exists_one(p, 'controller' in p.roles)", expected: .bool(true)),
        Case(expression: "self.pools.filter(p, p.replicas > 3).map(p, p.name)", expected: .list([.string("brokers")])),
        Case(expression: "self.pools.map(p, p.replicas > 3, p.replicas)", expected: .list([.int(5)])),
        Case(expression: "self.labels.all(k, k.size() > 2)", expected: .bool(true)),
        Case(expression: "self.name.startsWith('prod-') && self.name.endsWith('kafka') && self.name.contains('-')", expected: .bool(true)),
        Case(expression: "self.name.matches('^[a-z]+-[a-z]+$') && matches(self.name, 'kafka')", expected: .bool(true)),
        Case(expression: "int('42') + int(2.9)", expected: .int(44)),
        Case(expression: "string(self.replicas) + 'x'", expected: .string("3x")),
        Case(expression: "double(self.replicas) / 2.0", expected: .double(1.5)),
        Case(expression: "self.minInsyncReplicas <= self.replicationFactor", expected: .bool(true)),
        Case(expression: "self.name.split('-').join('.')", expected: .string("prod.kafka")),
        Case(expression: "self.name.lowerAscii().upperAscii()", expected: .string("PROD-KAFKA")),
        Case(expression: "[3, 1, 2].min() == 1 && [3, 1, 2].max() == 3 && [1, 2].sum() == 3 && [1, 2].isSorted()", expected: .bool(true)),
        Case(expression: "0x10 + 1", expected: .int(17)),
        Case(expression: "1u + 2u", expected: .uint(3)),
        Case(expression: "'''multi''' + r'\\n' + \"\\t\"", expected: .string("multi\\n\t")),
        Case(expression: "null == null", expected: .bool(true)),
        Case(expression: "quantity('1Gi').isGreaterThan(quantity('1000Mi')) && quantity('1k').compareTo(quantity('1000')) == 0", expected: .bool(true)),
        Case(expression: "quantity('1500m').asApproximateFloat() == 1.5 && quantity('2Ki').asInteger() == 2048", expected: .bool(true)),
        Case(expression: "quantity('1Gi').add(quantity('1Gi')) == quantity('2Gi') && quantity('1').sub(1).sign() == 0", expected: .bool(true)),
        Case(expression: "isQuantity('10Gi') && !isQuantity('lots')", expected: .bool(true)),
        // Errors are absorbed when the other side of && / || decides.
        Case(expression: "self.missing == 1 || true", expected: .bool(true)),
        Case(expression: "false && self.missing == 1", expected: .bool(false)),
        Case(expression: "self.pools.exists(p, p.missing == 1 || p.name == 'brokers')", expected: .bool(true)),
    ]

    @Test(arguments: cases)
    func evaluates(_ testCase: Case) throws {
        let program = try CELProgram(testCase.expression, variables: ["self", "oldSelf"])
        let result = try program.evaluate(["self": CELValue(json: Self.selfValue, schema: nil)])
        #expect(result == testCase.expected)
    }

    @Test(arguments: [
        ("self.missing", "no such key: missing"),
        ("self.replicas / 0", "division by zero"),
        ("self.replicas % 0", "modulus by zero"),
        ("9223372036854775807 + 1", "integer overflow"),
        ("self.replicas + 'a'", "no such overload: _+_(int, string)"),
        ("self.tags[5]", "index '5' out of range in list size '3'"),
        ("int('x')", "type conversion error from 'string' to 'int'"),
    ])
    func evaluationErrors(expression: String, message: String) throws {
        let program = try CELProgram(expression, variables: ["self"])
        #expect(throws: CELError(.evaluation, message)) {
            _ = try program.evaluate(["self": CELValue(json: Self.selfValue, schema: nil)])
        }
    }

    @Test(arguments: [
        ("self.replicas >", "ERROR: <input>:1:16: Syntax error: mismatched input '<EOF>' expecting expression"),
        ("self.replicas == 1)", "ERROR: <input>:1:19: Syntax error: extraneous input ')' expecting <EOF>"),
        ("other.replicas == 1", "ERROR: <input>: undeclared reference to 'other' (in container '')"),
        ("self.x.frobnicate()", "ERROR: <input>: undeclared reference to 'frobnicate' (in container '')"),
        ("'unterminated", "ERROR: <input>:1:1: Syntax error: token recognition error at: unterminated string"),
        ("has(self)", "ERROR: <input>:1:1: invalid argument to has() macro"),
    ])
    func compileErrors(expression: String, message: String) {
        do {
            _ = try CELProgram(expression, variables: ["self"])
            Issue.record("\(expression) compiled")
        } catch {
            #expect(error.description == message)
        }
    }

    @Test func hostileExpressionsAreRejectedNotCrashing() {
        let longChain = Array(repeating: "1", count: 2000).joined(separator: " + ")
        let manyNots = String(repeating: "!", count: 5000) + "true"
        let deepParens = String(repeating: "(", count: 5000) + "1" + String(repeating: ")", count: 5000)
        let huge = String(repeating: "a", count: 20_000)
        for source in [longChain, manyNots, deepParens, huge] {
            #expect(throws: CELError.self) { _ = try CELProgram(source, variables: ["self"]) }
        }
        #expect((try? CELProgram(Array(repeating: "1", count: 100).joined(separator: " + "), variables: [])) != nil)
    }

    @Test func numberFieldsAreDoublesLikeTheServer() throws {
        let node = try schemaNode(["type": "object", "properties": ["ratio": ["type": "number"], "count": ["type": "integer"]]])
        let value = CELValue(json: ["ratio": 1, "count": 2], schema: node)
        let program = try CELProgram("self.ratio / 2.0 == 0.5 && self.count / 2 == 1", variables: ["self"])
        #expect(try program.evaluate(["self": value]) == .bool(true))
    }
}
