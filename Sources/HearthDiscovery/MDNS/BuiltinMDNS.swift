import Foundation
import Logging
import Synchronization

/// Hearth's own mDNS responder and querier (RFC 6762, DNS-SD per RFC 6763) for hosts without an
/// avahi-daemon: it probes for its names and announces them, answers queries (with known-answer
/// suppression), says goodbye on stop, and browses for other Hearth services, asking again with
/// doubling intervals and when cached records age. Only on the given interfaces.
public actor BuiltinMDNS: ServiceDiscovery {
    private let socket: MulticastSocket
    private let logger: Logger
    private let clock = ContinuousClock()
    private let start = ContinuousClock.now
    private var own: HearthService?
    private var announced = false
    private var renames = 0
    private var cache = RecordCache()
    private var published: [HearthService] = []
    private var tasks: [Task<Void, Never>] = []
    private let stopped = StopFlag()
    private var lastDetailQuery: [DNSName: Double] = [:]
    /// Datagrams sent, for the benchmark's packets-per-minute figure.
    public private(set) var packetsSent = 0

    public nonisolated let services: AsyncStream<[HearthService]>
    private let servicesContinuation: AsyncStream<[HearthService]>.Continuation

    /// Opens port 5353 on `interfaces` (their IPv4 addresses).
    public init(interfaces: [IPv4Address], logger: Logger) throws(DiscoveryError) {
        socket = try MulticastSocket(interfaces: interfaces)
        self.logger = logger
        (services, servicesContinuation) = AsyncStream.makeStream(bufferingPolicy: .bufferingNewest(1))
    }

    public func start(announcing service: HearthService?) async {
        own = service
        let packets = AsyncStream<(bytes: [UInt8], from: IPv4Address, port: UInt16)> { continuation in
            let socket = self.socket
            let thread = Thread { [stopped] in
                while !stopped.isSet {
                    if let packet = socket.receive() { continuation.yield(packet) }
                }
                continuation.finish()
            }
            thread.name = "hearth-mdns"
            thread.start()
        }
        tasks.append(
            Task {
                for await packet in packets { self.handle(packet) }
            })
        if service != nil { tasks.append(Task { await self.claimNames() }) }
        tasks.append(Task { await self.browse() })
        tasks.append(Task { await self.maintain() })
    }

    public func stop() async {
        if announced, let own { send(own.announcement(ttl: 0)) }
        announced = false
        stopped.set()
        for task in tasks { task.cancel() }
        servicesContinuation.finish()
    }

    private var now: Double {
        let elapsed = clock.now - start
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    }

    private func send(_ message: DNSMessage) {
        let bytes = message.encoded()
        for interface in socket.interfaces {
            socket.send(bytes, via: interface)
            packetsSent += 1
        }
    }

    private func sleep(milliseconds: Int) async -> Bool {
        (try? await Task.sleep(for: .milliseconds(milliseconds))) != nil && !Task.isCancelled
    }

    // MARK: Claiming names (RFC 6762 §8)

    /// Probes three times, 250 ms apart, then announces twice, one second apart. A conflict
    /// heard meanwhile renames the service and starts again.
    private func claimNames() async {
        guard await sleep(milliseconds: Int.random(in: 0..<250)) else { return }
        while let service = own, !announced {
            let attempt = renames
            var conflicted = false
            for _ in 0..<3 {
                let (_, unique) = service.records()
                send(
                    DNSMessage(
                        questions: [
                            DNSQuestion(name: service.instanceName, type: .any, unicastResponse: true),
                            DNSQuestion(name: service.host, type: .any, unicastResponse: true),
                        ],
                        authorities: unique))
                guard await sleep(milliseconds: 250) else { return }
                if renames != attempt {
                    conflicted = true
                    break
                }
            }
            if !conflicted { announced = true }
        }
        guard let own else { return }
        logger.info("announcing on the LAN", metadata: ["instance": "\(own.instance)"])
        send(own.announcement())
        guard await sleep(milliseconds: 1000) else { return }
        send(own.announcement())
    }

    /// Another host claims one of our names with other data: take the next name.
    private func conflict(with record: DNSRecord) {
        guard var service = own else { return }
        renames += 1
        let base = service.instance.replacingOccurrences(of: #" \(\d+\)$"#, with: "", options: .regularExpression)
        service.instance = "\(base) (\(renames + 1))"
        let hostBase = service.host.labels.first.map { String(decoding: $0, as: UTF8.self) } ?? "hearth"
        let trimmed = hostBase.replacingOccurrences(of: #"-\d+$"#, with: "", options: .regularExpression)
        service.host = DNSName("\(trimmed)-\(renames + 1).local")
        logger.notice(
            "another host uses our mDNS name; renamed",
            metadata: ["record": "\(record.name)", "now": "\(service.instance)"])
        own = service
        if announced {
            announced = false
            tasks.append(Task { await self.claimNames() })
        }
    }

    // MARK: Incoming

    private func handle(_ packet: (bytes: [UInt8], from: IPv4Address, port: UInt16)) {
        // Multicast replies and queries come from port 5353; others are legacy one-shot queries
        // (RFC 6762 §6.7), which Hearth does not answer.
        guard packet.port == MulticastSocket.port else { return }
        let message: DNSMessage
        do {
            message = try DNSMessage.parse(packet.bytes)
        } catch {
            logger.debug("ignored a malformed mDNS packet", metadata: ["from": "\(packet.from)", "reason": "\(error)"])
            return
        }
        if message.isResponse {
            heard(message)
        } else {
            answer(message)
        }
    }

    /// A record about this node (our own announcements come back to us through the loop).
    private func isOwn(_ record: DNSRecord) -> Bool {
        if case .ptr(let target) = record.data, isOwnName(target) { return true }
        return isOwnName(record.name)
    }

    private func isOwnName(_ name: DNSName) -> Bool {
        guard let own else { return false }
        return name == own.instanceName || name == own.host
    }

    private func heard(_ response: DNSMessage) {
        if let own {
            let (_, unique) = own.records()
            for record in response.records where isOwnName(record.name) && record.ttl > 0 {
                if !unique.contains(where: { $0.sameData(as: record) }) {
                    conflict(with: record)
                    return
                }
            }
        }
        cache.add(response.records.filter { !isOwn($0) }, at: now)
        publish()
    }

    private func answer(_ query: DNSMessage) {
        guard let own else { return }
        let (pointer, unique) = own.records()
        // A probe for our names with other data: defend them at once (RFC 6762 §8.2, §9).
        if !query.authorities.isEmpty, query.authorities.contains(where: { isOwnName($0.name) }) {
            if announced { send(DNSMessage(isResponse: true, isAuthoritative: true, answers: unique)) }
            return
        }
        guard announced else { return }
        var answers: [DNSRecord] = []
        var shared = false
        for question in query.questions {
            if question.isAnswered(by: pointer) {
                // Known-answer suppression (RFC 6762 §7.1): the asker holds our PTR with at least
                // half its TTL left.
                let known = query.answers.contains { $0.sameData(as: pointer) && $0.ttl >= pointer.ttl / 2 }
                if !known {
                    answers.append(pointer)
                    shared = true
                }
            }
            answers += unique.filter { question.isAnswered(by: $0) && !answers.contains($0) }
        }
        guard !answers.isEmpty else { return }
        let additionals = answers.contains(pointer) ? unique.filter { !answers.contains($0) } : []
        let response = DNSMessage(isResponse: true, isAuthoritative: true, answers: answers, additionals: additionals)
        if shared {
            // Shared records wait 20–120 ms so that many responders do not answer at once (§6).
            tasks.append(
                Task {
                    guard await self.sleep(milliseconds: Int.random(in: 20...120)) else { return }
                    self.sendIfAnnounced(response)
                })
        } else {
            send(response)
        }
    }

    private func sendIfAnnounced(_ message: DNSMessage) {
        if announced { send(message) }
    }

    // MARK: Browsing

    /// Asks for Hearth services at once, then after 1, 2, 4 … seconds, at most hourly (§5.2);
    /// each query lists the answers already known so that responders can stay quiet.
    private func browse() async {
        var interval = 1000
        guard await sleep(milliseconds: Int.random(in: 20...120)) else { return }
        while !Task.isCancelled {
            query()
            guard await sleep(milliseconds: interval) else { return }
            interval = min(interval * 2, 3_600_000)
        }
    }

    private func query() {
        send(
            DNSMessage(
                questions: [DNSQuestion(name: HearthService.serviceType, type: .ptr)],
                answers: cache.knownAnswers(for: HearthService.serviceType, at: now)))
    }

    /// Four times a second: drops expired records, asks again for aging pointers (at 80 % of
    /// their TTL), and asks for the details of services heard of only by name.
    private func maintain() async {
        while await sleep(milliseconds: 250) {
            if cache.expire(at: now) { publish() }
            let time = now
            if cache.entries.contains(where: {
                $0.record.name == HearthService.serviceType && $0.isAging(at: time, share: 0.8)
                    && !$0.isAging(at: time, share: 0.95)
            }), lastDetailQuery[HearthService.serviceType].map({ time - $0 > 2 }) ?? true {
                lastDetailQuery[HearthService.serviceType] = time
                query()
            }
            for case let .ptr(instance) in cache.records.filter({ $0.name == HearthService.serviceType }).map(\.data)
            where !cache.records.contains(where: { $0.name == instance && $0.type == DNSType.srv.rawValue }) {
                guard lastDetailQuery[instance].map({ time - $0 > 1 }) ?? true else { continue }
                lastDetailQuery[instance] = time
                send(
                    DNSMessage(questions: [
                        DNSQuestion(name: instance, type: .srv), DNSQuestion(name: instance, type: .txt),
                    ]))
            }
        }
    }

    private func publish() {
        let found = HearthService.all(records: cache.records).filter { $0.ttl > 0 }.sorted { $0.instance < $1.instance }
        guard found != published else { return }
        published = found
        servicesContinuation.yield(found)
    }
}

/// Tells the reader thread to finish.
private final class StopFlag: Sendable {
    private let value = Atomic<Bool>(false)

    var isSet: Bool { value.load(ordering: .relaxed) }
    func set() { value.store(true, ordering: .relaxed) }
}
