import KubernetesController
import KubernetesCore
import Testing

@Suite struct WatcherStateMachineTests {
    typealias Machine = WatcherStateMachine<Widget>

    func names(_ events: [WatcherEvent<Widget>]) -> [String] {
        events.map { event in
            switch event {
            case .initStarted: return "Init"
            case .initApply(let widget): return "InitApply(\(widget.metadata.name ?? ""))"
            case .initDone: return "InitDone"
            case .apply(let widget): return "Apply(\(widget.metadata.name ?? ""))"
            case .delete(let widget): return "Delete(\(widget.metadata.name ?? ""))"
            }
        }
    }

    @Test func pagedListThenWatchFromTheListVersion() {
        var machine = Machine(configuration: .init(pageSize: 2))
        guard case .listPage(let first) = machine.nextAction else { Issue.record("expected a list"); return }
        #expect(first.limit == 2 && first.continue == nil)
        #expect(machine.startsRelist)

        let page1 = machine.pageReceived(items: [Widget("a"), Widget("b")], metadata: ListMeta(resourceVersion: "10", continue: "t1"))
        #expect(names(page1) == ["Init", "InitApply(a)", "InitApply(b)"])
        #expect(machine.nextAction == .listPage(ListOptions(limit: 2, continue: "t1")))

        let page2 = machine.pageReceived(items: [Widget("c")], metadata: ListMeta(resourceVersion: "10"))
        #expect(names(page2) == ["InitApply(c)", "InitDone"])
        guard case .watch(let watch) = machine.nextAction else { Issue.record("expected a watch"); return }
        #expect(watch.resourceVersion == "10")
        #expect(watch.allowWatchBookmarks)
    }

    @Test func watchEventsBecomeApplyAndDeleteAndAdvanceTheVersion() {
        var machine = Machine()
        _ = machine.pageReceived(items: [], metadata: ListMeta(resourceVersion: "5"))
        #expect(machine.watchOpened().isEmpty)
        #expect(names(machine.watchEventReceived(.added(Widget("a", rv: "6")))) == ["Apply(a)"])
        #expect(names(machine.watchEventReceived(.deleted(Widget("a", rv: "7")))) == ["Delete(a)"])
        #expect(machine.watchEventReceived(.bookmark(resourceVersion: "9", isInitialEventsEnd: false)).isEmpty)
        #expect(machine.state == .watching(resourceVersion: "9"))
        // A normal end of the stream re-watches from the last version seen (the bookmark's).
        machine.watchEnded()
        guard case .watch(let options) = machine.nextAction else { Issue.record("expected a watch"); return }
        #expect(options.resourceVersion == "9")
    }

    @Test func goneRelistsFromScratchOtherErrorsRetryTheSameStep() {
        var machine = Machine()
        _ = machine.pageReceived(items: [Widget("a")], metadata: ListMeta(resourceVersion: "5"))
        _ = machine.watchOpened()
        machine.failed(.other)
        #expect(machine.state == .watching(resourceVersion: "5"))
        machine.failed(.gone)
        #expect(machine.state == .empty)
        #expect(machine.startsRelist)
        guard case .listPage(let options) = machine.nextAction else { Issue.record("expected a relist"); return }
        #expect(options.continue == nil)
    }

    @Test func goneMidListingRestartsTheListing() {
        var machine = Machine(configuration: .init(pageSize: 1))
        _ = machine.pageReceived(items: [Widget("a")], metadata: ListMeta(resourceVersion: "5", continue: "t1"))
        machine.failed(.gone)
        let restart = machine.pageReceived(items: [Widget("a")], metadata: ListMeta(resourceVersion: "8"))
        #expect(names(restart) == ["Init", "InitApply(a)", "InitDone"])
    }

    @Test func streamingListBracketsInitialEventsUntilTheEndBookmark() {
        var machine = Machine(configuration: .init(streamingList: true))
        guard case .watch(let options) = machine.nextAction else { Issue.record("expected a streaming watch"); return }
        #expect(options.sendInitialEvents == true)
        #expect(options.resourceVersionMatch == "NotOlderThan")
        #expect(names(machine.watchOpened()) == ["Init"])
        #expect(names(machine.watchEventReceived(.added(Widget("a", rv: "3")))) == ["InitApply(a)"])
        #expect(names(machine.watchEventReceived(.bookmark(resourceVersion: "4", isInitialEventsEnd: true))) == ["InitDone"])
        #expect(names(machine.watchEventReceived(.modified(Widget("a", rv: "5")))) == ["Apply(a)"])
        #expect(machine.state == .watching(resourceVersion: "5"))
    }
}
