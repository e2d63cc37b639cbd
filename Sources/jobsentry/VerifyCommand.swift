import ArgumentParser
import Foundation
import Publishing

struct VerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check a bundle's signature, every file's SHA-256 and each CAP message's XML Signature (what a receiving office runs).",
        discussion: """
        Verifies manifest.sig (Ed25519) over manifest.json with the sender's public key, then \
        the SHA-256 and size of every file the manifest lists, and that no unlisted file, \
        folder (even an empty one) or link was added, then the enveloped XML Signature (RSA-SHA256) \
        inside every cap/*.xml: with --cap-certificate each must be signed with that certificate, \
        without it all must carry the same one (the signed manifest vouches for it). Prints each \
        problem, naming the file; exit 0 when intact, \
        65 on any mismatch (a missing manifest.json included), 66 when the bundle folder or the \
        key cannot be read, or the folder holds neither manifest.json nor manifest.sig.

        Example:
          jobsentry verify outbox/run-0003-2025-06/public --public-key signing.pub --cap-certificate signing-cap.crt
        """
    )

    @Argument(help: "Bundle folder (holding manifest.json).")
    var bundle: String

    @Option(name: .customLong("public-key"), help: "The sender's public key file.")
    var publicKey: String

    @Option(name: .customLong("cap-certificate"), help: "The sender's CAP signing certificate (PEM); optional.")
    var capCertificate: String?

    func run() throws {
        let key: Curve25519PublicKey
        do { key = try Signing.loadPublicKey(path: publicKey) } catch {
            diagnose("error: \(error)")
            throw ExitStatus.noInput
        }
        var certificate: CAPCertificate?
        if let capCertificate {
            do { certificate = try CAPCertificate.load(path: capCertificate) } catch {
                diagnose("error: \(error)")
                throw ExitStatus.noInput
            }
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
        let result = BundleVerifier.check(bundle: url, publicKey: key, capCertificate: certificate)
        if result.problems.isEmpty {
            let n = result.signedCAPMessages
            let by = certificate == nil ? "" : " by the given certificate"
            print("OK \(bundle): signature valid, every file matches the manifest, \(n) CAP message\(n == 1 ? "" : "s") signed\(by)")
            return
        }
        for p in result.problems { diagnose("FAIL \(p)") }
        throw ExitStatus.dataError
    }
}
