import Foundation
import HearthCrypto
import HearthTestSupport
import Testing

@testable import HearthNode

/// Joining a network: by passphrase, by invite, and refusing a passphrase that does not match.
@Suite struct MembershipTests {
    @Test func aWrongPassphraseIsRefusedWithAMessageThatSaysSo() throws {
        let folder = try TemporaryFolder()
        let data = DataFolder(path: folder.path)
        let first = try NetworkMembership.resolve(folder: data, network: "lanparty", passphrase: "right", invite: nil)
        #expect(first.name == "lanparty")
        let error = #expect(throws: NodeError.self) {
            _ = try NetworkMembership.resolve(folder: data, network: "lanparty", passphrase: "wrong", invite: nil)
        }
        #expect(error?.code == .wrongPassphrase)
        #expect(error?.message.contains("passphrase for network 'lanparty' is wrong") == true)
        let again = try NetworkMembership.resolve(folder: data, network: nil, passphrase: nil, invite: nil)
        #expect(again.key.matches(first.key), "the folder remembers its network")
    }

    @Test func anInviteCarriesTheNetworkToAnotherNode() throws {
        let host = try TemporaryFolder()
        let guest = try TemporaryFolder()
        let created = try NetworkMembership.resolve(
            folder: DataFolder(path: host.path), network: nil, passphrase: nil, invite: nil)
        #expect(created.isNew)
        let joined = try NetworkMembership.resolve(
            folder: DataFolder(path: guest.path), network: nil, passphrase: nil, invite: created.invite)
        #expect(joined.name == created.name)
        #expect(joined.key.matches(created.key))
        #expect(!joined.isNew)
    }

    @Test(arguments: [
        "https://example.com", "hearth://join/net", "hearth://join/net?k=AAAA", "hearth://join/bad name?k=",
    ])
    func aMalformedInviteIsRefused(text: String) throws {
        let folder = try TemporaryFolder()
        let error = #expect(throws: NodeError.self) {
            _ = try NetworkMembership.resolve(
                folder: DataFolder(path: folder.path), network: nil, passphrase: nil, invite: text)
        }
        #expect(error?.code == .invalidArgument)
    }

    @Test func secretsAreWrittenForTheOwnerOnly() throws {
        let folder = try TemporaryFolder()
        let data = DataFolder(path: folder.path)
        try data.create()
        _ = try data.loadOrCreateIdentity()
        _ = try NetworkMembership.resolve(folder: data, network: "lanparty", passphrase: "p", invite: nil)
        for path in [data.identityPath, data.networkFolder("lanparty").appendingPathComponent("network.key").path] {
            let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
            #expect(mode == 0o600, "\(path)")
        }
    }
}
