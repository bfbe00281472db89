import Foundation
import Logging
import Synchronization

/// Hearth's own mDNS responder and querier (RFC 6762, DNS-SD per RFC 6763) for hosts without an
/// avahi-daemon, on the given interfaces. It drives an `MDNSResponderMachine` with a multicast
/// socket, a real clock and real randomness: the machine decides what to send and when.
public actor BuiltinMDNS: ServiceDiscovery {
    private let socket: MulticastSocket
    private let logger: Logger
    private let start = ContinuousClock.now
    private var machine = MDNSResponderMachine()
    private var random = SystemRandomNumberGenerator()
    private var reader: Task<Void, Never>?
    private var timer: Task<Void, Never>?
    private var plannedWake: Double?
    private let stopped = StopFlag()
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
        machine.start(announcing: service, now: now, random: &random)
        reader = Task {
            for await packet in packets { self.handle(packet) }
        }
        scheduleTimer()
    }

    /// Sleeps until the machine's next deadline, ticks, and repeats.
    private func scheduleTimer() {
        timer?.cancel()
        plannedWake = machine.nextWakeup
        timer = Task {
            while !Task.isCancelled {
                let delay = min(max((self.plannedWake ?? self.now + 1) - self.now, 0.005), 1)
                guard (try? await Task.sleep(for: .milliseconds(Int(delay * 1000)))) != nil else { return }
                self.runTimers()
            }
        }
    }

    public func stop() async {
        perform(machine.stop())
        stopped.set()
        reader?.cancel()
        timer?.cancel()
        servicesContinuation.finish()
    }

    private var now: Double {
        let elapsed = ContinuousClock.now - start
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    }

    private func runTimers() {
        perform(machine.tick(now: now, random: &random))
        plannedWake = machine.nextWakeup
    }

    private func perform(_ actions: [MDNSResponderMachine.Action]) {
        for action in actions {
            switch action {
            case .send(let message):
                let bytes = message.encoded()
                for interface in socket.interfaces {
                    socket.send(bytes, via: interface)
                    packetsSent += 1
                }
            case .publish(let found):
                servicesContinuation.yield(found)
            case .log(let level, let message, let metadata):
                let level: Logger.Level =
                    switch level {
                    case .debug: .debug
                    case .info: .info
                    case .notice: .notice
                    }
                logger.log(level: level, "\(message)", metadata: metadata.mapValues { .string($0) })
            }
        }
    }

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
        perform(machine.received(message, now: now, random: &random))
        // A delayed answer may now be due before the timer wakes.
        if let next = machine.nextWakeup, next < (plannedWake ?? .infinity) { scheduleTimer() }
    }
}

/// Tells the reader thread to finish.
private final class StopFlag: Sendable {
    private let value = Atomic<Bool>(false)

    var isSet: Bool { value.load(ordering: .relaxed) }
    func set() { value.store(true, ordering: .relaxed) }
}
