import Crypto
import Foundation

/// What a receiving office runs on a bundle: the signature over `manifest.json`, then the
/// SHA-256 of every file the manifest lists, and no file that it does not list.
public enum BundleVerifier {
    /// Problems found, empty when the bundle is intact and signed by `publicKey`.
    public static func verify(bundle: URL, publicKey: Curve25519.Signing.PublicKey) -> [String] {
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
