/// A min-heap of timed events; events at the same time come out in the order they were added,
/// so a run is the same every time. The heap holds only times and slots; the events themselves
/// stay put in `slots`, so sifting moves no payloads.
struct EventQueue<Event> {
    private var heap: [(time: Double, order: UInt64, slot: Int32)] = []
    private var slots: [Event?] = []
    private var free: [Int32] = []
    private var added: UInt64 = 0

    var isEmpty: Bool { heap.isEmpty }
    var count: Int { heap.count }
    var nextTime: Double? { heap.first?.time }

    mutating func push(_ event: Event, at time: Double) {
        added += 1
        let slot: Int32
        if let reused = free.popLast() {
            slot = reused
            slots[Int(reused)] = event
        } else {
            slot = Int32(slots.count)
            slots.append(event)
        }
        heap.append((time, added, slot))
        var child = heap.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard precedes(child, parent) else { break }
            heap.swapAt(child, parent)
            child = parent
        }
    }

    mutating func pop() -> (time: Double, event: Event)? {
        guard !heap.isEmpty else { return nil }
        heap.swapAt(0, heap.count - 1)
        let top = heap.removeLast()
        var parent = 0
        while true {
            let left = 2 * parent + 1
            let right = left + 1
            var smallest = parent
            if left < heap.count && precedes(left, smallest) { smallest = left }
            if right < heap.count && precedes(right, smallest) { smallest = right }
            guard smallest != parent else { break }
            heap.swapAt(parent, smallest)
            parent = smallest
        }
        let event = slots[Int(top.slot)].take()!
        free.append(top.slot)
        return (top.time, event)
    }

    private func precedes(_ a: Int, _ b: Int) -> Bool {
        heap[a].time < heap[b].time || (heap[a].time == heap[b].time && heap[a].order < heap[b].order)
    }
}
