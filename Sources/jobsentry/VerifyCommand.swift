import ArgumentParser
import Foundation
import Publishing

struct VerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check a bundle's signature and every file's SHA-256 (what a receiving office runs).",
        discussion: """
        Verifies manifest.sig (Ed25519) over manifest.json with the sender's public key, then \
        the SHA-256 and size of every file the manifest lists, and that no unlisted file, \
        folder (even an empty one) or link was added. Prints each problem; exit 0 when intact, \
        65 on any mismatch (a missing manifest.json included), 66 when the bundle folder or the \
        key cannot be read, or the folder holds neither manifest.json nor manifest.sig.

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
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDir), isDir.boolValue,
              FileManager.default.isReadableFile(atPath: url.path) else {
            diagnose("error: \(bundle): no such bundle folder, or it cannot be read")
            throw ExitStatus.noInput
        }
        // A bundle that lost its manifest.json (its signature is still there) was tampered
        // with (65) and the verifier reports it with everything else it finds; a folder
        // with neither is no bundle at all (66).
        let fm = FileManager.default
        guard fm.fileExists(atPath: url.appendingPathComponent("manifest.json").path)
                || fm.fileExists(atPath: url.appendingPathComponent("manifest.sig").path) else {
            diagnose("error: \(bundle): no manifest.json and no manifest.sig; not a bundle")
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
