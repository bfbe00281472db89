import HearthStatsEngine
import Testing

/// The codec on hand-made answers: requests, what each part of an answer reads as, and answers
/// written out and read back.
struct ServerQueryTests {
    static func packet(_ text: String) -> [UInt8] { ServerQuery.prefix + Array(text.utf8) }

    static let sample = ServerStatusAnswer(
        values: [
            "sv_hostname": "^1Hearth ^7LAN", "mapname": "oa_ctf2", "g_gametype": "4", "sv_maxclients": "16",
            "fraglimit": "0", "timelimit": "15", "capturelimit": "8", "g_timestamp": "2026-11-22 07:06:04",
            "version": "ioq3 1.36", "empty": "",
        ],
        players: [
            ServerPlayer(name: "^1Sar^7ge", score: 12, ping: 0),
            ServerPlayer(name: "Joe \"the\" Bob", score: -3, ping: 48),
            ServerPlayer(name: "", score: 0, ping: 999),
        ])

    @Test func requestsAreFourFFBytesThenTheCommandAndALineBreak() throws {
        #expect(ServerQuery.statusRequest() == Self.packet("getstatus\n"))
        #expect(try ServerQuery.statusRequest(challenge: "c0ffee") == Self.packet("getstatus c0ffee\n"))
        #expect(try ServerQuery.infoRequest(challenge: "xxx") == Self.packet("getinfo xxx\n"))
        #expect(
            try ServerQuery.infoRequest(challenge: "hearth-7f3a") == [0xFF, 0xFF, 0xFF, 0xFF]
                + Array("getinfo hearth-7f3a\n".utf8))
    }

    @Test(arguments: [
        "", "two words", "a\\b", "semi;colon", "quo\"te", "line\nbreak", "//comment",
        String(repeating: "x", count: 129), "é",
    ])
    func challengesTheServerWouldNotEchoAreRefused(_ challenge: String) {
        let error = #expect(throws: ServerQueryError.self) { try ServerQuery.infoRequest(challenge: challenge) }
        #expect(error?.code == .invalidChallenge)
        #expect(throws: ServerQueryError.self) { try ServerQuery.statusRequest(challenge: challenge) }
    }

    @Test func madeChallengesAreValidAndReplayable() throws {
        var first = SplitMix64(seed: 7)
        var second = SplitMix64(seed: 7)
        let challenge = ServerQuery.makeChallenge(using: &first)
        #expect(challenge.count == 12)
        #expect(challenge == ServerQuery.makeChallenge(using: &second))
        #expect(try ServerQuery.infoRequest(challenge: challenge).count == 4 + 8 + 12 + 1)
    }

    @Test func aStatusAnswerReadsBackAfterWritingItOut() throws {
        let bytes = try ServerQuery.statusAnswer(Self.sample)
        #expect(try ServerQuery.status(bytes) == Self.sample)
        let answer = try ServerQuery.status(bytes)
        #expect(answer.hostname == "^1Hearth ^7LAN")
        #expect(answer.map == "oa_ctf2")
        #expect(answer.gameType == 4)
        #expect(answer.maxClients == 16)
        #expect(answer.fraglimit == 0)
        #expect(answer.timelimit == 15)
        #expect(answer.capturelimit == 8)
        #expect(answer.gameTimestamp == "2026-11-22 07:06:04")
        #expect(answer.version == "ioq3 1.36")
        #expect(answer.values["empty"] == "")
        #expect(answer.players[1].name == "Joe \"the\" Bob")
        #expect(answer.players[1].score == -3)
    }

    @Test func anInfoAnswerReadsBackAfterWritingItOut() throws {
        let info = ServerInfoAnswer(values: [
            "hostname": "LAN", "mapname": "oa_dm4", "gametype": "3", "clients": "5", "g_humanplayers": "2",
            "sv_maxclients": "12", "protocol": "71", "gamename": "Quake3Arena", "challenge": "abc",
        ])
        let bytes = try ServerQuery.infoAnswer(info)
        #expect(bytes.starts(with: Self.packet("infoResponse\n\\challenge\\abc\\")))
        let read = try ServerQuery.info(bytes, challenge: "abc")
        #expect(read == info)
        #expect(read.hostname == "LAN")
        #expect(read.gameType == 3)
        #expect(read.clients == 5)
        #expect(read.humans == 2)
        #expect(read.maxClients == 12)
    }

    @Test func anEmptyServerAndAnEmptyInfoStringRead() throws {
        let empty = ServerStatusAnswer(values: [:], players: [])
        #expect(try ServerQuery.statusAnswer(empty) == Self.packet("statusResponse\n\n"))
        #expect(try ServerQuery.status(Self.packet("statusResponse\n\n")) == empty)
        #expect(try ServerQuery.status(Self.packet("statusResponse\n")) == empty)
        let answer = try ServerQuery.status(Self.packet("statusResponse\n\\mapname\\oa_dm1\n"))
        #expect(answer.map == "oa_dm1")
        #expect(answer.players.isEmpty)
        #expect(answer.hostname == "")
        #expect(answer.gameType == nil)
    }

    @Test func theLastLineBreakMayBeMissing() throws {
        let full = try ServerQuery.status(Self.packet("statusResponse\n\\a\\b\n1 2 \"x\"\n3 4 \"y\"\n"))
        #expect(try ServerQuery.status(Self.packet("statusResponse\n\\a\\b\n1 2 \"x\"\n3 4 \"y\"")) == full)
        #expect(
            full.players == [ServerPlayer(name: "x", score: 1, ping: 2), ServerPlayer(name: "y", score: 3, ping: 4)])
        #expect(try ServerQuery.info(Self.packet("infoResponse\n\\challenge\\c\n"), challenge: "c").challenge == "c")
        #expect(try ServerQuery.status(Self.packet("statusResponse")) == ServerStatusAnswer(values: [:], players: []))
    }

    @Test func infoStringsReadAsTheGameReadsThem() throws {
        // No leading backslash, a repeated key (the first wins), an empty key (skipped), a key
        // without a value at the end.
        let answer = try ServerQuery.status(
            Self.packet("statusResponse\nmapname\\one\\mapname\\two\\\\skipped\\last\n"))
        #expect(answer.values == ["mapname": "one", "last": ""])
        // The command is compared without case, as the game client does.
        #expect(try ServerQuery.status(Self.packet("STATUSRESPONSE\n\\a\\b\n")).values == ["a": "b"])
        // An empty line ends the player list.
        let players = try ServerQuery.status(Self.packet("statusResponse\n\\a\\b\n1 0 \"x\"\n\ngarbage\n")).players
        #expect(players.map(\.name) == ["x"])
    }

    @Test func playerLinesAllowExtraSpacesAndNegativeScores() throws {
        let answer = try ServerQuery.status(
            Self.packet("statusResponse\n\\a\\b\n-5  0 \"^2B^3ot\"\n999999999\t12 \"\"\n"))
        #expect(
            answer.players == [
                ServerPlayer(name: "^2B^3ot", score: -5, ping: 0), ServerPlayer(name: "", score: 999_999_999, ping: 12),
            ])
    }

    @Test func invalidUTF8IsRepairedNotRefused() throws {
        let bytes =
            ServerQuery.prefix + Array("statusResponse\n\\name\\".utf8) + [0xC3, 0x28] + Array("\n0 0 \"".utf8) + [0xFF]
            + Array("\"\n".utf8)
        let answer = try ServerQuery.status(bytes)
        #expect(answer.values["name"] == "\u{FFFD}(")
        #expect(answer.players.first?.name == "\u{FFFD}")
    }

    @Test func theWriterRefusesWhatTheWireCannotCarry() {
        let badKey = ServerStatusAnswer(values: ["a\\b": "c"], players: [])
        let badValue = ServerInfoAnswer(values: ["a": "line\nbreak"])
        let badName = ServerStatusAnswer(values: [:], players: [ServerPlayer(name: "a\nb", score: 0, ping: 0)])
        let badScore = ServerStatusAnswer(
            values: [:], players: [ServerPlayer(name: "a", score: 1_000_000_000, ping: 0)])
        let emptyKey = ServerInfoAnswer(values: ["": "x"])
        #expect(throws: ServerQueryError.self) { try ServerQuery.statusAnswer(badKey) }
        #expect(throws: ServerQueryError.self) { try ServerQuery.infoAnswer(badValue) }
        #expect(throws: ServerQueryError.self) { try ServerQuery.statusAnswer(badName) }
        #expect(throws: ServerQueryError.self) { try ServerQuery.statusAnswer(badScore) }
        #expect(throws: ServerQueryError.self) { try ServerQuery.infoAnswer(emptyKey) }
        let tooMany = ServerStatusAnswer(
            values: [:], players: Array(repeating: ServerPlayer(name: "b", score: 0, ping: 0), count: 129))
        #expect(throws: ServerQueryError.self) { try ServerQuery.statusAnswer(tooMany) }
    }

    @Test func errorsSayWhatWentWrong() {
        let error = #expect(throws: ServerQueryError.self) { try ServerQuery.status([1, 2, 3]) }
        #expect(error?.code == .badPrefix)
        #expect(error?.description.hasPrefix("not an out-of-band packet: ") == true)
    }

    @Test func addressesReadAndPrint() {
        #expect(ServerAddress("10.0.0.5:27961") == ServerAddress(host: "10.0.0.5", port: 27961))
        #expect(ServerAddress("10.0.0.5") == ServerAddress(host: "10.0.0.5", port: 27960))
        #expect(ServerAddress("lan-box:27960")?.host == "lan-box")
        #expect(ServerAddress("[fe80::1]:27962") == ServerAddress(host: "fe80::1", port: 27962))
        #expect(ServerAddress("fe80::1") == ServerAddress(host: "fe80::1"))
        #expect(ServerAddress("[fe80::1]:27962")?.description == "[fe80::1]:27962")
        #expect(ServerAddress("10.0.0.5:27960")?.description == "10.0.0.5:27960")
        for bad in ["", ":27960", "10.0.0.5:0", "10.0.0.5:65536", "10.0.0.5:x", "[fe80::1", "[::1]x", "a b:1"] {
            #expect(ServerAddress(bad) == nil, "\(bad)")
        }
        #expect(
            [
                ServerAddress(host: "10.0.0.10"), ServerAddress(host: "10.0.0.9", port: 27961),
                ServerAddress(host: "10.0.0.9"),
            ]
            .sorted().map(\.description) == ["10.0.0.9:27960", "10.0.0.9:27961", "10.0.0.10:27960"])
    }
}
