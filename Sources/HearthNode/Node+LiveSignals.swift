import Foundation
import HearthCrypto
import HearthNet

extension Node {
    /// This node's user typed in `request.channel` (and thread), or stopped.
    /// - Throws: `NodeError.invalidArgument` for an empty or too long channel or thread.
    public func typing(_ request: TypingRequest) async throws {
        // Channel names as chat keeps them: lowercase, without a leading '#'.
        var channel = request.channel.lowercased()
        if channel.hasPrefix("#") { channel.removeFirst() }
        let place = TypingPlace(channel: channel, thread: request.thread ?? "")
        guard !place.channel.isEmpty, place.channel.utf8.count <= SignalLimits.placeBytes,
            place.thread.utf8.count <= SignalLimits.placeBytes
        else {
            throw NodeError(
                .invalidArgument, "a channel name and a thread id hold 1-\(SignalLimits.placeBytes) bytes")
        }
        if request.stopped == true {
            await mesh.stoppedTyping(in: place)
        } else {
            await mesh.typing(in: place)
        }
    }

    /// The message typed in `channel` (a reply: in `thread`) was sent: the typing ends everywhere.
    public func stoppedTyping(channel: String, thread: String?) async {
        await mesh.stoppedTyping(in: TypingPlace(channel: channel, thread: thread ?? ""))
    }

    /// What this node's user looks at: an object and an app-defined position, or nothing.
    /// - Throws: `NodeError.invalidArgument` for an object id that is not one, or a position
    ///   that is not base64 or is over 256 bytes.
    public func focus(_ request: FocusSummary) async throws {
        guard let text = request.object, !text.isEmpty else { return await mesh.focus(nil) }
        guard let object = try? Base32.decode(text), object.count == SignalLimits.objectBytes else {
            throw NodeError(
                .invalidArgument, "'\(text)' is not an object id (26 base32 characters, as hearth object list shows)")
        }
        guard let position = Data(base64Encoded: request.position ?? ""), position.count <= SignalLimits.positionBytes
        else {
            throw NodeError(
                .invalidArgument, "a focus position is base64 of at most \(SignalLimits.positionBytes) bytes")
        }
        await mesh.focus(FocusTarget(object: object, position: [UInt8](position)))
    }

    public func signalArrived(_ event: SignalEvent) async {
        switch event {
        case .typingStarted(let node, let place), .typingStopped(let node, let place):
            let started = if case .typingStarted = event { true } else { false }
            let summary = TypingSummary(
                id: node.description, name: await name(of: node), channel: place.channel,
                thread: place.thread.isEmpty ? nil : place.thread)
            publish([AppEvent(type: started ? "typing.started" : "typing.stopped", key: "typing", value: summary)])
        case .focusChanged(let node, let target):
            let summary = FocusSummary(
                id: node.description, name: await name(of: node), object: target.map { Base32.encode($0.object) },
                position: target.map { Data($0.position).base64EncodedString() })
            publish([AppEvent(type: "focus.changed", key: "focus", value: summary)])
        case .appChanged(let node, let signal):
            await configuration.apps.app(forSignal: signal.app)?.signalChanged(signal, from: node, on: self)
        }
    }

    /// Sends an app's live state (`Protocol/presence.md`, "Signals"): to every node at once, then
    /// at most 4 times a second per (app, object), the latest winning; empty `data` ends it. The
    /// app that shows `app` sees this node's own too.
    /// - Throws: `NodeError.invalidArgument` for a malformed name, object or oversized data.
    public func sendAppSignal(_ signal: AppSignal) async throws {
        guard AppSignal.isValidName(signal.app), signal.object.count == SignalLimits.objectBytes,
            signal.data.count <= SignalLimits.appDataBytes
        else {
            throw NodeError(
                .invalidArgument,
                "an app signal needs a name of 1–\(SignalLimits.appNameBytes) bytes of a-z 0-9 . _ -, a 16-byte object and at most \(SignalLimits.appDataBytes) bytes of data"
            )
        }
        await mesh.appSignal(signal)
        await configuration.apps.app(forSignal: signal.app)?.signalChanged(signal, from: identity.id, on: self)
    }

    private func name(of node: NodeID) async -> String { await mesh.presenceEntry(of: node)?.record?.name ?? "" }
}
