import Testing

@testable import HearthStatsEngine

@Suite struct PlayerNameTests {
    @Test(arguments: [
        ("^1Sar^7ge", "Sarge"), ("Doom", "Doom"), ("^0^1^2^3^4^5^6^7^8^9x", "x"), ("^^1337", "^1337"),
        ("a^b^", "a^b^"), ("^", "^"), ("^^^1z", "^z"), ("^3Ünïcødé^7", "Ünïcødé"), ("", ""),
    ])
    func plainNamesDropColourCodes(name: String, plain: String) {
        #expect(PlayerName.plain(name) == plain)
    }
}
