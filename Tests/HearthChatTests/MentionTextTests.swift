import HearthCrypto
import HearthNode
import Testing

@testable import HearthChat

/// How typed mentions become `<@ID>` tokens, and how tokens show.
@Suite struct MentionTextTests {
    let bob = MentionText.Candidate(id: NodeIdentity.generate().id, name: "bob")
    let bobby = MentionText.Candidate(id: NodeIdentity.generate().id, name: "Bob Marley")
    let carol = MentionText.Candidate(id: NodeIdentity.generate().id, name: "carol")

    @Test func namesIdPrefixesAndKeywordsAreResolved() throws {
        let (text, mentions) = try MentionText.resolve(
            "@BOB and @bob marley, @\(carol.id.short) @here: rematch? mail me@example.com @nobody @channel",
            among: [bob, bobby, carol])
        #expect(
            text
                == "<@\(bob.id)> and <@\(bobby.id)>, <@\(carol.id)> @here: rematch? mail me@example.com @nobody @channel"
        )
        #expect(mentions.members == [bob.id.bytes, bobby.id.bytes, carol.id.bytes])
        #expect(mentions.here && mentions.channel)
    }

    @Test func aNameMustEndAtAWordBoundary() throws {
        let (text, mentions) = try MentionText.resolve("@bobcat @bob_ @bob.", among: [bob])
        #expect(text == "@bobcat @bob_ <@\(bob.id)>.")
        #expect(mentions.members == [bob.id.bytes])
    }

    @Test func aNameSeveralMembersHaveIsRefusedWithTheCandidates() {
        let twin = MentionText.Candidate(id: NodeIdentity.generate().id, name: "Bob")
        let error = #expect(throws: NodeError.self) { _ = try MentionText.resolve("hi @bob", among: [bob, twin]) }
        #expect(error?.message.contains(bob.id.short) == true && error?.message.contains(twin.id.short) == true)
    }

    @Test func tokensShowWithTheCurrentNameAndMalformedOnesStayAsWritten() {
        let stored = "gg <@\(bob.id)> and <@\(carol.id)> <@notanid> <@"
        let shown = MentionText.render(stored) { $0 == bob.id ? "bobby" : nil }
        #expect(shown == "gg @bobby and @\(carol.id.short) <@notanid> <@")
        #expect(MentionText.ids(in: stored) == [bob.id, carol.id])
    }
}
