import KubernetesCore
import KubernetesModels
import Testing
@testable import KubernetesTesting

@Suite struct CustomResourceDefinitionLifecycleTests {
    @Test func createdCRDMatchesRecordedSpecAndStatus() throws {
        let exchange = try CustomResourceFixtures.exchange(0)
        var crd = try CustomResourceFixtures.crd()
        CustomResourceDefinitionLifecycle.applyDefaults(to: &crd)
        #expect(try CustomResourceFixtures.json(crd.spec) == exchange[path: ["response", "body", "spec"]])
        let status = try CustomResourceFixtures.json(CustomResourceDefinitionLifecycle.initialStatus(for: crd))
        // The server writes `conditions: null`; the typed status omits it.
        var recorded = exchange[path: ["response", "body", "status"]] ?? .null
        recorded["conditions"] = nil
        #expect(status == recorded)
    }

    @Test func namingControllerAcceptsLikeTheRecording() throws {
        var crd = try CustomResourceFixtures.crd()
        CustomResourceDefinitionLifecycle.applyDefaults(to: &crd)
        crd.status = CustomResourceDefinitionLifecycle.initialStatus(for: crd)
        let now = try #require(Time(rfc3339: "2026-11-24T21:08:04Z"))
        let status = CustomResourceDefinitionLifecycle.acceptNames(crd, others: [], now: now)
        #expect(status.acceptedNames == crd.spec?.names)
        #expect(status.conditions?.map(\.type) == ["NamesAccepted", "Established"])
        #expect(status.conditions?.map(\.reason) == ["NoConflicts", "InitialNamesAccepted"])
        #expect(status.conditions?.map(\.message) == ["no conflicts found", "the initial names have been accepted"])
        #expect(status.conditions?.allSatisfy { $0.status == "True" && $0.lastTransitionTime == now } == true)
    }

    @Test func conflictingNamesAreNotAccepted() throws {
        var first = try widgetCRD(spec: ["type": "object"])
        CustomResourceDefinitionLifecycle.applyDefaults(to: &first)
        first.status = CustomResourceDefinitionLifecycle.acceptNames(first, others: [], now: Time(secondsSinceEpoch: 0))
        var second = try widgetCRD(spec: ["type": "object"])
        second.metadata.name = "gadgets.test.dev"
        second.spec?.names.plural = "gadgets"
        second.spec?.names.singular = "gadget"
        second.spec?.names.listKind = "GadgetList"
        let status = CustomResourceDefinitionLifecycle.acceptNames(second, others: [first], now: Time(secondsSinceEpoch: 5))
        #expect(status.conditions?.map(\.reason) == ["KindConflict", "NotAccepted"])
        #expect(status.conditions?.first?.message == #""Widget" is already in use"#)
        #expect(status.acceptedNames?.kind == "")
    }
}
