import ArgumentParser
import Foundation
import Publishing

struct KeygenCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keygen",
        abstract: "Make an Ed25519 key pair for signing bundle manifests.",
        discussion: """
        Writes PREFIX.key (private, mode 600) and PREFIX.pub (public), each one line of \
        base64 of the raw 32-byte key. Existing files are never overwritten.

        Example:
          jobsentry keygen --out keys/signing && jobsentry verify outbox/run-0001-2025-06/public --public-key keys/signing.pub
        """
    )

    @Option(name: .long, help: "Path prefix of the key files.")
    var out: String

    func run() throws {
        let priv = out + ".key", pub = out + ".pub"
        for p in [priv, pub] where FileManager.default.fileExists(atPath: p) {
            diagnose("error: \(p) exists; not overwriting a key")
            throw ExitStatus.cannotCreate
        }
        do { try KeygenCommand.writePair(privatePath: priv, publicPath: pub) } catch {
            diagnose("error: cannot write the key pair: \(error)")
            throw ExitStatus.cannotCreate
        }
        print(pub)
    }

    static func writePair(privatePath: String, publicPath: String) throws {
        let pair = Signing.generate()
        let fm = FileManager.default
        guard fm.createFile(atPath: privatePath, contents: Data(pair.privateKey.utf8), attributes: [.posixPermissions: 0o600]) else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: privatePath])
        }
        try Data(pair.publicKey.utf8).write(to: URL(fileURLWithPath: publicPath))
    }
}
