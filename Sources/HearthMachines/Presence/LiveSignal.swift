import HearthCrypto

/// Where someone is typing: a channel, or a thread in it (its root message's id; empty for the
/// channel itself).
public struct TypingPlace: Hashable, Sendable, Comparable {
    public var channel: String
    public var thread: String

    public init(channel: String, thread: String = "") {
        self.channel = channel
        self.thread = thread
    }

    public static func < (lhs: TypingPlace, rhs: TypingPlace) -> Bool {
        (lhs.channel, lhs.thread) < (rhs.channel, rhs.thread)
    }
}

/// What a node is looking at or editing: an object and a position the object's app defines (a
/// text range in a document, a point on a whiteboard, a card being edited).
public struct FocusTarget: Sendable, Equatable {
    public var object: [UInt8]
    public var position: [UInt8]

    public init(object: [UInt8], position: [UInt8]) {
        self.object = object
        self.position = position
    }
}

/// A short-lived signal a node signs and floods: typing, or focus. The newest (highest counter)
/// of each node and key wins; nothing is stored.
public struct LiveSignal: Sendable, Equatable {
    public enum Content: Sendable, Equatable {
        case typing(TypingPlace, active: Bool)
        /// nil: the node looks at nothing any more.
        case focus(FocusTarget?)
    }

    /// Which earlier signal of the same node a signal replaces.
    public enum Key: Hashable, Sendable {
        case typing(TypingPlace)
        case focus
    }

    public var node: NodeID
    /// Strictly increasing per node, across restarts (it starts from the wall clock).
    public var counter: UInt64
    public var content: Content

    public init(node: NodeID, counter: UInt64, content: Content) {
        self.node = node
        self.counter = counter
        self.content = content
    }

    public var key: Key {
        switch content {
        case .typing(let place, _): .typing(place)
        case .focus: .focus
        }
    }

    /// Whether the content keeps to `SignalLimits`.
    public var isWithinLimits: Bool {
        switch content {
        case .typing(let place, _):
            return !place.channel.isEmpty && place.channel.utf8.count <= SignalLimits.placeBytes
                && place.thread.utf8.count <= SignalLimits.placeBytes
        case .focus(let target):
            guard let target else { return true }
            return target.object.count == SignalLimits.objectBytes
                && target.position.count <= SignalLimits.positionBytes
        }
    }
}

/// A signal with the bytes its node signed and the signature, forwarded unchanged.
public struct SealedSignal: Sendable, Equatable {
    public var signal: LiveSignal
    public var body: [UInt8]
    public var signature: [UInt8]

    public init(signal: LiveSignal, body: [UInt8], signature: [UInt8]) {
        self.signal = signal
        self.body = body
        self.signature = signature
    }
}

/// What a signal may hold, and its timers.
public enum SignalLimits {
    public static let bodyBytes = 512
    /// A channel name or thread id, in UTF-8 bytes (chat's channel names hold up to 80).
    public static let placeBytes = 80
    public static let objectBytes = 16
    public static let positionBytes = 256
    public static let perMessage = 64
    /// Places one node may be shown typing in at once; more are dropped.
    public static let typingPlacesPerNode = 16
    /// Typing shows for this long after the last typing signal.
    public static let typingLifetime = 3.0
    /// While the user keeps typing, a new typing signal goes out at most this often.
    public static let typingRefresh = 1.0
    /// Focus goes out at most this often; only the latest position travels.
    public static let focusInterval = 1.0 / 30
}

/// What a user sees of others' signals change.
public enum SignalEvent: Sendable, Equatable {
    case typingStarted(NodeID, TypingPlace)
    case typingStopped(NodeID, TypingPlace)
    case focusChanged(NodeID, FocusTarget?)
}
