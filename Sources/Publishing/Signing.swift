import Crypto
import Foundation

/// Ed25519 keys for signing manifests, kept as one line of base64 of the raw 32-byte key
/// (private key files are written readable by their owner only).
public enum Signing {
    public struct KeyError: Error, CustomStringConvertible {
        public let path: String
        public let message: String
        public var description: String { "\(path): \(message)" }
    }

    /// A new key pair as file texts `(private, public)`.
    public static func generate() -> (privateKey: String, publicKey: String) {
        let k = Curve25519.Signing.PrivateKey()
        return (k.rawRepresentation.base64EncodedString() + "\n", k.publicKey.rawRepresentation.base64EncodedString() + "\n")
    }

    public static func loadPrivateKey(path: String) throws -> Curve25519.Signing.PrivateKey {
        let raw = try rawKey(path: path)
        do { return try Curve25519.Signing.PrivateKey(rawRepresentation: raw) } catch {
            throw KeyError(path: path, message: "not an Ed25519 private key (expected 32 bytes of base64): \(error)")
        }
    }

    public static func loadPublicKey(path: String) throws -> Curve25519.Signing.PublicKey {
        let raw = try rawKey(path: path)
        do { return try Curve25519.Signing.PublicKey(rawRepresentation: raw) } catch {
            throw KeyError(path: path, message: "not an Ed25519 public key (expected 32 bytes of base64): \(error)")
        }
    }

    static func rawKey(path: String) throws -> Data {
        guard let d = FileManager.default.contents(atPath: path) else {
            throw KeyError(path: path, message: "cannot read the key file")
        }
        let text = String(decoding: d, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard let raw = Data(base64Encoded: text), raw.count == 32 else {
            throw KeyError(path: path, message: "expected one line of base64 holding a 32-byte Ed25519 key")
        }
        return raw
    }

    /// Signature file text for `manifest` bytes.
    public static func sign(_ manifest: Data, with key: Curve25519.Signing.PrivateKey) throws -> String {
        try key.signature(for: manifest).base64EncodedString() + "\n"
    }
}

/// The public half of a signing key pair, as receivers hold it.
public typealias Curve25519PublicKey = Curve25519.Signing.PublicKey
