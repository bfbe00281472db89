/// What leaves a list's core: its applied ops in id order, and a canonical form for equality
/// (agent numbers differ between replicas, so everything compares by replica id).
extension ListCore {
    /// The applied ops that `keep` accepts, by op id (counter, then replica).
    func sortedLog(where keep: (LoggedOp) -> Bool) -> [LoggedOp] {
        // Replicas ranked once, so the sort compares two integers per op.
        let order = positions.agents.indices.sorted { positions.agents[$0] < positions.agents[$1] }
        var rank = [Int32](repeating: 0, count: order.count)
        for (place, agent) in order.enumerated() { rank[agent] = Int32(place) }
        return log.filter(keep).sorted {
            $0.key.seq != $1.key.seq ? $0.key.seq < $1.key.seq : rank[Int($0.key.agent)] < rank[Int($1.key.agent)]
        }
    }

    /// The position `id` as its op named it.
    func position(_ id: PackedID) -> ListPosition {
        let (left, right) = origins(of: id)
        return ListPosition(id: opID(id), originLeft: optionalOpID(left), originRight: optionalOpID(right))
    }

    /// One element as replicas compare it.
    struct CanonicalElement: Equatable {
        var id: OpID
        var position: OpID
        var placedAt: WriteStamp
        var deletedBy: OpID?
        /// Its index in this replica's `elements`, for the caller's values (not compared).
        var index: Int32

        static func == (lhs: Self, rhs: Self) -> Bool {
            lhs.id == rhs.id && lhs.position == rhs.position && lhs.placedAt == rhs.placedAt
                && lhs.deletedBy == rhs.deletedBy
        }
    }

    func canonicalElements() -> [CanonicalElement] {
        elements.enumerated().map { index, element in
            CanonicalElement(
                id: opID(element.id), position: opID(element.position), placedAt: placement(of: element),
                deletedBy: optionalOpID(element.deletedBy.optional), index: Int32(index))
        }.sorted { $0.id < $1.id }
    }

    /// Deletes of elements not here yet, as (element, delete) by element.
    func canonicalEarlyDeletes() -> [[OpID]] {
        earlyDeletes.map { [opID($0.key), opID($0.value)] }.sorted { $0[0] < $1[0] }
    }
}
