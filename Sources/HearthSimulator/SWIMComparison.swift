import Foundation
import HearthMachines

/// A memberlist-like failure detector, for comparison with Hearth's presence: SWIM with
/// Lifeguard's suspicion as memberlist's LAN defaults run it (Serf, Consul). Every node probes one
/// member per second in a shuffled round-robin, waits 500 ms for the ack, then asks 3 others to
/// probe indirectly; a probe not acked by the end of its second makes the target suspect (the
/// indirect probes of a crashed node fail as the direct one did, so the model does not send them). A
/// suspicion lasts from 4 × log10(N) probe intervals (with 2 or more independent confirmations)
/// up to 6 times that (with none) and then declares the node dead. Suspect and dead messages are
/// gossiped to 3 random members every 200 ms, each sent 4 × log10(N + 1) times. No packet is
/// lost and every live node answers, so only the crashed node is ever suspected: the figure is
/// the best this design does.
public struct SWIMComparison {
    public struct Settings: Sendable {
        public var nodes = 50
        public var probeInterval = 1.0
        public var indirectChecks = 3
        public var suspicionMultiplier = 4.0
        public var suspicionMaxMultiplier = 6.0
        public var gossipInterval = 0.2
        public var gossipFanout = 3
        public var retransmitMultiplier = 4.0
        public var latency: ClosedRange<Double> = 0.001...0.010
        public var seed: UInt64 = 1

        public init() {}
    }

    enum Event {
        case probe(Int)
        case probeEnd(Int, probe: Int)
        case gossip(Int)
        case suspicionCheck(Int)
        /// `to` learns that the victim is suspect (raised by `origin`) or dead.
        case rumour(to: Int, dead: Bool, origin: Int)
    }

    struct Member {
        var order: [Int] = []
        var next = 0
        var probeID = 0
        var suspectSince: Double?
        var confirmations: Set<Int> = []
        var deadAt: Double?
        /// Rumours to gossip: (dead?, origin, sends left).
        var outbox: [(dead: Bool, origin: Int, left: Int)] = []
    }

    /// Seconds from the crash until each other node declared the crashed node dead, over
    /// `rounds` crashes of a random node at a random moment.
    public static func detectionTimes(_ settings: Settings, rounds: Int) -> [Double] {
        var random = SplitMix64(seed: settings.seed)
        var times: [Double] = []
        for _ in 0..<rounds {
            times += oneCrash(settings, random: &random)
        }
        return times
    }

    static func oneCrash(_ settings: Settings, random: inout SplitMix64) -> [Double] {
        let count = settings.nodes
        let victim = Int(random.next() % UInt64(count))
        var members = (0..<count).map { number in
            Member(order: (0..<count).filter { $0 != number }.shuffled(using: &random))
        }
        var queue = EventQueue<Event>()
        for number in 0..<count {
            queue.push(.probe(number), at: Double.random(in: 0..<settings.probeInterval, using: &random))
            queue.push(.gossip(number), at: Double.random(in: 0..<settings.gossipInterval, using: &random))
        }
        let crashAt = 5 + Double.random(in: 0..<settings.probeInterval, using: &random)
        let logN = max(1, log10(Double(count)))
        let minimum = settings.suspicionMultiplier * logN * settings.probeInterval
        let maximum = settings.suspicionMaxMultiplier * minimum
        let expected = settings.suspicionMultiplier - 2
        let sends = Int(settings.retransmitMultiplier * log10(Double(count + 1)).rounded(.up))
        func delay(_ random: inout SplitMix64) -> Double { Double.random(in: settings.latency, using: &random) }
        func timeout(_ member: Member) -> Double {
            let fraction = log(Double(member.confirmations.count) + 1) / log(expected + 1)
            return max(minimum, maximum - fraction * (maximum - minimum))
        }
        func alive(_ number: Int, at time: Double) -> Bool { number != victim || time < crashAt }

        while let (now, event) = queue.pop(), now < crashAt + 120 {
            if members.indices.allSatisfy({ $0 == victim || members[$0].deadAt != nil }) { break }
            switch event {
            case .probe(let number):
                guard alive(number, at: now) else { continue }
                members[number].probeID += 1
                // The probe ends as the next begins (events at one time come out in order).
                queue.push(.probeEnd(number, probe: members[number].probeID), at: now + settings.probeInterval)
                queue.push(.probe(number), at: now + settings.probeInterval)
            case .probeEnd(let number, let probe):
                guard alive(number, at: now), members[number].probeID == probe else { continue }
                var member = members[number]
                let target = member.order[member.next % member.order.count]
                member.next += 1
                // Every live node acks within the timeout; the victim answers only pings sent
                // before it crashed.
                let answered = alive(target, at: now - settings.probeInterval + settings.latency.upperBound)
                if !answered, member.deadAt == nil {
                    if member.suspectSince == nil {
                        member.suspectSince = now
                        member.outbox.append((false, number, sends))
                        queue.push(.suspicionCheck(number), at: now + timeout(member))
                    } else if member.confirmations.insert(number).inserted {
                        // Its own failed probe confirms the suspicion, and says so to the others.
                        member.outbox.append((false, number, sends))
                        queue.push(.suspicionCheck(number), at: now)
                    }
                }
                members[number] = member
            case .gossip(let number):
                guard alive(number, at: now) else { continue }
                queue.push(.gossip(number), at: now + settings.gossipInterval)
                guard !members[number].outbox.isEmpty else { continue }
                let peers = (0..<count).filter { $0 != number && !(members[number].deadAt != nil && $0 == victim) }
                    .shuffled(using: &random).prefix(settings.gossipFanout)
                for rumour in members[number].outbox {
                    for peer in peers {
                        queue.push(
                            .rumour(to: peer, dead: rumour.dead, origin: rumour.origin), at: now + delay(&random))
                    }
                }
                members[number].outbox = members[number].outbox.compactMap { rumour in
                    rumour.left > 1 ? (rumour.dead, rumour.origin, rumour.left - 1) : nil
                }
            case .rumour(let to, let dead, let origin):
                guard alive(to, at: now), members[to].deadAt == nil else { continue }
                if dead {
                    members[to].deadAt = now
                    members[to].outbox.append((true, origin, sends))
                } else if members[to].suspectSince == nil {
                    members[to].suspectSince = now
                    members[to].confirmations = [origin]
                    members[to].outbox.append((false, origin, sends))
                    queue.push(.suspicionCheck(to), at: now + timeout(members[to]))
                } else if members[to].confirmations.insert(origin).inserted {
                    queue.push(.suspicionCheck(to), at: now)  // a confirmation shortens the wait
                }
            case .suspicionCheck(let number):
                guard alive(number, at: now), members[number].deadAt == nil,
                    let since = members[number].suspectSince, now >= since + timeout(members[number]) - 1e-9
                else {
                    if let since = members[number].suspectSince, members[number].deadAt == nil {
                        queue.push(.suspicionCheck(number), at: max(now, since + timeout(members[number])))
                    }
                    continue
                }
                members[number].deadAt = now
                members[number].outbox.append((true, number, sends))
            }
        }
        return members.indices.filter { $0 != victim }.map { (members[$0].deadAt ?? .infinity) - crashAt }
    }
}
