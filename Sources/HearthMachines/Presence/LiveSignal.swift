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

/// An app's live state, keyed by the app's signal name and an object: a live scoreboard, a
/// game server's status. Relayed by every node, shown by the nodes that run the app.
public struct AppSignal: Sendable, Equatable {
    /// The app's signal name (`stats.live`): 1–32 bytes of a-z 0-9 . _ -.
    public var app: String
    /// A 16-byte object id: with `app`, what the signal is about.
    public var object: [UInt8]
    /// The app's bytes; empty: the state ended (a match over, a server no longer watched).
    public var data: [UInt8]

    public init(app: String, object: [UInt8], data: [UInt8]) {
        self.app = app
        self.object = object
        self.data = data
    }

    public struct Key: Hashable, Sendable, Comparable {
        public var app: String
        public var object: [UInt8]

        public init(app: String, object: [UInt8]) {
            self.app = app
            self.object = object
        }

        public static func < (lhs: Key, rhs: Key) -> Bool {
            lhs.app != rhs.app ? lhs.app < rhs.app : lhs.object.lexicographicallyPrecedes(rhs.object)
        }
    }

    public var key: Key { Key(app: app, object: object) }

    /// Whether `name` may name an app's signals.
    public static func isValidName(_ name: String) -> Bool {
        !name.isEmpty && name.utf8.count <= SignalLimits.appNameBytes
            && name.utf8.allSatisfy {
                (0x61...0x7A).contains($0) || (0x30...0x39).contains($0) || [0x2E, 0x5F, 0x2D].contains($0)
            }
    }
}

/// A short-lived signal a node signs and floods: typing, focus, or an app's live state. The
/// newest (highest counter) of each node and key wins; nothing is stored.
public struct LiveSignal: Sendable, Equatable {
    public enum Content: Sendable, Equatable {
        case typing(TypingPlace, active: Bool)
        /// nil: the node looks at nothing any more.
        case focus(FocusTarget?)
        case app(AppSignal)
    }

    /// Which earlier signal of the same node a signal replaces.
    public enum Key: Hashable, Sendable {
        case typing(TypingPlace)
        case focus
        case app(AppSignal.Key)
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
        case .app(let signal): .app(signal.key)
        }
    }

    /// The most body bytes a signal of this content may have.
    public var bodyLimit: Int {
        if case .app = content { return SignalLimits.appBodyBytes }
        return SignalLimits.bodyBytes
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
        case .app(let signal):
            return AppSignal.isValidName(signal.app) && signal.object.count == SignalLimits.objectBytes
                && signal.data.count <= SignalLimits.appDataBytes
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
    /// An app signal's body may be this long (its data, at most `appDataBytes`, and the rest).
    public static let appBodyBytes = 4096
    public static let appDataBytes = 3072
    public static let appNameBytes = 32
    /// App signals (keys) one node may have shown at once; more are dropped.
    public static let appKeysPerNode = 64
    /// Each app signal key goes out at most this often; only the latest data travels.
    public static let appInterval = 0.25
}

/// What a user sees of others' signals change.
public enum SignalEvent: Sendable, Equatable {
    case typingStarted(NodeID, TypingPlace)
    case typingStopped(NodeID, TypingPlace)
    case focusChanged(NodeID, FocusTarget?)
    /// An app's live state from `node` changed; `data` empty: it ended (or the node went offline).
    case appChanged(NodeID, AppSignal)
}
