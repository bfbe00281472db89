/// Everything a `MovableList` knows apart from its values, in its own numbering: replicas are
/// agents of the positions' text state, ids are 8-byte `PackedID`s, and what a counter names
/// (an element, a position's owner, an applied op) sits in per-agent tables indexed by counter.
/// Not generic, so the hot path is compiled once, specialised, with no hashing of replica ids.
struct ListCore: Sendable {
    /// What one agent's counter names here, in 8 bytes.
    struct Names: Sendable {
        /// The element with this id plus one (0: none); the top bit says an op with this id was
        /// applied.
        private var elementAndLogged: UInt32 = 0
        /// The element this position was made for, plus one (0: none).
        private var ownerPlusOne: UInt32 = 0
        private static var loggedBit: UInt32 { 1 << 31 }

        /// The element with this id (its index in `elements`), or -1.
        var element: Int32 {
            get { Int32(elementAndLogged & ~Self.loggedBit) - 1 }
            set { elementAndLogged = (elementAndLogged & Self.loggedBit) | UInt32(newValue + 1) }
        }

        /// The element this position was made for, or -1.
        var owner: Int32 {
            get { Int32(ownerPlusOne) - 1 }
            set { ownerPlusOne = UInt32(newValue + 1) }
        }

        /// Whether an op with this id was applied.
        var logged: Bool {
            get { elementAndLogged & Self.loggedBit != 0 }
            set { elementAndLogged = newValue ? elementAndLogged | Self.loggedBit : elementAndLogged & ~Self.loggedBit }
        }
    }

    /// One element: where it is now, the write that put it there, and the delete that removed it.
    struct Element: Sendable {
        var id: PackedID
        var position: PackedID
        var placedTime: UInt64
        var placedBy: PackedID
        var deletedBy: PackedID = .none
    }

    enum Kind: UInt8, Sendable { case insert, move, delete }

    /// An applied op, as the encoding and `ops(since:)` need it, in 40 bytes: an insert's value
    /// is its element's, and a position's origins are the ones its run keeps (`origins(of:)`).
    /// `subject` is the element of any op.
    struct LoggedOp: Sendable {
        var time: UInt64
        var key: PackedID
        var subject: PackedID
        /// `none` for a delete.
        var position: PackedID
        var kind: Kind
    }

    enum Outcome: Equatable {
        case applied
        /// The op names a position or element not here yet.
        case waiting(for: OpID)
        /// Already applied (or its position is), or no replica could have made it (a counter
        /// beyond 2^31 − 1).
        case dropped
    }

    /// Every position ever made, visible while its element is there.
    var positions = TextState(keepsContent: false)
    private var names: [CounterTable<Names>] = []
    private(set) var elements: [Element] = []
    /// Deletes of elements not here yet (a delete can arrive before the insert), by element.
    private(set) var earlyDeletes: [PackedID: PackedID] = [:]
    private(set) var log: [LoggedOp] = []
    /// Origins of positions that could not be placed (their runs would have kept them).
    private var unplaced: [PackedID: (left: PackedID, right: PackedID)] = [:]

    var count: Int { positions.count }

    // MARK: Ids

    /// The list's id for `id`, numbering its replica if new; nil for a counter out of range.
    mutating func pack(_ id: OpID) -> PackedID? {
        guard id.counter >= 1, id.counter <= AgentCharacters.maxCounter else { return nil }
        let agent = agentNumber(id.replica)
        return PackedID(agent: agent, seq: UInt32(id.counter))
    }

    /// A list has few writers, and one op names up to five of them: looking through them beats
    /// hashing a 32-byte id each time.
    private mutating func agentNumber(_ replica: ReplicaID) -> Int32 {
        let agents = positions.agents
        let agent: Int32
        if agents.count <= 8, let found = agents.firstIndex(of: replica) {
            agent = Int32(found)
        } else {
            agent = positions.agentNumber(replica)
        }
        while names.count <= Int(agent) { names.append(CounterTable(empty: Names())) }
        return agent
    }

    /// The list's id for `id` if its replica is known.
    func find(_ id: OpID) -> PackedID? {
        guard id.counter >= 1, id.counter <= AgentCharacters.maxCounter, let agent = positions.knownAgent(id.replica)
        else { return nil }
        return PackedID(agent: agent, seq: UInt32(id.counter))
    }

    func opID(_ id: PackedID) -> OpID { OpID(positions.agents[Int(id.agent)], UInt64(id.seq)) }

    func optionalOpID(_ id: CharID?) -> OpID? { id.map { positions.opID($0) } }

    func names(of id: PackedID) -> Names { names[Int(id.agent)][id.seq] }

    /// The index of element `id`, if it is here (deleted or not).
    func element(_ id: PackedID) -> Int32? {
        let index = names[Int(id.agent)][id.seq].element
        return index >= 0 ? index : nil
    }

    /// The element whose position is the visible one at `index`.
    mutating func element(atVisible index: Int) -> Int32 {
        let char = positions.character(atVisible: index)
        return names[Int(char.agent)][UInt32(char.seq)].owner
    }

    /// The elements at the visible positions, in order.
    func visibleElements() -> [Int32] {
        var result: [Int32] = []
        result.reserveCapacity(count)
        positions.forEachVisible { result.append(names[Int($0.agent)][UInt32($0.seq)].owner) }
        return result
    }

    // MARK: Order

    /// Op-id order: counter, then replica.
    func precedes(_ a: PackedID, _ b: PackedID) -> Bool {
        a.seq != b.seq ? a.seq < b.seq : positions.agents[Int(a.agent)] < positions.agents[Int(b.agent)]
    }

    /// Whether a write at `time` by op `by` beats the one that placed `element`: stamps compare
    /// by time, then replica, then counter.
    func beats(time: UInt64, by: PackedID, placementOf element: Element) -> Bool {
        if time != element.placedTime { return time > element.placedTime }
        if by.agent != element.placedBy.agent {
            return positions.agents[Int(by.agent)] > positions.agents[Int(element.placedBy.agent)]
        }
        return by.seq > element.placedBy.seq
    }

    func placement(of element: Element) -> WriteStamp {
        WriteStamp(time: HLCTimestamp(rawValue: element.placedTime), op: opID(element.placedBy))
    }

    // MARK: Recording

    mutating func setOwner(_ position: PackedID, _ element: Int32) {
        names[Int(position.agent)][position.seq].owner = element
    }

    mutating func addElement(_ element: Element) -> Int32 {
        let index = Int32(elements.count)
        elements.append(element)
        names[Int(element.id.agent)][element.id.seq].element = index
        setOwner(element.position, index)
        return index
    }

    mutating func updateElement(_ index: Int32, _ element: Element) { elements[Int(index)] = element }

    mutating func record(_ op: LoggedOp) {
        names[Int(op.key.agent)][op.key.seq].logged = true
        log.append(op)
    }

    /// Room for `more` ops' positions and log records (see `Array.reserveRoom(for:)`).
    mutating func reserveCapacity(_ more: Int) {
        positions.tree.reserveCapacity(more)
        log.reserveRoom(for: more)
    }

    mutating func keepUnplaced(_ position: PackedID, originLeft: PackedID, originRight: PackedID) {
        unplaced[position] = (originLeft, originRight)
    }

    /// The origins position `id` was made with, placed or not.
    func origins(of id: PackedID) -> (left: CharID?, right: CharID?) {
        if positions.contains(id.char) { return positions.origins(of: id.char) }
        let kept = unplaced[id] ?? (.none, .none)
        return (kept.left.optional, kept.right.optional)
    }

    mutating func setEarlyDelete(of element: PackedID, by delete: PackedID?) { earlyDeletes[element] = delete }
}
