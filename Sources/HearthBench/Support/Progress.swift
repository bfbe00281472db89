import Foundation

/// Where a benchmark run is, on stderr, so that a slow phase is visible without disturbing the
/// results on stdout.
func progress(_ text: String) {
    FileHandle.standardError.write(Data("… \(text)\n".utf8))
}
