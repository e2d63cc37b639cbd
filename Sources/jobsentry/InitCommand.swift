import Alerting
import ArgumentParser
import Foundation
import Publishing
import Workbench

struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Create a workspace: commented config, inbox, outbox, store and signing keys.",
        discussion: """
        Creates DIR/jobsentry.yaml (every alert rule, documented and switchable), DIR/inbox \
        (drop input files here), DIR/outbox (signed bundles appear here), DIR/store (the \
        SQLite store), DIR/keys/signing.key + signing.pub (Ed25519, for manifests) and \
        DIR/keys/signing-cap.key + signing-cap.crt (RSA key and self-signed certificate, for \
        each CAP message's XML Signature); give signing.pub and signing-cap.crt to the offices \
        that receive bundles. Files that already exist are left alone. Everything \
        is owner-only (folders 0700, files 0600); --outbox-umask 027 opens the workspace \
        folder and outbox to the owner's group (pass the same to `run`).

        Example:
          jobsentry init /srv/jobsentry && cp payroll-2025-06.csv /srv/jobsentry/inbox/
        """
    )

    @Argument(help: "Folder to create (may exist).")
    var dir: String

    @Option(name: .customLong("outbox-umask"), help: ArgumentHelp(
        "Permission bits the workspace folder and outbox do not get, in octal: 077 owner only, 027 for a group that shares the outbox.",
        valueName: "octal"))
    var outboxUmask: FileMask = .ownerOnly

    func run() throws {
        let ws = Workspace(dir)
        let fm = FileManager.default
        // Config, inbox, store and keys are the owner's alone (0700 folders, 0600 files).
        FileMask.ownerOnly.applyToProcess()
        do {
            for d in [ws.root, ws.inbox, ws.outbox, ws.storeDir, ws.keys] {
                try fm.createDirectory(at: d, withIntermediateDirectories: true)
            }
            // A group sharing the outbox must be able to reach it through the workspace folder
            // (which lists nothing else of interest: store/ and keys/ stay 0700).
            for d in [ws.root, ws.outbox] {
                try fm.setAttributes([.posixPermissions: Int(0o777 & ~outboxUmask.bits)], ofItemAtPath: d.path)
            }
            for d in [ws.inbox, ws.storeDir, ws.keys] {
                try fm.setAttributes([.posixPermissions: 0o700], ofItemAtPath: d.path)
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
            if !fm.fileExists(atPath: ws.capKey.path) {
                try CAPSigner.create(prefix: ws.keys.appendingPathComponent("signing").path)
                made += [ws.capKey.path, ws.capCertificate.path]
            }
            for m in made { diagnose("created \(m)") }
            print(ws.root.path)
        } catch {
            diagnose("error: cannot create the workspace \(ws.root.path): \(error)")
            throw ExitStatus.cannotCreate
        }
    }
}
