import Foundation
import HearthCRDT
import HearthCrypto
import HearthMachines
import HearthWire
import NIOCore

/// The sending half of one authenticated, encrypted link to a peer (its liveness and sync state
/// live in `MeshMachine`).
///
/// `send` encrypts a whole message at once and queues its frames for the link's single writer
/// task, so frames of different messages never interleave. A sender waits while more than
/// `highWater` bytes are queued (backpressure); `push` never waits and instead drops the message
/// when the queue is far over the limit (the peer then catches up through anti-entropy).
public actor Link {
    public typealias Direction = LinkDirection

    static let highWater = 4 << 20
    static let pushLimit = 64 << 20

    public nonisolated let peer: NodeID
    public nonisolated let peerName: String
    public nonisolated let address: String
    public nonisolated let peerListenPort: Int
    public nonisolated let direction: Direction
    public nonisolated let connectedAt: Date
    nonisolated let channel: any Channel

    private var sender: NoiseCipherState
    private let outbox: AsyncStream<[UInt8]>.Continuation
    private var queuedBytes = 0
    private var drainWaiters: [CheckedContinuation<Void, Never>] = []
    private(set) var isClosed = false
    var pendingSyncRequest: (VersionVector<NodeID>, UInt64)?
    var syncWorkerRunning = false

    public nonisolated let connection: ConnectionID

    init(
        established: EstablishedLink, connection: ConnectionID, address: String, direction: Direction,
        channel: any Channel, outbox: AsyncStream<[UInt8]>.Continuation
    ) {
        self.connection = connection
        peer = established.peer
        peerName = established.peerHello.displayName
        peerListenPort = Int(established.peerHello.listenPort)
        self.address = address
        self.direction = direction
        self.channel = channel
        connectedAt = Date()
        sender = established.sender
        self.outbox = outbox
    }

    /// Encrypts and queues `envelope`, waiting while the link is congested.
    /// - Throws: `CryptoError` or `WireError` if the message cannot be framed (too large).
    public func send(_ envelope: WireEnvelope) async throws {
        while queuedBytes > Self.highWater && !isClosed {
            await withCheckedContinuation { drainWaiters.append($0) }
        }
        try enqueue(envelope)
    }

    /// Queues `envelope` without waiting; returns false if it was dropped because of congestion.
    @discardableResult
    func push(_ envelope: WireEnvelope) -> Bool {
        guard queuedBytes < Self.pushLimit else { return false }
        do {
            try enqueue(envelope)
            return true
        } catch {
            return false
        }
    }

    private func enqueue(_ envelope: WireEnvelope) throws {
        guard !isClosed else { return }
        var bytes: [UInt8] = []
        for chunk in try MessageAssembler.chunks(of: envelope.encoded(), chunkLength: NoiseTransport.maxPlaintextLength)
        {
            bytes += FrameDecoder.frame(try sender.encrypt(ad: [], plaintext: chunk))
        }
        queuedBytes += bytes.count
        outbox.yield(bytes)
    }

    /// Called by the writer task after bytes reached the socket.
    func wrote(_ count: Int) {
        queuedBytes -= count
        if queuedBytes <= Self.highWater / 2 { resumeWaiters() }
    }

    private func resumeWaiters() {
        let waiters = drainWaiters
        drainWaiters.removeAll()
        for waiter in waiters { waiter.resume() }
    }

    /// Closes the connection; pending sends are dropped.
    func close() {
        guard !isClosed else { return }
        isClosed = true
        outbox.finish()
        resumeWaiters()
        channel.close(promise: nil)
    }

    /// Sends a Goodbye (with an ErrorReport first when `code` is given), then closes once written.
    func closeGracefully(code: WireError.Code?, reason: String) {
        if let code {
            push(
                WireEnvelope.with {
                    $0.error = .with {
                        $0.code = code.rawValue; $0.message = reason
                    }
                })
        }
        push(WireEnvelope.with { $0.goodbye = .with { $0.reason = reason } })
        isClosed = true
        outbox.finish()  // the writer drains what is queued, then closes the channel
        resumeWaiters()
    }

    /// Pushes `changes` with `pushed = true`.
    func pushChanges(_ changes: [KeyedChange]) {
        for batch in changes.splitForBatches() {
            push(
                WireEnvelope.with {
                    $0.changes = .with {
                        $0.changes = batch.map(\.signed)
                        $0.pushed = true
                    }
                })
        }
    }
}

/// What `hearth peers` shows about one link.
public struct LinkInfo: Sendable, Equatable {
    public var peer: NodeID
    public var name: String
    public var address: String
    public var direction: Link.Direction
    public var connectedAt: Date
    public var roundTripMilliseconds: Double?
}

extension Link {
    /// Records a sync request; returns true when the caller must start the answering worker.
    func offerSyncRequest(_ vector: VersionVector<NodeID>, id: UInt64) -> Bool {
        pendingSyncRequest = (vector, id)
        guard !syncWorkerRunning else { return false }
        syncWorkerRunning = true
        return true
    }

    /// The latest request waiting for an answer, or nil (and the worker stops).
    func nextSyncRequest() -> (VersionVector<NodeID>, UInt64)? {
        guard let request = pendingSyncRequest, !isClosed else {
            syncWorkerRunning = false
            return nil
        }
        pendingSyncRequest = nil
        return request
    }
}
