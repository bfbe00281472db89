import CAvahi
import Logging

/// Discovery through the host's avahi-daemon (libavahi-client over D-Bus): publishes the node's
/// service, browses and resolves the others, on one interface when the node listens on one
/// address (else on every interface the daemon serves). Avahi probes, announces, answers and says goodbye
/// for us; it renames on a name conflict (`avahi_alternative_service_name`) and, created with
/// `waitForDaemon`, rides out a daemon restart, publishing again once the daemon is back.
public actor AvahiDiscovery: ServiceDiscovery {
    public nonisolated let services: AsyncStream<[HearthService]>
    private let bridge: AvahiBridge

    /// Connects to the daemon. Without `waitForDaemon`, throws when none answers (so a caller
    /// can fall back to the built-in responder); with it, waits for one to appear.
    public init(interfaceIndex: Int32?, waitForDaemon: Bool, logger: Logger) throws(DiscoveryError) {
        let (stream, continuation) = AsyncStream.makeStream(
            of: [HearthService].self, bufferingPolicy: .bufferingNewest(1))
        services = stream
        bridge = try AvahiBridge(
            interfaceIndex: interfaceIndex ?? AvahiIfIndex(AVAHI_IF_UNSPEC), waitForDaemon: waitForDaemon,
            continuation: continuation,
            logger: logger)
    }

    public func start(announcing service: HearthService?) async { bridge.start(announcing: service) }

    public func stop() async { bridge.stop() }
}

/// The part that lives on Avahi's poll thread. Avahi calls the C callbacks below with the poll
/// lock held; calls from Swift take the same lock, so the state here is only ever touched by one
/// thread at a time.
final class AvahiBridge: @unchecked Sendable {
    private let poll: OpaquePointer
    private var client: OpaquePointer?
    private var group: OpaquePointer?
    private var browser: OpaquePointer?
    private let interfaceIndex: AvahiIfIndex
    private let waitForDaemon: Bool
    private var service: HearthService?
    private var name = ""
    private var found: [String: HearthService] = [:]
    private var stopped = false
    private let continuation: AsyncStream<[HearthService]>.Continuation
    private let logger: Logger

    init(
        interfaceIndex: AvahiIfIndex, waitForDaemon: Bool, continuation: AsyncStream<[HearthService]>.Continuation,
        logger: Logger
    ) throws(DiscoveryError) {
        guard let poll = avahi_threaded_poll_new() else { throw .avahi("cannot create a poll loop") }
        self.poll = poll
        self.interfaceIndex = interfaceIndex
        self.waitForDaemon = waitForDaemon
        self.continuation = continuation
        self.logger = logger
        var error: Int32 = 0
        client = avahi_client_new(
            avahi_threaded_poll_get(poll), waitForDaemon ? AVAHI_CLIENT_NO_FAIL : AvahiClientFlags(0),
            AvahiCallbacks.client, Unmanaged.passUnretained(self).toOpaque(), &error)
        guard client != nil else {
            avahi_threaded_poll_free(poll)
            throw .avahi(String(cString: avahi_strerror(error)))
        }
    }

    deinit {
        if let client { avahi_client_free(client) }
        avahi_threaded_poll_free(poll)
    }

    private var userdata: UnsafeMutableRawPointer { Unmanaged.passUnretained(self).toOpaque() }

    func start(announcing service: HearthService?) {
        avahi_threaded_poll_lock(poll)
        self.service = service
        name = service?.instance ?? ""
        if let client, avahi_client_get_state(client) == AVAHI_CLIENT_S_RUNNING { running(client) }
        avahi_threaded_poll_unlock(poll)
        avahi_threaded_poll_start(poll)
    }

    /// Withdraws the service (Avahi sends the goodbyes) and stops the poll thread.
    func stop() {
        avahi_threaded_poll_lock(poll)
        stopped = true
        if let group { avahi_entry_group_reset(group) }
        if let browser { avahi_service_browser_free(browser) }
        browser = nil
        avahi_threaded_poll_unlock(poll)
        avahi_threaded_poll_stop(poll)
        if let client { avahi_client_free(client) }
        client = nil
        group = nil
        continuation.finish()
    }

    // MARK: Callbacks (poll thread, lock held)

    func clientChanged(_ client: OpaquePointer, _ state: AvahiClientState) {
        switch state {
        case AVAHI_CLIENT_S_RUNNING:
            running(client)
        case AVAHI_CLIENT_S_COLLISION, AVAHI_CLIENT_S_REGISTERING:
            // The host name changed or is being probed: publish again once running.
            if let group { avahi_entry_group_reset(group) }
        case AVAHI_CLIENT_FAILURE:
            let code = avahi_client_errno(client)
            if code == AVAHI_ERR_DISCONNECTED && waitForDaemon && !stopped {
                logger.notice("avahi-daemon went away; waiting for it to come back")
                // Everything made on the old client is gone with it.
                group = nil
                browser = nil
                found.removeAll()
                publish()
                avahi_client_free(client)
                var error: Int32 = 0
                self.client = avahi_client_new(
                    avahi_threaded_poll_get(poll), AVAHI_CLIENT_NO_FAIL, AvahiCallbacks.client, userdata, &error)
            } else {
                logger.warning("Avahi client failed: \(String(cString: avahi_strerror(code)))")
            }
        default:
            break
        }
    }

    private func running(_ client: OpaquePointer) {
        self.client = client
        register(client)
        if browser == nil {
            browser = avahi_service_browser_new(
                client, interfaceIndex, AvahiProtocol(AVAHI_PROTO_INET), "_hearth._tcp", nil, AvahiLookupFlags(0),
                AvahiCallbacks.browse, userdata)
            if browser == nil {
                logger.warning(
                    "cannot browse with Avahi: \(String(cString: avahi_strerror(avahi_client_errno(client))))")
            }
        }
    }

    private func register(_ client: OpaquePointer) {
        guard let service, !stopped else { return }
        if group == nil { group = avahi_entry_group_new(client, AvahiCallbacks.group, userdata) }
        guard let group, avahi_entry_group_is_empty(group) != 0 else { return }
        var list: UnsafeMutablePointer<AvahiStringList>?
        for string in service.txt { list = avahi_string_list_add_arbitrary(list, string, string.count) }
        defer { avahi_string_list_free(list) }
        let added = avahi_entry_group_add_service_strlst(
            group, interfaceIndex, AvahiProtocol(AVAHI_PROTO_INET), AvahiPublishFlags(0), name, "_hearth._tcp", nil,
            nil,
            service.port, list)
        if added == AVAHI_ERR_COLLISION {
            rename()
            return register(client)
        }
        guard added == 0, avahi_entry_group_commit(group) == 0 else {
            logger.warning("cannot publish with Avahi: \(String(cString: avahi_strerror(added)))")
            return
        }
    }

    private func rename() {
        guard let alternative = avahi_alternative_service_name(name) else { return }
        defer { avahi_free(alternative) }
        logger.notice("the mDNS name \"\(name)\" is taken; using \"\(String(cString: alternative))\"")
        name = String(cString: alternative)
    }

    func groupChanged(_ group: OpaquePointer, _ state: AvahiEntryGroupState) {
        switch state {
        case AVAHI_ENTRY_GROUP_ESTABLISHED:
            logger.info("announcing on the LAN through Avahi", metadata: ["instance": "\(name)"])
        case AVAHI_ENTRY_GROUP_COLLISION:
            rename()
            avahi_entry_group_reset(group)
            if let client { register(client) }
        case AVAHI_ENTRY_GROUP_FAILURE:
            logger.warning("Avahi could not publish the service")
        default:
            break
        }
    }

    func browsed(
        _ interface: AvahiIfIndex, _ proto: AvahiProtocol, _ event: AvahiBrowserEvent, _ name: String, _ type: String,
        _ domain: String
    ) {
        let key = "\(interface)/\(name)"
        switch event {
        case AVAHI_BROWSER_NEW:
            guard let client else { return }
            _ = avahi_service_resolver_new(
                client, interface, proto, name, type, domain, AvahiProtocol(AVAHI_PROTO_INET), AvahiLookupFlags(0),
                AvahiCallbacks.resolve, userdata)
        case AVAHI_BROWSER_REMOVE:
            if found.removeValue(forKey: key) != nil { publish() }
        default:
            break
        }
    }

    func resolved(_ interface: AvahiIfIndex, name: String, host: String, address: String, port: UInt16, txt: [[UInt8]])
    {
        let fields = HearthService.fields(txt)
        guard let id = fields["id"], let tag = fields["net"], let version = fields["v"].flatMap({ Int($0) }),
            let ipv4 = IPv4Address(address)
        else { return }
        found["\(interface)/\(name)"] = HearthService(
            instance: name, host: DNSName(host), port: port, addresses: [ipv4], nodeID: id, networkTag: tag,
            version: version)
        publish()
    }

    private func publish() {
        continuation.yield(found.values.sorted { $0.instance < $1.instance })
    }
}

/// The C callbacks: plain functions that find the bridge through `userdata`.
enum AvahiCallbacks {
    static func bridge(_ userdata: UnsafeMutableRawPointer?) -> AvahiBridge? {
        userdata.map { Unmanaged<AvahiBridge>.fromOpaque($0).takeUnretainedValue() }
    }

    static let client: AvahiClientCallback = { client, state, userdata in
        guard let client else { return }
        bridge(userdata)?.clientChanged(client, state)
    }

    static let group: AvahiEntryGroupCallback = { group, state, userdata in
        guard let group else { return }
        bridge(userdata)?.groupChanged(group, state)
    }

    static let browse: AvahiServiceBrowserCallback = { _, interface, proto, event, name, type, domain, _, userdata in
        bridge(userdata)?.browsed(
            interface, proto, event, name.map { String(cString: $0) } ?? "", type.map { String(cString: $0) } ?? "",
            domain.map { String(cString: $0) } ?? "")
    }

    static let resolve: AvahiServiceResolverCallback = {
        resolver, interface, _, event, name, _, _, host, address, port, txt, _, userdata in
        defer { if let resolver { avahi_service_resolver_free(resolver) } }
        guard event == AVAHI_RESOLVER_FOUND, let name, let host, let address else { return }
        var text = [CChar](repeating: 0, count: Int(AVAHI_ADDRESS_STR_MAX))
        avahi_address_snprint(&text, text.count, address)
        var strings: [[UInt8]] = []
        var item = txt
        while let current = item {
            let size = avahi_string_list_get_size(current)
            if let bytes = avahi_string_list_get_text(current) {
                strings.append(Array(UnsafeBufferPointer(start: bytes, count: size)))
            }
            item = avahi_string_list_get_next(current)
        }
        bridge(userdata)?.resolved(
            interface, name: String(cString: name), host: String(cString: host),
            address: String(decoding: text.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self), port: port,
            txt: strings)
    }
}
