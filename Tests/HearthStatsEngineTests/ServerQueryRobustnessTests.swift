@_spi(Fuzzing) import HearthStatsEngine
import Testing

/// Whatever arrives on the query socket ends in an answer or a `ServerQueryError`, never a trap,
/// and nothing over the limits is read.
struct ServerQueryRobustnessTests {
    static func packet(_ text: String) -> [UInt8] { ServerQuery.prefix + Array(text.utf8) }

    static func statusWithPlayers(_ count: Int) -> [UInt8] {
        packet("statusResponse\n\\sv_hostname\\crowd\n" + String(repeating: "1 0 \"bot\"\n", count: count))
    }

    @Test func aStatusAnswerCutAnywhereReadsAsAShorterAnswerOrThrows() throws {
        for captured in [CapturedAnswer.status, CapturedAnswer.statusWithChallenge] {
            let full = try ServerQuery.status(captured)
            var refused = 0
            for length in 0..<captured.count {
                let cut = Array(captured.prefix(length))
                guard let answer = try? ServerQuery.status(cut) else {
                    refused += 1
                    continue
                }
                // What reads is what the server sent, only less of it.
                #expect(full.players.starts(with: answer.players), "cut at \(length)")
                for (key, value) in answer.values {
                    let whole = full.values[key]
                    let cutKey = value.isEmpty && full.values.keys.contains { $0.hasPrefix(key) }
                    #expect(whole?.hasPrefix(value) == true || cutKey, "cut at \(length): \(key)")
                }
                StatsFuzzing.runServerAnswer(cut)
            }
            // The prefix and the command line, and every cut inside a player line, are refused.
            #expect(refused >= 18 + 4 * 8, "\(refused)")
        }
    }

    @Test func anInfoAnswerCutAnywhereIsRefused() {
        // The server writes `challenge` last, so any cut loses it or shortens it.
        for (captured, challenge) in [
            (CapturedAnswer.info, "hearth-7f3a"), (CapturedAnswer.infoColouredHostname, "xxx"),
        ] {
            for length in 0..<captured.count {
                #expect(throws: ServerQueryError.self, "cut at \(length)") {
                    try ServerQuery.info(Array(captured.prefix(length)), challenge: challenge)
                }
            }
        }
    }

    @Test func randomBytesNeverTrap() {
        var random = SplitMix64(seed: 0x0A_0A_0A)
        let heads = [[], ServerQuery.prefix, Self.packet("statusResponse\n"), Self.packet("infoResponse\n\\")]
        var read = 0
        for round in 0..<2_000 {
            let head = heads[round % heads.count]
            let body = (0..<Int(random.next() % 600)).map { _ in
                switch random.next() % 8 {
                case 0: UInt8(ascii: "\n")
                case 1: UInt8(ascii: "\\")
                case 2: UInt8(ascii: "\"")
                case 3: UInt8(ascii: " ")
                case 4: UInt8(ascii: "0") + UInt8(random.next() % 10)
                default: UInt8(truncatingIfNeeded: random.next())
                }
            }
            StatsFuzzing.runServerAnswer(head + body)
            if (try? ServerQuery.status(head + body)) != nil { read += 1 }
        }
        // Some of it gets past the command line, so the deeper parts are exercised too.
        #expect(read > 30, "\(read)")
    }

    @Test func mutatedRealAnswersNeverTrap() {
        var random = SplitMix64(seed: 27960)
        let answers = [CapturedAnswer.status, CapturedAnswer.info, CapturedAnswer.statusWithChallenge]
        for round in 0..<1_500 {
            var bytes = answers[round % answers.count]
            for _ in 0..<(1 + random.next() % 6) {
                let index = Int(random.next() % UInt64(bytes.count))
                switch random.next() % 4 {
                case 0: bytes[index] = UInt8(truncatingIfNeeded: random.next())
                case 1: bytes.remove(at: index)
                case 2: bytes.insert(random.next() % 2 == 0 ? UInt8(ascii: "\n") : UInt8(ascii: "\\"), at: index)
                default: bytes[index] = UInt8(ascii: "\"")
                }
                if bytes.isEmpty { break }
            }
            StatsFuzzing.runServerAnswer(bytes)
        }
    }

    @Test func theFuzzSeedsReadAndNeverTrap() throws {
        let seeds = StatsFuzzing.seeds().filter { $0.key.hasPrefix("server-") }
        #expect(seeds.count == 4)
        for (_, bytes) in seeds { StatsFuzzing.runServerAnswer(bytes) }
        let status = try ServerQuery.status(try #require(seeds["server-status-challenge"]), challenge: "c0ffee")
        #expect(status.players.map(\.name) == ["^1Sar^7ge", "a \"quoted\" name"])
        #expect(try ServerQuery.info(try #require(seeds["server-info"]), challenge: "xxx").clients == 4)
        // The log seeds are still there.
        #expect(Set(["ffa", "tdm", "ctf", "aborted"]).isSubset(of: StatsFuzzing.seeds().keys))
    }

    @Test func anAnswerOver16KBIsRefused() throws {
        let limit = ServerQuery.Limits.answerBytes
        // Keys of 1000-byte values, the last one padded so that the answer is exactly the limit.
        var text = "statusResponse\n"
        for key in 0... {
            let entry = "\\k\(key)\\"
            let room = limit - ServerQuery.prefix.count - text.utf8.count - entry.utf8.count - 1
            text += entry + String(repeating: "z", count: min(room, 1000))
            if room <= 1000 { break }
        }
        let atLimit = Self.packet(text + "\n")
        #expect(atLimit.count == limit)
        #expect(try ServerQuery.status(atLimit).values.count == 17)
        let error = #expect(throws: ServerQueryError.self) { try ServerQuery.status(atLimit + [UInt8(ascii: "\n")]) }
        #expect(error?.code == .tooLarge)
        let info = #expect(throws: ServerQueryError.self) {
            try ServerQuery.info(atLimit + Array(repeating: 0, count: 50_000), challenge: "xxx")
        }
        #expect(info?.code == .tooLarge)
    }

    @Test func moreThan128PlayersAreRefused() throws {
        #expect(try ServerQuery.status(Self.statusWithPlayers(128)).players.count == 128)
        let error = #expect(throws: ServerQueryError.self) { try ServerQuery.status(Self.statusWithPlayers(129)) }
        #expect(error?.code == .tooManyPlayers)
    }

    @Test func moreThan256KeysAreRefused() throws {
        func info(_ keys: Int) -> [UInt8] {
            Self.packet("infoResponse\n" + (0..<keys).map { "\\k\($0)\\v" }.joined() + "\\challenge\\c")
        }
        #expect(try ServerQuery.info(info(255), challenge: "c").values.count == 256)
        let error = #expect(throws: ServerQueryError.self) { try ServerQuery.info(info(256), challenge: "c") }
        #expect(error?.code == .tooManyKeys)
    }

    @Test func fieldsOver1024BytesAreRefused() throws {
        let fits = String(repeating: "k", count: 1024)
        let over = String(repeating: "k", count: 1025)
        #expect(
            try ServerQuery.status(Self.packet("statusResponse\n\\\(fits)\\\(fits)\n0 0 \"\(fits)\"\n")).players.count
                == 1)
        for text in [
            "statusResponse\n\\\(over)\\v\n", "statusResponse\n\\k\\\(over)\n",
            "statusResponse\n\\k\\v\n0 0 \"\(over)\"\n",
            "statusResponse\n\\k\\v\\\(over)",
        ] {
            let error = #expect(throws: ServerQueryError.self) { try ServerQuery.status(Self.packet(text)) }
            #expect(error?.code == .fieldTooLong)
        }
    }

    @Test(arguments: [
        [], [0xFF, 0xFF, 0xFF], [0xFE, 0xFF, 0xFF, 0xFF], [0xFF, 0xFF, 0xFF, 0x00],
        Array("statusResponse\n\\a\\b\n".utf8), Array("\u{FF}\u{FF}\u{FF}\u{FF}statusResponse\n".utf8),
    ])
    func aWrongPrefixIsRefused(_ bytes: [UInt8]) {
        let error = #expect(throws: ServerQueryError.self) { try ServerQuery.status(bytes) }
        #expect(error?.code == .badPrefix)
        #expect(throws: ServerQueryError.self) { try ServerQuery.info(bytes, challenge: "xxx") }
    }

    @Test(arguments: [
        "infoResponse\n\\a\\b\n", "statusResponse \n", "statusResponseX\n", "print\nhello\n", "",
        "getstatus\n",
    ])
    func anotherAnswerIsNotAStatus(_ text: String) {
        let error = #expect(throws: ServerQueryError.self) { try ServerQuery.status(Self.packet(text)) }
        #expect(error?.code == .unexpectedAnswer)
    }

    @Test(arguments: [
        "x", "1", "1 2", "1 2 ", "1 2 x", "1 2 \"x", "1 \"x\"", "a 2 \"x\"", "1 b \"x\"", "1234567890 0 \"x\"",
        "0 1234567890 \"x\"", "- 0 \"x\"", "1-2 0 \"x\"",
    ])
    func aBadPlayerLineIsRefused(_ line: String) {
        let error = #expect(throws: ServerQueryError.self) {
            try ServerQuery.status(Self.packet("statusResponse\n\\a\\b\n0 0 \"ok\"\n\(line)\n"))
        }
        #expect(error?.code == .badPlayerLine)
    }

    @Test func aStatusAnswerIsNotAnInfoAnswer() {
        let error = #expect(throws: ServerQueryError.self) {
            try ServerQuery.info(CapturedAnswer.status, challenge: "xxx")
        }
        #expect(error?.code == .unexpectedAnswer)
    }
}
