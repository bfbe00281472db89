import HearthCrypto

/// The network a node runs in, resolved from the command line and the data folder.
public struct NetworkMembership: Sendable {
    public let name: String
    public let key: NetworkKey
    /// True when this start created the network (the invite should be shown).
    public let isNew: Bool

    /// The invite that lets another node join without typing the passphrase.
    public var invite: String { Invite(networkName: name, key: key).description }

    /// Network names are 1–64 letters, digits, `.`, `_` or `-`.
    public static func validate(name: String) throws {
        let allowed = name.unicodeScalars.allSatisfy {
            ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0)
                || "._-".unicodeScalars.contains($0)
        }
        guard !name.isEmpty, name.count <= 64, allowed, !name.hasPrefix(".") else {
            throw NodeError(
                .invalidArgument, "'\(name)' is not a valid network name: use 1–64 letters, digits, '.', '_' or '-'")
        }
    }

    /// Works out the network from `--network` + passphrase, `--join`, or the data folder.
    /// - Throws: `NodeError.wrongPassphrase` when the passphrase differs from the one the folder
    ///   joined with, `NodeError.invalidArgument` for a bad name, invite, or a missing passphrase.
    public static func resolve(
        folder: DataFolder, network: String?, passphrase: String?, invite: String?
    ) throws -> NetworkMembership {
        if let invite {
            let parsed = try Invite(parsing: invite)
            return try adopt(folder: folder, name: parsed.networkName, key: parsed.key, isNew: false)
        }
        if let network {
            try validate(name: network)
            if let passphrase {
                guard !NetworkKey.normalised(passphrase: passphrase).isEmpty else {
                    throw NodeError(.invalidArgument, "the passphrase of network '\(network)' is empty")
                }
                let key = try NetworkKey.derive(networkName: network, passphrase: passphrase)
                return try adopt(folder: folder, name: network, key: key, isNew: false)
            }
            guard let stored = try folder.networkKey(network) else {
                throw NodeError(
                    .invalidArgument,
                    "this node has not joined network '\(network)': give its passphrase (--passphrase-file FILE, --passphrase P or HEARTH_PASSPHRASE) or an invite (--join)"
                )
            }
            try folder.setCurrentNetwork(network)
            return NetworkMembership(name: network, key: stored, isNew: false)
        }
        if let current = try folder.currentNetwork() {
            guard let stored = try folder.networkKey(current) else {
                throw NodeError(
                    .dataFolder,
                    "\(folder.currentNetworkPath) names network '\(current)', which this node has not joined (there is no \(folder.networkFolder(current).appendingPathComponent("network.key").path)). Give --network with its passphrase or --join an invite; or delete current-network to create a new network"
                )
            }
            return NetworkMembership(name: current, key: stored, isNew: false)
        }
        let name = "hearth-" + String(Base32.encode(secureRandomBytes(4)).prefix(6))
        return try adopt(folder: folder, name: name, key: .generate(), isNew: true)
    }

    private static func adopt(folder: DataFolder, name: String, key: NetworkKey, isNew: Bool) throws
        -> NetworkMembership
    {
        if let stored = try folder.networkKey(name) {
            guard stored.matches(key) else {
                throw NodeError(
                    .wrongPassphrase,
                    "the passphrase for network '\(name)' is wrong: it does not match the one this node joined with. Check it, or use another --data folder to join a different network of the same name"
                )
            }
        } else {
            try folder.saveNetworkKey(key, for: name)
        }
        try folder.setCurrentNetwork(name)
        return NetworkMembership(name: name, key: key, isNew: isNew)
    }
}

/// `hearth://join/<network name>?k=<base32 network key>`.
public struct Invite: CustomStringConvertible, Sendable {
    public let networkName: String
    public let key: NetworkKey

    public init(networkName: String, key: NetworkKey) {
        self.networkName = networkName
        self.key = key
    }

    /// - Throws: `NodeError.invalidArgument` when the text is not a valid invite.
    public init(parsing text: String) throws {
        let prefix = "hearth://join/"
        let bad = NodeError(.invalidArgument, "'\(text)' is not a Hearth invite (hearth://join/NAME?k=KEY)")
        guard text.hasPrefix(prefix), let question = text.firstIndex(of: "?") else { throw bad }
        let name = String(text[text.index(text.startIndex, offsetBy: prefix.count)..<question])
        let query = text[text.index(after: question)...]
        guard query.hasPrefix("k="), var bytes = try? Base32.decode(String(query.dropFirst(2))), bytes.count == 32
        else { throw bad }
        try NetworkMembership.validate(name: name)
        networkName = name
        key = try NetworkKey(bytes: &bytes)
    }

    public var description: String {
        var bytes = key.exportBytes()
        defer { wipe(&bytes) }
        return "hearth://join/\(networkName)?k=\(Base32.encode(bytes))"
    }
}
