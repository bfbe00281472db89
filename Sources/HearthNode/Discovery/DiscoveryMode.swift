/// How a node finds others on the LAN (`hearth up --mdns`, `HEARTH_MDNS`).
public enum DiscoveryMode: String, Sendable, CaseIterable {
    /// The host's avahi-daemon when one answers, else Hearth's own responder.
    case automatic = "auto"
    /// The host's avahi-daemon, waiting for it if it is not running (yet).
    case avahi
    /// Hearth's own mDNS responder.
    case builtin
    case off
}
