extension Array {
    /// Makes room for `more` elements exactly when they are at least an eighth of what is there;
    /// otherwise appending grows the storage geometrically, as usual.
    mutating func reserveRoom(for more: Int) {
        guard count + more > capacity, more >= count / 8 else { return }
        reserveCapacity(count + more)
    }
}
