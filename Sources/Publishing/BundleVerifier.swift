import Crypto
import Foundation

/// What a receiving office runs on a bundle: the signature over `manifest.json`, then the
/// SHA-256 of every file the manifest lists, no file that it does not list, and the XML
/// Signature inside each CAP message (`cap/*.xml`).
public enum BundleVerifier {
    /// What `check` found.
    public struct Result: Sendable {
        /// Empty when the bundle is intact, signed by the public key, and every CAP message's
        /// own signature holds.
        public var problems: [String] = []
        /// CAP messages whose XML Signature holds.
        public var signedCAPMessages = 0
        /// The certificate they were signed with (when they agree on one).
        public var capCertificate: CAPCertificate?
    }

    /// Problems found, empty when the bundle is intact and signed by `publicKey`.
    public static func verify(bundle: URL, publicKey: Curve25519.Signing.PublicKey, capCertificate: CAPCertificate? = nil) -> [String] {
        check(bundle: bundle, publicKey: publicKey, capCertificate: capCertificate).problems
    }

    /// Checks the bundle. Each CAP message must carry a valid enveloped XML Signature; with
    /// `capCertificate` (the sender's, received out of band) every message must be signed with
    /// that certificate, and without it all messages must agree on one certificate, which the
    /// manifest's signature then vouches for (the messages' bytes, certificate included, are
    /// listed in it).
    public static func check(bundle: URL, publicKey: Curve25519.Signing.PublicKey, capCertificate: CAPCertificate? = nil) -> Result {
        var result = Result()
        let problems = verifyManifestAndFiles(bundle: bundle, publicKey: publicKey) { path, data in
            guard path.hasPrefix("cap/"), path.hasSuffix(".xml") else { return nil }
            let cert: CAPCertificate
            do { cert = try CAPSignature.verify(data) } catch { return "\(path): XML Signature: \(error)" }
            if let expected = capCertificate, cert != expected {
                return "\(path): XML Signature: signed with certificate SHA-256 \(cert.fingerprint), not the given one (\(expected.fingerprint))"
            }
            if let seen = result.capCertificate, seen != cert {
                return "\(path): XML Signature: signed with certificate SHA-256 \(cert.fingerprint), other messages with \(seen.fingerprint)"
            }
            result.capCertificate = cert
            result.signedCAPMessages += 1
            return nil
        }
        result.problems = problems
        return result
    }

    static func verifyManifestAndFiles(bundle: URL, publicKey: Curve25519.Signing.PublicKey,
                                       inspect: (String, Data) -> String?) -> [String] {
        var problems: [String] = []
        let mURL = bundle.appendingPathComponent("manifest.json"), sURL = bundle.appendingPathComponent("manifest.sig")
        guard let manifestBytes = try? Data(contentsOf: mURL) else { return ["\(mURL.path): cannot read the manifest"] }
        guard let sigText = try? String(contentsOf: sURL, encoding: .utf8) else { return ["\(sURL.path): cannot read the signature"] }
        // Exactly `<base64>\n`, re-encoded identically: no byte of the file may change unnoticed.
        let body = sigText.hasSuffix("\n") ? String(sigText.dropLast()) : sigText
        guard let sig = Data(base64Encoded: body), sig.base64EncodedString() == body, sigText.hasSuffix("\n") else {
            return ["\(sURL.path): not one line of canonical base64"]
        }
        if !publicKey.isValidSignature(sig, for: manifestBytes) {
            problems.append("\(sURL.path): the signature does not match manifest.json for this public key")
        }
        let manifest: Manifest
        do { manifest = try JSONDecoder().decode(Manifest.self, from: manifestBytes) } catch {
            return problems + ["\(mURL.path): not a JobSentry manifest: \(error)"]
        }
        var listed = Set<String>()
        for f in manifest.outputs {
            // Only plain relative paths inside the bundle: a listed `../x` or `/x` would make
            // the verifier read (and vouch for) a file outside it.
            let parts = f.path.split(separator: "/", omittingEmptySubsequences: false)
            guard !f.path.hasPrefix("/"), !parts.contains(where: { $0.isEmpty || $0 == "." || $0 == ".." }) else {
                problems.append("\(f.path): listed in the manifest but not a plain relative path inside the bundle")
                continue
            }
            listed.insert(f.path)
            let u = bundle.appendingPathComponent(f.path)
            guard let d = try? Data(contentsOf: u) else { problems.append("\(f.path): listed in the manifest but missing"); continue }
            let h = Manifest.sha256Hex(d)
            if h != f.sha256 { problems.append("\(f.path): SHA-256 \(h) does not match the manifest's \(f.sha256)") }
            if d.count != f.bytes { problems.append("\(f.path): \(d.count) bytes, the manifest says \(f.bytes)") }
            if let p = inspect(f.path, d) { problems.append(p) }
        }
        // Only what the manifest lists, the manifest and its signature, and the folders
        // holding listed files may be there: an added folder, even empty, is a change.
        var folders = Set<String>()
        for p in listed {
            var parts = p.split(separator: "/").dropLast()
            while !parts.isEmpty { folders.insert(parts.joined(separator: "/")); parts = parts.dropLast() }
        }
        let root = bundle.standardizedFileURL.path
        let fm = FileManager.default
        if let e = fm.enumerator(atPath: root) {
            for case let rel as String in e {
                let type = (try? fm.attributesOfItem(atPath: root + "/" + rel))?[.type] as? FileAttributeType
                if type == .typeDirectory {
                    if !folders.contains(rel) { problems.append("\(rel)/: a folder the manifest does not list; expected only \(folders.isEmpty ? "files" : folders.sorted().map { $0 + "/" }.joined(separator: ", "))") }
                } else if type != .typeRegular {
                    problems.append("\(rel): not a regular file (\(type?.rawValue ?? "unknown type")); a bundle holds only regular files")
                } else if !listed.contains(rel) && rel != "manifest.json" && rel != "manifest.sig" {
                    problems.append("\(rel): present in the bundle but not in the manifest")
                }
            }
        }
        return problems
    }
}
