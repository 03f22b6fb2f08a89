extension PlanningState {
    func statistics() -> BalanceStatistics {
        var counts: [Int64] = []
        var leaders: [Int64] = []
        var byteList: [Int64] = []
        var forbidden = 0
        for b in 0..<brokerCount {
            if canHold[b] {
                counts.append(Int64(replicaCount[b]))
                leaders.append(Int64(leaderCount[b]))
                byteList.append(bytes[b])
            } else {
                forbidden += Int(replicaCount[b])
            }
        }
        var excess: Int?
        if !topicBroker.isEmpty {
            var sum = 0
            let holders = max(1, holdingBrokerCount)
            for t in 0..<topicCount {
                let share = (Int(topicReplicaTotal[t]) + holders - 1) / holders
                let row = t * brokerCount
                for b in 0..<brokerCount where Int(topicBroker[row + b]) > share { sum += Int(topicBroker[row + b]) - share }
            }
            excess = sum
        }
        return BalanceStatistics(replicasPerBroker: Spread(counts), leadersPerBroker: Spread(leaders),
                                 bytesPerBroker: Spread(byteList), rackViolations: rackViolations(),
                                 topicSpreadExcess: excess, replicasOnForbiddenBrokers: forbidden)
    }
}
