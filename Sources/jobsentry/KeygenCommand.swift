import ArgumentParser
import Foundation
import Publishing

struct KeygenCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keygen",
        abstract: "Make the signing keys: Ed25519 for bundle manifests, RSA + certificate for CAP messages.",
        discussion: """
        Writes PREFIX.key (private) and PREFIX.pub (public), each one line of base64 of the \
        raw 32-byte Ed25519 key, and PREFIX-cap.key (RSA 2048, PKCS#8 PEM) with \
        PREFIX-cap.crt (its self-signed X.509 certificate, PEM, valid 10 years) that sign each \
        CAP message's XML Signature. All four are mode 600. Give PREFIX.pub and PREFIX-cap.crt \
        to receiving offices. An office with its own RSA key and certificate puts them at \
        PREFIX-cap.key / PREFIX-cap.crt instead. A pair already there is kept (so this adds \
        the CAP pair to an older workspace); existing files are never overwritten.

        Example:
          jobsentry keygen --out keys/signing && jobsentry verify outbox/run-0001-2025-06/public --public-key keys/signing.pub
        """
    )

    @Option(name: .long, help: "Path prefix of the key files.")
    var out: String

    func run() throws {
        let priv = out + ".key", pub = out + ".pub"
        let cap = CAPSigner.paths(prefix: out)
        let fm = FileManager.default
        var missing: [[String]] = []
        for pair in [[priv, pub], [cap.key, cap.certificate]] {
            let present = pair.filter { fm.fileExists(atPath: $0) }
            if present.isEmpty { missing.append(pair) } else if present.count == 1 {
                diagnose("error: \(present[0]) exists without \(pair.first { $0 != present[0] }!); not overwriting a key")
                throw ExitStatus.cannotCreate
            }
        }
        guard !missing.isEmpty else {
            diagnose("error: \(priv) exists; not overwriting a key")
            throw ExitStatus.cannotCreate
        }
        do {
            if missing.contains([priv, pub]) { try KeygenCommand.writePair(privatePath: priv, publicPath: pub) }
            if missing.contains([cap.key, cap.certificate]) { try CAPSigner.create(prefix: out) }
        } catch {
            diagnose("error: cannot write the key pair: \(error)")
            throw ExitStatus.cannotCreate
        }
        for pair in missing { print(pair[1]) }
    }

    /// The Ed25519 pair, the private key owner-only.
    static func writePair(privatePath: String, publicPath: String) throws {
        let pair = Signing.generate()
        let fm = FileManager.default
        guard fm.createFile(atPath: privatePath, contents: Data(pair.privateKey.utf8), attributes: [.posixPermissions: 0o600]) else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: privatePath])
        }
        try Data(pair.publicKey.utf8).write(to: URL(fileURLWithPath: publicPath))
    }
}
