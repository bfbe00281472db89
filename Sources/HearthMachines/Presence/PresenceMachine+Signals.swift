import HearthCrypto

/// Typing and focus: signed signals flooded like records, the newest per node and key winning,
/// shown until they lapse, are replaced, or their node goes offline.
extension PresenceMachine {
    // MARK: This node's user

    /// The user typed a key in `place`: others see it at once, then at most once per
    /// `SignalLimits.typingRefresh` while the typing goes on.
    public mutating func typing(in place: TypingPlace, now: Double) -> [PresenceAction] {
        noticeStall(now)
        guard chosenStatus != .leaving else { return finish([], now: now) }
        var actions = userActed(now: now)
        if let mine = ownTyping[place], now < mine.sent + SignalLimits.typingRefresh {
            ownTyping[place]?.lapses = now + SignalLimits.typingLifetime
        } else {
            ownTyping[place] = (now, now + SignalLimits.typingLifetime)
            actions += publishSignal(.typing(place, active: true))
        }
        return finish(actions, now: now)
    }

    /// The user sent the message (or left the box): the typing ends everywhere at once.
    public mutating func stoppedTyping(in place: TypingPlace, now: Double) -> [PresenceAction] {
        noticeStall(now)
        guard ownTyping.removeValue(forKey: place) != nil else { return finish([], now: now) }
        return finish(publishSignal(.typing(place, active: false)), now: now)
    }

    /// The user looks at `target` now (nil: at nothing). At most one focus per
    /// `SignalLimits.focusInterval` goes out; a newer one replaces a waiting one.
    public mutating func focus(_ target: FocusTarget?, now: Double) -> [PresenceAction] {
        noticeStall(now)
        guard chosenStatus != .leaving else { return finish([], now: now) }
        var actions = userActed(now: now)
        if now >= lastFocusSent + SignalLimits.focusInterval {
            lastFocusSent = now
            pendingFocus = nil
            actions += publishSignal(.focus(target))
        } else {
            pendingFocus = .some(target)
        }
        return finish(actions, now: now)
    }

    /// An app's live state changed on this node (a scoreboard, a server's status): it goes out at
    /// once, then at most once per `SignalLimits.appInterval` per key, only the latest data
    /// travelling. Empty data ends it. Not the user's activity.
    public mutating func appSignal(_ signal: AppSignal, now: Double) -> [PresenceAction] {
        noticeStall(now)
        guard chosenStatus != .leaving else { return finish([], now: now) }
        var actions: [PresenceAction] = []
        if now >= (ownAppSent[signal.key] ?? -.infinity) + SignalLimits.appInterval {
            ownAppSent[signal.key] = now
            pendingApp[signal.key] = nil
            actions += publishSignal(.app(signal))
        } else {
            pendingApp[signal.key] = signal.data
        }
        if signal.data.isEmpty && pendingApp[signal.key] == nil { ownAppSent[signal.key] = nil }
        return finish(actions, now: now)
    }

    mutating func userActed(now: Double) -> [PresenceAction] {
        lastActivity = now
        return resignIfChanged(now: now)
    }

    mutating func publishSignal(_ content: LiveSignal.Content) -> [PresenceAction] {
        guard signalCounter < UInt64.max else { return [] }  // no higher counter is left
        signalCounter += 1
        let sealed = sealer.seal(LiveSignal(node: own, counter: signalCounter, content: content))
        if case .app(let app) = content { ownAppSealed[app.key] = app.data.isEmpty ? nil : sealed }
        return links.keys.sorted().map { .send($0, .signals([sealed])) }
    }

    // MARK: Others' signals

    /// Checks, shows and floods signals that are new.
    mutating func acceptSignals(_ list: [SealedSignal], from connection: ConnectionID, now: Double)
        -> [PresenceAction]
    {
        var fresh: [SealedSignal] = []
        var actions: [PresenceAction] = []
        for sealed in list {
            let signal = sealed.signal
            guard sealed.body.count <= signal.bodyLimit, signal.isWithinLimits else {
                drops.oversized += 1
                continue
            }
            if signal.node == own {
                // Signed before a restart: continue above it (once it is seen to be this node's).
                if signal.counter > signalCounter, sealer.isAuthentic(sealed) { signalCounter = signal.counter }
                continue
            }
            let key = signal.key
            let last = heardSignals[signal.node]?[key] ?? signalFloor[signal.node] ?? 0
            if last >= signal.counter {
                if last > signal.counter { drops.older += 1 }
                continue
            }
            // A node shown offline (it said goodbye, or fell silent) types and looks at nothing.
            guard records[signal.node] != nil, shown[signal.node]?.isOnline != false, admitsTyping(signal) else {
                drops.signalsRefused += 1
                continue
            }
            guard sealer.isAuthentic(sealed) else {
                drops.badSignature += 1
                continue
            }
            heardSignals[signal.node, default: [:]][key] = signal.counter
            if case .app(let app) = signal.content {
                appSealed[signal.node, default: [:]][app.key] = app.data.isEmpty ? nil : sealed
            }
            fresh.append(sealed)
            actions += show(signal, now: now)
        }
        guard !fresh.isEmpty else { return actions }
        for (other, _) in links.sorted(by: { $0.key < $1.key }) where other != connection {
            for chunk in Self.chunks(fresh, of: SignalLimits.perMessage) {
                actions.append(.send(other, .signals(chunk)))
            }
        }
        return actions
    }

    /// Whether a typing signal fits the places its node may be shown in, and an app signal the
    /// keys it may have shown (focus always fits).
    func admitsTyping(_ signal: LiveSignal) -> Bool {
        if case .app(let app) = signal.content {
            guard !app.data.isEmpty, appShown[signal.node]?[app.key] == nil else { return true }
            return (appShown[signal.node]?.count ?? 0) < SignalLimits.appKeysPerNode
        }
        guard case .typing(let place, true) = signal.content, typingShown[signal.node]?[place] == nil else {
            return true
        }
        return (typingShown[signal.node]?.count ?? 0) < SignalLimits.typingPlacesPerNode
    }

    /// A place's typing ended: its counter folds into the node's floor (a node's counters rise
    /// across all its keys, so a replay of it stays refused) and the key goes.
    mutating func forgetTypingKey(of node: NodeID, _ place: TypingPlace) {
        guard let counter = heardSignals[node]?.removeValue(forKey: .typing(place)) else { return }
        signalFloor[node] = max(signalFloor[node] ?? 0, counter)
    }

    mutating func show(_ signal: LiveSignal, now: Double) -> [PresenceAction] {
        let node = signal.node
        switch signal.content {
        case .typing(let place, active: true):
            let new = typingShown[node]?[place] == nil
            typingShown[node, default: [:]][place] = now + SignalLimits.typingLifetime
            return new ? [.signal(.typingStarted(node, place))] : []
        case .typing(let place, active: false):
            forgetTypingKey(of: node, place)
            guard typingShown[node]?.removeValue(forKey: place) != nil else { return [] }
            return [.signal(.typingStopped(node, place))]
        case .focus(let target):
            guard focusShown[node] != target else { return [] }
            focusShown[node] = target
            return [.signal(.focusChanged(node, target))]
        case .app(let app):
            if app.data.isEmpty {
                guard appShown[node]?.removeValue(forKey: app.key) != nil else { return [] }
                if appShown[node]?.isEmpty == true { appShown[node] = nil }
            } else {
                guard appShown[node]?[app.key] != app.data else { return [] }
                appShown[node, default: [:]][app.key] = app.data
            }
            return [.signal(.appChanged(node, app))]
        }
    }

    /// Typing that lapsed, and a focus whose turn came.
    mutating func signalTimers(now: Double) -> [PresenceAction] {
        var actions: [PresenceAction] = []
        for (node, places) in typingShown.sorted(by: { $0.key < $1.key }) {
            for (place, until) in places.sorted(by: { $0.key < $1.key }) where now >= until {
                typingShown[node]?[place] = nil
                forgetTypingKey(of: node, place)
                actions.append(.signal(.typingStopped(node, place)))
            }
            if typingShown[node]?.isEmpty == true { typingShown[node] = nil }
        }
        ownTyping = ownTyping.filter { now < $0.value.lapses }
        if let waiting = pendingFocus, now >= lastFocusSent + SignalLimits.focusInterval {
            lastFocusSent = now
            pendingFocus = nil
            actions += publishSignal(.focus(waiting))
        }
        for (key, data) in pendingApp.sorted(by: { $0.key < $1.key })
        where now >= (ownAppSent[key] ?? -.infinity) + SignalLimits.appInterval {
            ownAppSent[key] = data.isEmpty ? nil : now
            pendingApp[key] = nil
            actions += publishSignal(.app(AppSignal(app: key.app, object: key.object, data: data)))
        }
        return actions
    }

    var nextSignalDeadline: Double {
        var next = Double.infinity
        for places in typingShown.values { next = min(next, places.values.min() ?? .infinity) }
        for mine in ownTyping.values { next = min(next, mine.lapses) }
        if pendingFocus != nil { next = min(next, lastFocusSent + SignalLimits.focusInterval) }
        for key in pendingApp.keys { next = min(next, (ownAppSent[key] ?? -.infinity) + SignalLimits.appInterval) }
        return next
    }

    /// A node went offline: its typing and focus go with it.
    mutating func clearSignals(of node: NodeID) -> [PresenceAction] {
        var actions: [PresenceAction] = []
        for place in (typingShown.removeValue(forKey: node) ?? [:]).keys.sorted() {
            forgetTypingKey(of: node, place)
            actions.append(.signal(.typingStopped(node, place)))
        }
        if focusShown.removeValue(forKey: node) != nil { actions.append(.signal(.focusChanged(node, nil))) }
        appSealed[node] = nil
        for key in (appShown.removeValue(forKey: node) ?? [:]).keys.sorted() {
            actions.append(.signal(.appChanged(node, AppSignal(app: key.app, object: key.object, data: []))))
        }
        return actions
    }

    mutating func forgetSignals(of node: NodeID) {
        heardSignals[node] = nil
        signalFloor[node] = nil
        typingShown[node] = nil
        focusShown[node] = nil
        appShown[node] = nil
        appSealed[node] = nil
    }

    // MARK: Queries

    /// Where each node is typing now, as this node shows it.
    public var typingNow: [NodeID: [TypingPlace]] { typingShown.mapValues { $0.keys.sorted() } }

    public var focusNow: [NodeID: FocusTarget] { focusShown }

    /// Every app signal shown now, per node.
    public var appSignalsNow: [NodeID: [AppSignal]] {
        appShown.mapValues { shown in
            shown.sorted { $0.key < $1.key }.map { AppSignal(app: $0.key.app, object: $0.key.object, data: $0.value) }
        }
    }
}
