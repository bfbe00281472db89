/// A way of finding Hearth nodes on the LAN and being found: Hearth's own mDNS responder, or
/// the host's avahi-daemon.
public protocol ServiceDiscovery: Actor {
    /// Every Hearth service currently seen on the LAN (other than our own), whenever that changes.
    nonisolated var services: AsyncStream<[HearthService]> { get }

    /// Starts browsing and, when `service` is given, announcing it.
    func start(announcing service: HearthService?) async

    /// Says goodbye (announcements with TTL 0) and stops.
    func stop() async
}
