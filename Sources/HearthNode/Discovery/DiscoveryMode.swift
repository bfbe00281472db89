/// How a node finds others on the LAN (`hearth up --mdns`, `HEARTH_MDNS`).
public enum DiscoveryMode: String, Sendable, CaseIterable {
    /// Hearth's own mDNS responder (the Avahi backend is not built yet, so this is what
    /// automatic picks too).
    case automatic = "auto"
    case builtin
    case off
}
