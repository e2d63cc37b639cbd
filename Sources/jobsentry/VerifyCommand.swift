import ArgumentParser
import Foundation
import Publishing

struct VerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check a bundle's signature and every file's SHA-256 (what a receiving office runs).",
        discussion: """
        Verifies manifest.sig (Ed25519) over manifest.json with the sender's public key, then \
        the SHA-256 and size of every file the manifest lists, and that no unlisted file was \
        added. Prints each problem; exit 0 when intact, 65 on any mismatch, 66 when the bundle \
        or key cannot be read.

        Example:
          jobsentry verify outbox/run-0003-2025-06/public --public-key signing.pub
        """
    )

    @Argument(help: "Bundle folder (holding manifest.json).")
    var bundle: String

    @Option(name: .customLong("public-key"), help: "The sender's public key file.")
    var publicKey: String

    func run() throws {
        let key: Curve25519PublicKey
        do { key = try Signing.loadPublicKey(path: publicKey) } catch {
            diagnose("error: \(error)")
            throw ExitStatus.noInput
        }
        let url = URL(fileURLWithPath: bundle)
        guard FileManager.default.fileExists(atPath: url.appendingPathComponent("manifest.json").path) else {
            diagnose("error: \(bundle): no manifest.json; not a bundle")
            throw ExitStatus.noInput
        }
        let problems = BundleVerifier.verify(bundle: url, publicKey: key)
        if problems.isEmpty {
            print("OK \(bundle): signature valid, every file matches the manifest")
            return
        }
        for p in problems { diagnose("FAIL \(p)") }
        throw ExitStatus.dataError
    }
}
