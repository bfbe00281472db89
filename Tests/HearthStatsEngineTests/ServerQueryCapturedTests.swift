import Foundation
import HearthStatsEngine
import Testing

/// Answers from a real server, read as captured.
///
/// Captured 2026-12-06 13:11–13:12 UTC from OpenArena 0.8.8 (Debian `openarena-server`
/// 0.8.8+dfsg-6, engine "ioq3 1.36+u20221123.70d07d9+dfsg-1/Debian"), run headless on
/// 127.0.0.1:27960 with master servers off and four bots at skill 3 on oa_dm1, free for all
/// (the command line in /work/shared/notes/openarena.md). A Python UDP socket sent each query
/// (`\xff\xff\xff\xff` + command + `\n`) and the datagram that came back is stored here as
/// base64, byte for byte. `sv_hostname` was set to `^1LAN^7-party ^3test` on the server's
/// console between the first three captures and the last two.
enum CapturedAnswer {
    /// `getstatus` (884 bytes).
    static let status = bytes(
        """
        /////3N0YXR1c1Jlc3BvbnNlClxjb21fcHJvdG9jb2xcNzFcc3ZfaG9zdG5hbWVcTEFOLXBhcnR5IHRlc3RcYm90X21pbnBsYXllcnNcNFxn
        X2dhbWV0eXBlXDBcZnJhZ2xpbWl0XDEwXHRpbWVsaW1pdFwxMFx2ZXJzaW9uXGlvcTMgMS4zNit1MjAyMjExMjMuNzBkMDdkOStkZnNnLTEv
        RGViaWFuIGxpbnV4LXg4Nl82NCBKYW4gIDggMjAyM1xjb21fZ2FtZW5hbWVcUXVha2UzQXJlbmFcZG1mbGFnc1wwXG1hcG5hbWVcb2FfZG0x
        XHN2X3ByaXZhdGVDbGllbnRzXDBcc3ZfbWF4Y2xpZW50c1w4XHN2X21pblJhdGVcMFxzdl9tYXhSYXRlXDBcc3ZfZGxSYXRlXDEwMFxzdl9t
        aW5QaW5nXDBcc3ZfbWF4UGluZ1wwXHN2X2Zsb29kUHJvdGVjdFwxXHN2X2FsbG93RG93bmxvYWRcMFxnYW1lbmFtZVxiYXNlb2FcZ19tYXhH
        YW1lQ2xpZW50c1wwXHZpZGVvZmxhZ3NcN1xlbGltZmxhZ3NcMFx2b3RlZmxhZ3NcNzY3XGNhcHR1cmVsaW1pdFw4XGdfZG9XYXJtdXBcMFxn
        X25lZWRwYXNzXDBcZ19hbGxvd1ZvdGVcMVxnX3ZvdGVHYW1ldHlwZXNcLzAvMS8zLzQvNS82LzcvOC85LzEwLzExLzEyL1xnX3ZvdGVNYXhU
        aW1lbGltaXRcMTAwMFxnX3ZvdGVNaW5UaW1lbGltaXRcMFxnX3ZvdGVNYXhGcmFnbGltaXRcMFxnX3ZvdGVNaW5GcmFnbGltaXRcMFxnX29i
        ZWxpc2tSZXNwYXduRGVsYXlcMTBcZ19lbmFibGVEdXN0XDBcZ19lbmFibGVCcmVhdGhcMFxnX2RlbGFnSGl0c2NhblwwXGVsaW1pbmF0aW9u
        X3JvdW5kdGltZVwxMjBcZ19yb2NrZXRzXDBcZ19pbnN0YW50Z2liXDBcZ19sbXNfbW9kZVwwXGdfYWx0RXhjZWxsZW50XDBcZ190aW1lc3Rh
        bXBcMjAyNi0xMi0wNiAxMzoxMToxNAoyIDAgIkFuZ2VseXNzIgowIDAgIkdyaXNtIgowIDAgIk1ham9yIgowIDAgIlNhcmdlIgo=
        """)

    /// `getinfo hearth-7f3a` (195 bytes).
    static let info = bytes(
        """
        /////2luZm9SZXNwb25zZQpcdm9pcFxvcHVzXGdfbmVlZHBhc3NcMFxwdXJlXDFcZ2FtZXR5cGVcMFxzdl9tYXhjbGllbnRzXDhcZ19odW1h
        bnBsYXllcnNcMFxjbGllbnRzXDRcbWFwbmFtZVxvYV9kbTFcaG9zdG5hbWVcTEFOLXBhcnR5IHRlc3RccHJvdG9jb2xcNzFcZ2FtZW5hbWVc
        UXVha2UzQXJlbmFcY2hhbGxlbmdlXGhlYXJ0aC03ZjNh
        """)

    /// `getstatus c0ffee` (901 bytes).
    static let statusWithChallenge = bytes(
        """
        /////3N0YXR1c1Jlc3BvbnNlClxjaGFsbGVuZ2VcYzBmZmVlXGNvbV9wcm90b2NvbFw3MVxzdl9ob3N0bmFtZVxMQU4tcGFydHkgdGVzdFxi
        b3RfbWlucGxheWVyc1w0XGdfZ2FtZXR5cGVcMFxmcmFnbGltaXRcMTBcdGltZWxpbWl0XDEwXHZlcnNpb25caW9xMyAxLjM2K3UyMDIyMTEy
        My43MGQwN2Q5K2Rmc2ctMS9EZWJpYW4gbGludXgteDg2XzY0IEphbiAgOCAyMDIzXGNvbV9nYW1lbmFtZVxRdWFrZTNBcmVuYVxkbWZsYWdz
        XDBcbWFwbmFtZVxvYV9kbTFcc3ZfcHJpdmF0ZUNsaWVudHNcMFxzdl9tYXhjbGllbnRzXDhcc3ZfbWluUmF0ZVwwXHN2X21heFJhdGVcMFxz
        dl9kbFJhdGVcMTAwXHN2X21pblBpbmdcMFxzdl9tYXhQaW5nXDBcc3ZfZmxvb2RQcm90ZWN0XDFcc3ZfYWxsb3dEb3dubG9hZFwwXGdhbWVu
        YW1lXGJhc2VvYVxnX21heEdhbWVDbGllbnRzXDBcdmlkZW9mbGFnc1w3XGVsaW1mbGFnc1wwXHZvdGVmbGFnc1w3NjdcY2FwdHVyZWxpbWl0
        XDhcZ19kb1dhcm11cFwwXGdfbmVlZHBhc3NcMFxnX2FsbG93Vm90ZVwxXGdfdm90ZUdhbWV0eXBlc1wvMC8xLzMvNC81LzYvNy84LzkvMTAv
        MTEvMTIvXGdfdm90ZU1heFRpbWVsaW1pdFwxMDAwXGdfdm90ZU1pblRpbWVsaW1pdFwwXGdfdm90ZU1heEZyYWdsaW1pdFwwXGdfdm90ZU1p
        bkZyYWdsaW1pdFwwXGdfb2JlbGlza1Jlc3Bhd25EZWxheVwxMFxnX2VuYWJsZUR1c3RcMFxnX2VuYWJsZUJyZWF0aFwwXGdfZGVsYWdIaXRz
        Y2FuXDBcZWxpbWluYXRpb25fcm91bmR0aW1lXDEyMFxnX3JvY2tldHNcMFxnX2luc3RhbnRnaWJcMFxnX2xtc19tb2RlXDBcZ19hbHRFeGNl
        bGxlbnRcMFxnX3RpbWVzdGFtcFwyMDI2LTEyLTA2IDEzOjExOjE0CjEgMCAiQW5nZWx5c3MiCjAgMCAiR3Jpc20iCjAgMCAiTWFqb3IiCjAg
        MCAiU2FyZ2UiCg==
        """)

    /// `getstatus` (890 bytes).
    static let statusColouredHostname = bytes(
        """
        /////3N0YXR1c1Jlc3BvbnNlClxjb21fcHJvdG9jb2xcNzFcc3ZfaG9zdG5hbWVcXjFMQU5eNy1wYXJ0eSBeM3Rlc3RcYm90X21pbnBsYXll
        cnNcNFxnX2dhbWV0eXBlXDBcZnJhZ2xpbWl0XDEwXHRpbWVsaW1pdFwxMFx2ZXJzaW9uXGlvcTMgMS4zNit1MjAyMjExMjMuNzBkMDdkOStk
        ZnNnLTEvRGViaWFuIGxpbnV4LXg4Nl82NCBKYW4gIDggMjAyM1xjb21fZ2FtZW5hbWVcUXVha2UzQXJlbmFcZG1mbGFnc1wwXG1hcG5hbWVc
        b2FfZG0xXHN2X3ByaXZhdGVDbGllbnRzXDBcc3ZfbWF4Y2xpZW50c1w4XHN2X21pblJhdGVcMFxzdl9tYXhSYXRlXDBcc3ZfZGxSYXRlXDEw
        MFxzdl9taW5QaW5nXDBcc3ZfbWF4UGluZ1wwXHN2X2Zsb29kUHJvdGVjdFwxXHN2X2FsbG93RG93bmxvYWRcMFxnYW1lbmFtZVxiYXNlb2Fc
        Z19tYXhHYW1lQ2xpZW50c1wwXHZpZGVvZmxhZ3NcN1xlbGltZmxhZ3NcMFx2b3RlZmxhZ3NcNzY3XGNhcHR1cmVsaW1pdFw4XGdfZG9XYXJt
        dXBcMFxnX25lZWRwYXNzXDBcZ19hbGxvd1ZvdGVcMVxnX3ZvdGVHYW1ldHlwZXNcLzAvMS8zLzQvNS82LzcvOC85LzEwLzExLzEyL1xnX3Zv
        dGVNYXhUaW1lbGltaXRcMTAwMFxnX3ZvdGVNaW5UaW1lbGltaXRcMFxnX3ZvdGVNYXhGcmFnbGltaXRcMFxnX3ZvdGVNaW5GcmFnbGltaXRc
        MFxnX29iZWxpc2tSZXNwYXduRGVsYXlcMTBcZ19lbmFibGVEdXN0XDBcZ19lbmFibGVCcmVhdGhcMFxnX2RlbGFnSGl0c2NhblwwXGVsaW1p
        bmF0aW9uX3JvdW5kdGltZVwxMjBcZ19yb2NrZXRzXDBcZ19pbnN0YW50Z2liXDBcZ19sbXNfbW9kZVwwXGdfYWx0RXhjZWxsZW50XDBcZ190
        aW1lc3RhbXBcMjAyNi0xMi0wNiAxMzoxMToxNAoyIDAgIkFuZ2VseXNzIgoyIDAgIkdyaXNtIgowIDAgIk1ham9yIgoxIDAgIlNhcmdlIgo=
        """)

    /// `getinfo xxx` (193 bytes).
    static let infoColouredHostname = bytes(
        """
        /////2luZm9SZXNwb25zZQpcdm9pcFxvcHVzXGdfbmVlZHBhc3NcMFxwdXJlXDFcZ2FtZXR5cGVcMFxzdl9tYXhjbGllbnRzXDhcZ19odW1h
        bnBsYXllcnNcMFxjbGllbnRzXDRcbWFwbmFtZVxvYV9kbTFcaG9zdG5hbWVcXjFMQU5eNy1wYXJ0eSBeM3Rlc3RccHJvdG9jb2xcNzFcZ2Ft
        ZW5hbWVcUXVha2UzQXJlbmFcY2hhbGxlbmdlXHh4eA==
        """)

    private static func bytes(_ base64: String) -> [UInt8] {
        Array(Data(base64Encoded: base64, options: .ignoreUnknownCharacters) ?? Data())
    }
}

struct ServerQueryCapturedTests {
    @Test func capturedAnswersHaveTheirRecordedSizes() {
        #expect(CapturedAnswer.status.count == 884)
        #expect(CapturedAnswer.info.count == 195)
        #expect(CapturedAnswer.statusWithChallenge.count == 901)
        #expect(CapturedAnswer.statusColouredHostname.count == 890)
        #expect(CapturedAnswer.infoColouredHostname.count == 193)
    }

    @Test func aRealStatusAnswerReadsIntoTypedFields() throws {
        let answer = try ServerQuery.status(CapturedAnswer.status)
        #expect(answer.hostname == "LAN-party test")
        #expect(answer.map == "oa_dm1")
        #expect(answer.gameType == 0)
        #expect(answer.maxClients == 8)
        #expect(answer.fraglimit == 10)
        #expect(answer.timelimit == 10)
        #expect(answer.capturelimit == 8)
        #expect(answer.gameTimestamp == "2026-12-06 13:11:14")
        #expect(answer.version == "ioq3 1.36+u20221123.70d07d9+dfsg-1/Debian linux-x86_64 Jan  8 2023")
        #expect(answer.challenge == nil)
        #expect(answer.values.count == 43)
        #expect(answer.values["g_voteGametypes"] == "/0/1/3/4/5/6/7/8/9/10/11/12/")
        #expect(
            answer.players == [
                ServerPlayer(name: "Angelyss", score: 2, ping: 0), ServerPlayer(name: "Grism", score: 0, ping: 0),
                ServerPlayer(name: "Major", score: 0, ping: 0), ServerPlayer(name: "Sarge", score: 0, ping: 0),
            ])
    }

    @Test func aRealStatusAnswerEchoesItsChallenge() throws {
        let answer = try ServerQuery.status(CapturedAnswer.statusWithChallenge, challenge: "c0ffee")
        #expect(answer.challenge == "c0ffee")
        #expect(answer.players.map(\.name) == ["Angelyss", "Grism", "Major", "Sarge"])
        #expect(answer.players.allSatisfy { $0.ping == 0 })
        #expect(throws: ServerQueryError.self) {
            try ServerQuery.status(CapturedAnswer.statusWithChallenge, challenge: "beef")
        }
        // Asked without a challenge, the answer names none: a challenge was expected but not echoed.
        #expect(throws: ServerQueryError.self) { try ServerQuery.status(CapturedAnswer.status, challenge: "c0ffee") }
    }

    @Test func aRealInfoAnswerReadsAndChecksItsChallenge() throws {
        let answer = try ServerQuery.info(CapturedAnswer.info, challenge: "hearth-7f3a")
        #expect(answer.hostname == "LAN-party test")
        #expect(answer.map == "oa_dm1")
        #expect(answer.gameType == 0)
        #expect(answer.maxClients == 8)
        #expect(answer.clients == 4)
        #expect(answer.humans == 0)
        #expect(answer.protocolVersion == 71)
        #expect(answer.gameName == "Quake3Arena")
        #expect(answer.values["voip"] == "opus")
        let error = #expect(throws: ServerQueryError.self) {
            try ServerQuery.info(CapturedAnswer.info, challenge: "xxx")
        }
        #expect(error?.code == .challengeMismatch)
    }

    @Test func colourCodesAreKept() throws {
        let status = try ServerQuery.status(CapturedAnswer.statusColouredHostname)
        #expect(status.hostname == "^1LAN^7-party ^3test")
        #expect(PlayerName.plain(status.hostname) == "LAN-party test")
        #expect(status.players.map(\.score) == [2, 2, 0, 1])
        let info = try ServerQuery.info(CapturedAnswer.infoColouredHostname, challenge: "xxx")
        #expect(info.hostname == "^1LAN^7-party ^3test")
    }

    @Test func theAnswersOfOneServerAgree() throws {
        let status = try ServerQuery.status(CapturedAnswer.status)
        let info = try ServerQuery.info(CapturedAnswer.info, challenge: "hearth-7f3a")
        #expect(status.hostname == info.hostname)
        #expect(status.map == info.map)
        #expect(status.gameType == info.gameType)
        #expect(status.maxClients == info.maxClients)
        #expect(status.players.count == info.clients)
    }

    @Test func realAnswersReadBackAfterWritingThemOut() throws {
        let status = try ServerQuery.status(CapturedAnswer.statusWithChallenge)
        #expect(try ServerQuery.status(ServerQuery.statusAnswer(status), challenge: "c0ffee") == status)
        let info = try ServerQuery.info(CapturedAnswer.info, challenge: "hearth-7f3a")
        #expect(try ServerQuery.info(ServerQuery.infoAnswer(info), challenge: "hearth-7f3a") == info)
    }

    @Test func aLANScanFindsTheRealServer() throws {
        let server = ServerAddress(host: "192.168.1.20", port: 27960)
        let found = LANScan.servers(
            answers: [(server, CapturedAnswer.infoColouredHostname), (server, CapturedAnswer.status)], challenge: "xxx")
        #expect(found.map(\.address) == [server])
        #expect(found.first?.info.clients == 4)
    }
}
