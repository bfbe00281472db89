import HearthCRDT
import HearthNode
import HearthObjectsModels

/// Turns one user edit into CRDT ops made by this node (`ObjectEditRequest`), checking it
/// against the object's kind and current value first.
enum ObjectEditor {
    /// - Throws: `NodeError.invalidArgument` for an edit that does not fit, `.notFound` for a
    ///   missing key or element, `.tooLarge` past a limit.
    static func ops(for edit: ObjectEditRequest, on value: CRDTValue, clock: inout OpClock) throws -> [CRDTOp] {
        let now: UInt64 = 0  // stamps come from the reserved clock readings only
        switch (value, edit.action) {
        case (.text(var document), "insert"):
            let text = try require(edit.text, "text", for: edit)
            try ObjectLimits.insertedText(text)
            let at = try index(edit.at ?? document.count, in: 0...document.count, "at")
            return [.text(document.insert(text, at: at, clock: &clock, now: now))]
        case (.text(var document), "delete"):
            let at = try index(require(edit.at, "at", for: edit), in: 0...document.count, "at")
            let count = try require(edit.count, "count", for: edit)
            guard count > 0, count <= document.count - at else {
                throw NodeError(
                    .invalidArgument,
                    "count must be 1–\(document.count - at) (the text has \(document.count) characters)")
            }
            return [.text(document.delete(at: at, count: count))]
        case (.list(var list), "insert"):
            let item = try require(edit.value, "value", for: edit)
            try ObjectLimits.value(item)
            let at = try index(edit.at ?? list.count, in: 0...list.count, "at")
            return [.list(list.insert(item, at: at, clock: &clock, now: now))]
        case (.list(var list), "move"):
            guard list.count > 0 else { throw NodeError(.invalidArgument, "the list is empty") }
            let from = try index(require(edit.from, "from", for: edit), in: 0...(list.count - 1), "from")
            let to = try index(require(edit.to, "to", for: edit), in: 0...(list.count - 1), "to")
            guard from != to else { throw NodeError(.invalidArgument, "from and to are the same place") }
            return [.list(list.move(from: from, to: to, clock: &clock, now: now))]
        case (.list(var list), "delete"):
            guard list.count > 0 else { throw NodeError(.invalidArgument, "the list is empty") }
            let at = try index(require(edit.at, "at", for: edit), in: 0...(list.count - 1), "at")
            return [.list(list.remove(at: at, clock: &clock, now: now))]
        case (.map(var map), "set"):
            let key = ObjectLimits.normalized(try require(edit.key, "key", for: edit))
            let item = try require(edit.value, "value", for: edit)
            try ObjectLimits.key(key)
            try ObjectLimits.value(item)
            return [.map(map.set(key, to: item, clock: &clock, now: now))]
        case (.map(var map), "remove"):
            let key = ObjectLimits.normalized(try require(edit.key, "key", for: edit))
            guard map[key] != nil else { throw NodeError(.notFound, "the map has no key '\(key.prefix(80))'") }
            return [.map(map.set(key, to: nil, clock: &clock, now: now))]
        case (.set(var set), "add"):
            let item = ObjectLimits.normalized(try require(edit.value, "value", for: edit))
            try ObjectLimits.element(item)
            return [.set(set.insert(item, clock: &clock, now: now))]
        case (.set(var set), "remove"):
            let item = ObjectLimits.normalized(try require(edit.value, "value", for: edit))
            guard let op = set.remove(item, clock: &clock, now: now) else {
                throw NodeError(.notFound, "the set does not hold '\(item.prefix(80))'")
            }
            return [.set(op)]
        case (.counter(var counter), "add"):
            let amount = try require(edit.amount, "amount", for: edit)
            guard amount != 0, amount != .min else {
                throw NodeError(.invalidArgument, "amount must be a non-zero integer")
            }
            return [.counter(counter.add(amount, clock: &clock, now: now))]
        default:
            throw NodeError(
                .invalidArgument,
                "a \(value.kind.rawValue) object takes the edits \(actions[value.kind]!.joined(separator: ", ")), not '\(edit.action.prefix(40))'"
            )
        }
    }

    /// The actions each kind takes.
    static let actions: [ObjectKind: [String]] = [
        .text: ["insert", "delete"], .list: ["insert", "move", "delete"], .map: ["set", "remove"],
        .set: ["add", "remove"], .counter: ["add"],
    ]

    private static func require<T>(_ value: T?, _ field: String, for edit: ObjectEditRequest) throws -> T {
        guard let value else { throw NodeError(.invalidArgument, "the edit '\(edit.action)' needs '\(field)'") }
        return value
    }

    private static func index(_ value: Int, in range: ClosedRange<Int>, _ field: String) throws -> Int {
        guard range.contains(value) else {
            throw NodeError(
                .invalidArgument, "\(field) must be in \(range.lowerBound)–\(range.upperBound), not \(value)")
        }
        return value
    }
}
