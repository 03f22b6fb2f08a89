extension ClusterModel {
    /// Declares the KRaft voter set the storage was formatted with (`--initial-controllers`): voters not yet
    /// known join as not running, so the quorum needs a real majority of them before it elects a leader,
    /// as a statically formatted KRaft quorum does. Known voters are left as they are.
    public mutating func declareVoters(_ ids: [Int32]) {
        for id in ids where !quorum.voters.contains(where: { $0.id == id }) {
            var voter = ControllerVoter(id: id)
            voter.running = false
            quorum.voters.append(voter)
        }
        quorum.maintainLeadership()
    }
}
