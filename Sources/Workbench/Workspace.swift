import Alerting
import Crypto
import Foundation
import Publishing

/// The folders and files of a `jobsentry run` workspace (made by `jobsentry init`).
///
///     jobsentry.yaml      alert rules, lifecycle, disclosure (commented)
///     inbox/              new input files are dropped here
///     outbox/<run id>/    one folder per run: public/ and restricted/ bundles
///     outbox/LATEST       id of the newest complete run
///     store/jobsentry.sqlite   aggregates, ledger, registry, alert history
///     keys/signing.key, keys/signing.pub   Ed25519 pair for manifests
///     keys/signing-cap.key, keys/signing-cap.crt   RSA key + X.509 certificate for CAP messages' XML Signatures
public struct Workspace: Sendable {
    public let root: URL

    public init(_ path: String) { root = URL(fileURLWithPath: path).standardizedFileURL }

    public var config: URL { root.appendingPathComponent("jobsentry.yaml") }
    public var inbox: URL { root.appendingPathComponent("inbox") }
    public var outbox: URL { root.appendingPathComponent("outbox") }
    public var storeDir: URL { root.appendingPathComponent("store") }
    public var store: URL { storeDir.appendingPathComponent("jobsentry.sqlite") }
    public var keys: URL { root.appendingPathComponent("keys") }
    public var privateKey: URL { keys.appendingPathComponent("signing.key") }
    public var publicKey: URL { keys.appendingPathComponent("signing.pub") }
    public var capKey: URL { URL(fileURLWithPath: CAPSigner.paths(prefix: keys.appendingPathComponent("signing").path).key) }
    public var capCertificate: URL { URL(fileURLWithPath: CAPSigner.paths(prefix: keys.appendingPathComponent("signing").path).certificate) }
    public func loadCAPSigner() throws -> CAPSigner { try CAPSigner.load(keyPath: capKey.path, certificatePath: capCertificate.path) }

    /// The manifest's Ed25519 key and the CAP messages' signer, with the error a user acts on
    /// (which file, and the `keygen` that makes what is missing). Used by `run` and by exercises.
    public func loadSigningKeys() throws -> (manifest: Curve25519.Signing.PrivateKey, cap: CAPSigner) {
        let key: Curve25519.Signing.PrivateKey
        do { key = try Signing.loadPrivateKey(path: privateKey.path) } catch {
            throw WorkbenchFailure(.config, "signing key: \(error); make one with `jobsentry keygen --out \(keys.path)/signing`")
        }
        let capSigner: CAPSigner
        do { capSigner = try loadCAPSigner() } catch {
            throw WorkbenchFailure(.config, "CAP signing key: \(error); make one with `jobsentry keygen --out \(keys.path)/signing` (adds only the missing files)")
        }
        return (key, capSigner)
    }
    public var lockFile: URL { root.appendingPathComponent(".jobsentry.lock") }
    public var latest: URL { outbox.appendingPathComponent("LATEST") }

    public var exists: Bool { FileManager.default.fileExists(atPath: config.path) }

    /// Loads the config, or says how to make one.
    public func loadConfig() throws -> AlertConfig {
        guard exists else {
            throw ConfigError(file: config.path, message: "no config; create a workspace with `jobsentry init \(root.path)`")
        }
        return try AlertConfig.load(path: config.path)
    }

    /// Input files waiting in the inbox (CSV, gzipped CSV), in name order.
    public func inboxFiles() throws -> [URL] {
        let names = try FileManager.default.contentsOfDirectory(atPath: inbox.path)
        return names.filter { $0.hasSuffix(".csv") || $0.hasSuffix(".csv.gz") }.sorted()
            .map { inbox.appendingPathComponent($0) }
    }
}

/// Writes `data` to `url` through a temporary file and a rename, so that readers see the
/// old or the new content, never a part.
public func writeAtomically(_ data: Data, to url: URL) throws {
    let tmp = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).tmp-\(getpid())")
    try data.write(to: tmp)
    if rename(tmp.path, url.path) != 0 {
        let e = errno
        try? FileManager.default.removeItem(at: tmp)
        throw CocoaError(.fileWriteUnknown, userInfo: [NSLocalizedDescriptionKey: "rename to \(url.path): \(String(cString: strerror(e)))"])
    }
}
