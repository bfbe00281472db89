extension MDNSResponderMachine {
    /// Probes three times, 250 ms apart, then announces twice, one second apart (RFC 6762 §8).
    mutating func claimNames(now: Double) -> [Action] {
        guard let own else { return [] }
        switch claim {
        case .probing(let sent, let at) where now >= at:
            if sent == 3 {
                claim = .announcing(at: now + 1)
                return [
                    .log(level: .info, message: "announcing on the LAN", metadata: ["instance": own.instance]),
                    .send(own.announcement()),
                ]
            }
            claim = .probing(sent: sent + 1, at: now + 0.25)
            let (_, unique) = own.records()
            return [
                .send(
                    DNSMessage(
                        questions: [
                            DNSQuestion(name: own.instanceName, type: .any, unicastResponse: true),
                            DNSQuestion(name: own.host, type: .any, unicastResponse: true),
                        ],
                        authorities: unique))
            ]
        case .announcing(let at) where now >= at:
            claim = .announced
            return [.send(own.announcement())]
        default:
            return []
        }
    }

    /// Another host claims one of our names with other data: take the next name and probe again.
    mutating func conflict(with record: DNSRecord, now: Double) -> [Action] {
        guard var service = own else { return [] }
        renames += 1
        let base = service.instance.replacingOccurrences(of: #" \(\d+\)$"#, with: "", options: .regularExpression)
        service.instance = "\(base) (\(renames + 1))"
        let hostBase = service.host.labels.first.map { String(decoding: $0, as: UTF8.self) } ?? "hearth"
        let trimmed = hostBase.replacingOccurrences(of: #"-\d+$"#, with: "", options: .regularExpression)
        service.host = DNSName("\(trimmed)-\(renames + 1).local")
        own = service
        claim = .probing(sent: 0, at: now + 0.25)
        return [
            .log(
                level: .notice, message: "another host uses our mDNS name; renamed",
                metadata: ["record": "\(record.name)", "now": service.instance])
        ]
    }
}
