import Alerting
import ArgumentParser
import Foundation
import Publishing

struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Create a workspace: commented config, inbox, outbox, store and a signing key pair.",
        discussion: """
        Creates DIR/jobsentry.yaml (every alert rule, documented and switchable), DIR/inbox \
        (drop input files here), DIR/outbox (signed bundles appear here), DIR/store (the \
        SQLite store) and DIR/keys/signing.key + signing.pub (Ed25519; give signing.pub to \
        the offices that receive bundles). Files that already exist are left alone.

        Example:
          jobsentry init /srv/jobsentry && cp payroll-2025-06.csv /srv/jobsentry/inbox/
        """
    )

    @Argument(help: "Folder to create (may exist).")
    var dir: String

    func run() throws {
        let ws = Workspace(dir)
        let fm = FileManager.default
        do {
            for d in [ws.root, ws.inbox, ws.outbox, ws.storeDir, ws.keys] {
                try fm.createDirectory(at: d, withIntermediateDirectories: true)
            }
            var made: [String] = []
            if !fm.fileExists(atPath: ws.config.path) {
                try Data(AlertConfig.defaultText.utf8).write(to: ws.config)
                made.append(ws.config.path)
            }
            if !fm.fileExists(atPath: ws.privateKey.path) {
                try KeygenCommand.writePair(privatePath: ws.privateKey.path, publicPath: ws.publicKey.path)
                made += [ws.privateKey.path, ws.publicKey.path]
            }
            for m in made { diagnose("created \(m)") }
            print(ws.root.path)
        } catch {
            diagnose("error: cannot create the workspace \(ws.root.path): \(error)")
            throw ExitStatus.cannotCreate
        }
    }
}

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
