import Foundation
import HearthStatsModels
import Testing

@testable import HearthStatsEngine

@Suite struct PlayerProfileTests {
    typealias F = RecordFixtures

    static let records = [
        F.match(
            map: "q3dm17",
            players: [
                F.player(
                    "^1me", frags: 6, deaths: 3, weapons: ["MOD_RAILGUN": 4, "MOD_ROCKET": 2],
                    victims: ["foe": 4, "pal": 2]),
                F.player("foe", frags: 2, deaths: 5, weapons: ["MOD_ROCKET": 2], victims: ["^1me": 2]),
                F.player("pal", frags: 2, deaths: 3, victims: ["^1me": 1, "foe": 1]),
            ],
            kills: [F.kill("^1me", "foe"), F.kill("^1me", "foe"), F.kill("foe", "^1me"), F.kill("^1me", "pal")]),
        F.match(
            minute: 15, map: "q3dm6",
            players: [
                F.player("^1me", frags: 1, deaths: 4, weapons: ["MOD_ROCKET": 1], victims: ["pal": 1]),
                F.player("foe", frags: 4, deaths: 1, weapons: ["MOD_SHOTGUN": 4], victims: ["^1me": 4]),
                F.player("pal", frags: 0, deaths: 0),
            ]),
        F.match(
            minute: 30, map: "q3dm17", gameType: 1,
            players: [
                F.player("^1me", frags: 5, deaths: 0, weapons: ["MOD_RAILGUN": 5], victims: ["foe": 5]),
                F.player("foe", frags: 0, deaths: 5),
            ]),
        F.duel(minute: 45, "foe", "pal"),
    ]

    @Test func listsEveryMatchWithResultPlacementAndRating() {
        let profile = PlayerProfile(name: "^1me", records: Self.records.reversed())
        #expect(profile.plainName == "me")
        #expect(profile.matches.map(\.map) == ["q3dm17", "q3dm6", "q3dm17"])
        #expect(profile.matches.map(\.won) == [true, false, true])
        #expect(profile.matches.map(\.placement) == [1, 2, 1])
        #expect(profile.matches.map(\.mode) == [.freeForAll, .freeForAll, .tournament])
        #expect(profile.matches[0].bestKillStreak == 2)
        #expect(profile.matches[1].killDeathRatio == 0.25)
        let ffa = RatingLedger.ratings(from: Self.records, mode: .freeForAll)["^1me"]!
        // The FFA duel after this player's last FFA match is a period they sat out: only RD grows.
        #expect(Glicko2().idle(profile.matches[1].ratingAfter!) == ffa)
        #expect(profile.matches[1].ratingAfter!.deviation < ffa.deviation)
        #expect(profile.matches[2].ratingAfter == profile.ratings[.tournament])
        #expect(profile.ratings[.freeForAll] == ffa)
        #expect(profile.ratings[.tournament] == RatingLedger.ratings(from: Self.records, mode: .tournament)["^1me"])
        #expect(profile.trend.map(\.killDeathRatio) == [2, 0.25, 5])
        #expect(profile.trend.map(\.rating) == profile.matches.map(\.ratingAfter))
    }

    @Test func breaksDownByMapAndWeapon() {
        let profile = PlayerProfile(name: "^1me", records: Self.records)
        #expect(profile.maps.map(\.map) == ["q3dm17", "q3dm6"])
        #expect(profile.maps[0].totals.matches == 2 && profile.maps[0].totals.kills == 11)
        #expect(profile.maps[0].totals.wins == 2)
        #expect(
            profile.weapons == [
                WeaponBreakdown(weapon: "MOD_RAILGUN", kills: 9), WeaponBreakdown(weapon: "MOD_ROCKET", kills: 3),
            ])
        #expect(profile.favouriteWeapon == "MOD_RAILGUN")
        #expect(profile.totals.kills == 12 && profile.totals.deaths == 7 && profile.totals.wins == 2)
    }

    @Test func nemesisKilledThemMostAndFavouriteVictimWasKilledMost() {
        let profile = PlayerProfile(name: "^1me", records: Self.records)
        #expect(profile.nemesis == Rival(name: "foe", plainName: "foe", kills: 6))
        #expect(profile.favouriteVictim == Rival(name: "foe", plainName: "foe", kills: 9))
        let pal = PlayerProfile(name: "pal", records: Self.records)
        #expect(pal.nemesis == Rival(name: "^1me", plainName: "me", kills: 3))
        // One kill each of ^1me and foe: the first name wins the tie.
        #expect(pal.favouriteVictim == Rival(name: "^1me", plainName: "me", kills: 1))
    }

    @Test func sinceAndModeNarrowTheMatchesButNotTheRatings() {
        let cut = RecordFixtures.start.addingTimeInterval(15 * 60)
        let recent = PlayerProfile(name: "^1me", records: Self.records, since: cut)
        #expect(recent.matches.count == 2 && recent.totals.kills == 6)
        #expect(recent.nemesis == Rival(name: "foe", plainName: "foe", kills: 4))
        #expect(recent.ratings == PlayerProfile(name: "^1me", records: Self.records).ratings)
        let duels = PlayerProfile(name: "^1me", records: Self.records, mode: .tournament)
        #expect(duels.matches.count == 1 && duels.ratings.keys.elementsEqual([.tournament]))
    }

    @Test func anUnknownPlayerHasAnEmptyProfile() {
        let nobody = PlayerProfile(name: "me", records: Self.records)  // colour codes matter
        #expect(nobody.matches.isEmpty && nobody.nemesis == nil && nobody.favouriteWeapon == nil)
        #expect(nobody.ratings.isEmpty && nobody.totals == PlayerTotals())
    }
}
