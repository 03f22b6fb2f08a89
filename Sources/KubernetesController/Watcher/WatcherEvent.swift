/// What the watcher reports, in kube-rs's vocabulary.
///
/// Every (re)list is bracketed by `initStarted` ... `initDone`, with one `initApply` per listed object in
/// between, so a store can build the new state aside and swap it in at once: objects deleted while the
/// watch was down disappear at the swap, and readers never see a half-listed cache.
public enum WatcherEvent<Object: Sendable>: Sendable {
    /// A relist begins.
    case initStarted
    /// One object of the relist.
    case initApply(Object)
    /// The relist is complete: what was listed is now the whole truth.
    case initDone
    /// An object was added or modified after the initial list.
    case apply(Object)
    /// An object was deleted after the initial list (the last state it had).
    case delete(Object)
}
