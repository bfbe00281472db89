extension MDNSResponderMachine {
    /// A message arrived from port 5353 (others are legacy one-shot queries, not answered).
    public mutating func received(_ message: DNSMessage, now: Double, random: inout some RandomNumberGenerator)
        -> [Action]
    {
        guard !isStopped else { return [] }
        return message.isResponse ? heard(message, now: now) : answer(message, now: now, random: &random)
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

    private mutating func heard(_ response: DNSMessage, now: Double) -> [Action] {
        if let own, claim != nil {
            let (_, unique) = own.records()
            for record in response.records where isOwnName(record.name) && record.ttl > 0 {
                if !unique.contains(where: { $0.sameData(as: record) }) { return conflict(with: record, now: now) }
            }
        }
        // Only what describes Hearth services is kept: the PTRs of the service type, the records of
        // its instances, and the addresses of the hosts their SRVs name.
        var hosts = Set<DNSName>()
        for record in response.records + cache.records {
            if case .srv(_, _, _, let target) = record.data { hosts.insert(target) }
        }
        let relevant = response.records.filter { record in
            !isOwn(record)
                && (record.name == HearthService.serviceType || record.name.parent == HearthService.serviceType
                    || hosts.contains(record.name))
        }
        cache.add(relevant, at: now, capacity: Self.cacheCapacity)
        return publish()
    }

    private mutating func answer(_ query: DNSMessage, now: Double, random: inout some RandomNumberGenerator)
        -> [Action]
    {
        guard let own else { return [] }
        let (pointer, unique) = own.records()
        // A probe for our names with other data: defend them at once (RFC 6762 §8.2, §9).
        if !query.authorities.isEmpty, query.authorities.contains(where: { isOwnName($0.name) }) {
            return isAnnounced ? [.send(DNSMessage(isResponse: true, isAuthoritative: true, answers: unique))] : []
        }
        guard isAnnounced else { return [] }
        var answers: [DNSRecord] = []
        var shared = false
        for question in query.questions {
            if question.isAnswered(by: pointer) {
                // Known-answer suppression (§7.1): the asker holds our PTR with at least half its TTL left.
                let known = query.answers.contains { $0.sameData(as: pointer) && $0.ttl >= pointer.ttl / 2 }
                if !known {
                    answers.append(pointer)
                    shared = true
                }
            }
            answers += unique.filter { question.isAnswered(by: $0) && !answers.contains($0) }
        }
        guard !answers.isEmpty else { return [] }
        // With the PTR or the SRV go the other records, the host's addresses among them (RFC 6763 §12).
        let describes = answers.contains(pointer) || answers.contains { $0.type == DNSType.srv.rawValue }
        let additionals = describes ? unique.filter { !answers.contains($0) } : []
        let response = DNSMessage(isResponse: true, isAuthoritative: true, answers: answers, additionals: additionals)
        guard shared else { return [.send(response)] }
        // Shared records wait 20–120 ms so that many responders do not answer at once (§6); one
        // answer already waiting covers the next query (§6: no more than once a second).
        guard !delayedAnswers.contains(where: { $0.message == response }),
            delayedAnswers.count < Self.maxDelayedAnswers
        else { return [] }
        delayedAnswers.append((now + Double.random(in: 0.02...0.12, using: &random), response))
        return []
    }

    // MARK: Browsing

    func browseQuery(now: Double) -> DNSMessage {
        DNSMessage(
            questions: [DNSQuestion(name: HearthService.serviceType, type: .ptr)],
            answers: cache.knownAnswers(for: HearthService.serviceType, at: now))
    }

    /// Drops expired records, asks again for aging pointers (at 80 % of their TTL), and asks for
    /// the details of services heard of only by name.
    mutating func maintain(now: Double) -> [Action] {
        var actions: [Action] = []
        if cache.expire(at: now) { actions += publish() }
        if cache.entries.contains(where: {
            $0.record.name == HearthService.serviceType && $0.isAging(at: now, share: 0.8)
                && !$0.isAging(at: now, share: 0.95)
        }), lastDetailQuery[HearthService.serviceType].map({ now - $0 > 2 }) ?? true {
            lastDetailQuery[HearthService.serviceType] = now
            actions.append(.send(browseQuery(now: now)))
        }
        // The unique records (TTL 120 s) are asked for again at 80 % of their TTL too, so a
        // service's address does not lapse while its PTR (75 minutes) lives.
        for entry in cache.entries
        where entry.record.type == DNSType.srv.rawValue && entry.isAging(at: now, share: 0.8)
            && !entry.isAging(at: now, share: 0.95)
            && (lastDetailQuery[entry.record.name].map { now - $0 > 2 } ?? true)
        {
            lastDetailQuery[entry.record.name] = now
            actions.append(
                .send(
                    DNSMessage(questions: [
                        DNSQuestion(name: entry.record.name, type: .srv),
                        DNSQuestion(name: entry.record.name, type: .txt),
                    ])))
        }
        let described = Set(cache.records.filter { $0.type == DNSType.srv.rawValue }.map(\.name))
        for case .ptr(let instance) in cache.records.filter({ $0.name == HearthService.serviceType }).map(\.data)
        where !described.contains(instance) {
            guard lastDetailQuery[instance].map({ now - $0 > 1 }) ?? true else { continue }
            lastDetailQuery[instance] = now
            actions.append(
                .send(
                    DNSMessage(questions: [
                        DNSQuestion(name: instance, type: .srv), DNSQuestion(name: instance, type: .txt),
                    ])))
        }
        if lastDetailQuery.count > Self.cacheCapacity {
            lastDetailQuery = lastDetailQuery.filter { now - $0.value <= 2 }
        }
        return actions
    }

    private mutating func publish() -> [Action] {
        let found = HearthService.all(records: cache.records).filter { $0.ttl > 0 }.sorted { $0.instance < $1.instance }
        guard found != published else { return [] }
        published = found
        return [.publish(found)]
    }
}
