import Foundation
import HearthAPI
import Testing

/// The API's dates: ISO 8601 in UTC with milliseconds, the same as Foundation writes them.
@Suite struct TimestampTests {
    @Test func datesAreWrittenAsFoundationWritesThem() {
        let reference = ISO8601DateFormatter()
        reference.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        reference.timeZone = TimeZone(identifier: "UTC")
        var random = SystemRandomNumberGenerator()
        let fixed: [Double] = [0, 0.001, 86_399.999, 951_782_400, 1_796_559_620.037, 4_102_444_799.999, -1, -86_400.5]
        let samples =
            fixed
            + (0..<2000).map { _ in
                Double(Int64.random(in: -2_000_000_000_000...7_000_000_000_000, using: &random)) / 1000
            }
        for seconds in samples {
            let date = Date(timeIntervalSince1970: seconds)
            #expect(Timestamps.format(date) == reference.string(from: date), "\(seconds)")
        }
    }
}
