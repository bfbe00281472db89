import Foundation

/// The CRDT a replicated object holds (`Protocol/apps/crdt.md`).
public enum ObjectKind: String, Codable, Sendable, CaseIterable {
    /// Plain text: a `TextDocument`.
    case text
    /// An ordered list of strings whose items can move: a `MovableList`.
    case list
    /// String keys to string values, last writer wins per key: an `LWWMap`.
    case map
    /// A set of strings, add wins over a concurrent remove: an `ORSet`.
    case set
    /// An integer that goes up and down: a `PNCounter`.
    case counter

    /// The op kind of its objects, e.g. `crdt.text`.
    public var opKind: String { "crdt.\(rawValue)" }
}

/// An object's current value, as JSON: a string (text), an array (list; set, sorted), an
/// object of strings (map) or an integer (counter). Decoded on its own, an array reads as a
/// list; `ReplicatedObject` decodes it by the object's kind.
public enum ObjectValue: Codable, Sendable, Equatable {
    case text(String)
    case list([String])
    case map([String: String])
    case set([String])
    case counter(Int64)

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .text(let text): try container.encode(text)
        case .list(let items), .set(let items): try container.encode(items)
        case .map(let entries): try container.encode(entries)
        case .counter(let value): try container.encode(value)
        }
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let text = try? container.decode(String.self) {
            self = .text(text)
        } else if let value = try? container.decode(Int64.self) {
            self = .counter(value)
        } else if let items = try? container.decode([String].self) {
            self = .list(items)
        } else {
            self = .map(try container.decode([String: String].self))
        }
    }

    /// Decodes the value of an object of `kind`.
    init(kind: ObjectKind, from container: KeyedDecodingContainer<ReplicatedObject.CodingKeys>) throws {
        let key = ReplicatedObject.CodingKeys.value
        switch kind {
        case .text: self = .text(try container.decode(String.self, forKey: key))
        case .list: self = .list(try container.decode([String].self, forKey: key))
        case .set: self = .set(try container.decode([String].self, forKey: key))
        case .map: self = .map(try container.decode([String: String].self, forKey: key))
        case .counter: self = .counter(try container.decode(Int64.self, forKey: key))
        }
    }
}

/// A replicated object as the API and CLI show it.
public struct ReplicatedObject: Codable, Sendable, Equatable {
    /// The object's id (base32 of its 16 bytes).
    public var id: String
    public var kind: ObjectKind
    public var title: String
    /// The node id of its creator.
    public var createdBy: String
    public var created: Date
    /// Ops applied to it so far.
    public var ops: Int
    /// Absent in lists.
    public var value: ObjectValue?

    public init(
        id: String, kind: ObjectKind, title: String, createdBy: String, created: Date, ops: Int, value: ObjectValue?
    ) {
        self.id = id
        self.kind = kind
        self.title = title
        self.createdBy = createdBy
        self.created = created
        self.ops = ops
        self.value = value
    }

    enum CodingKeys: String, CodingKey {
        case id, kind, title, createdBy, created, ops, value
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(String.self, forKey: .id)
        kind = try container.decode(ObjectKind.self, forKey: .kind)
        title = try container.decode(String.self, forKey: .title)
        createdBy = try container.decode(String.self, forKey: .createdBy)
        created = try container.decode(Date.self, forKey: .created)
        ops = try container.decode(Int.self, forKey: .ops)
        value = container.contains(.value) ? try ObjectValue(kind: kind, from: container) : nil
    }
}

/// `POST /v1/objects`.
public struct CreateObjectRequest: Codable, Sendable {
    public var kind: ObjectKind
    public var title: String?

    public init(kind: ObjectKind, title: String?) {
        self.kind = kind
        self.title = title
    }
}

/// `POST /v1/objects/{id}/edits`: one edit, by `action` (`Protocol/apps/crdt.md`, README):
/// - text: `insert` (`at`, `text`), `delete` (`at`, `count`);
/// - list: `insert` (`at`, `value`), `move` (`from`, `to`), `delete` (`at`);
/// - map: `set` (`key`, `value`), `remove` (`key`);
/// - set: `add` (`value`), `remove` (`value`);
/// - counter: `add` (`amount`, negative to subtract).
public struct ObjectEditRequest: Codable, Sendable {
    public var action: String
    public var at: Int?
    public var count: Int?
    public var text: String?
    public var value: String?
    public var key: String?
    public var from: Int?
    public var to: Int?
    public var amount: Int64?

    public init(
        action: String, at: Int? = nil, count: Int? = nil, text: String? = nil, value: String? = nil,
        key: String? = nil, from: Int? = nil, to: Int? = nil, amount: Int64? = nil
    ) {
        self.action = action
        self.at = at
        self.count = count
        self.text = text
        self.value = value
        self.key = key
        self.from = from
        self.to = to
        self.amount = amount
    }
}
