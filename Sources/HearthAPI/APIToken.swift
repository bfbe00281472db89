import Foundation
import HearthCrypto
import HearthNode

/// The control API's bearer token, kept in the data folder with mode 0600.
public enum APIToken {
    /// Reads the token, creating it on first use.
    /// - Throws: `NodeError.dataFolder` when the file cannot be read or written.
    public static func loadOrCreate(in folder: DataFolder) throws -> String {
        if let bytes = try SecretFile.read(folder.apiTokenPath), !bytes.isEmpty {
            return String(decoding: bytes, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        }
        let token = Base32.encode(secureRandomBytes(32))
        try SecretFile.write(Array(token.utf8), to: folder.apiTokenPath)
        return token
    }
}
