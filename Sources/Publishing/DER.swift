import Foundation

/// The few pieces of ASN.1 DER (ITU-T X.690) that a self-signed X.509 certificate needs:
/// writing one, and reading back its public key and validity. Lengths and tags are checked
/// against the bytes at every step, so a damaged certificate is an error, never a crash.
enum DER {
    struct Error: Swift.Error, CustomStringConvertible {
        let offset: Int
        let message: String
        var description: String { "DER byte \(offset): \(message)" }
    }

    // MARK: writing

    static func tlv(_ tag: UInt8, _ content: [UInt8]) -> [UInt8] {
        var out: [UInt8] = [tag]
        let n = content.count
        if n < 0x80 {
            out.append(UInt8(n))
        } else {
            var len: [UInt8] = []
            var v = n
            while v > 0 { len.insert(UInt8(v & 0xFF), at: 0); v >>= 8 }
            out.append(0x80 | UInt8(len.count))
            out += len
        }
        return out + content
    }

    static func sequence(_ parts: [[UInt8]]) -> [UInt8] { tlv(0x30, parts.flatMap { $0 }) }
    static func set(_ parts: [[UInt8]]) -> [UInt8] { tlv(0x31, parts.flatMap { $0 }) }
    /// `[n] EXPLICIT`, constructed context-specific.
    static func explicit(_ n: UInt8, _ content: [UInt8]) -> [UInt8] { tlv(0xA0 | n, content) }
    static let null: [UInt8] = [0x05, 0x00]
    static func boolean(_ b: Bool) -> [UInt8] { [0x01, 0x01, b ? 0xFF : 0x00] }
    static func octetString(_ b: [UInt8]) -> [UInt8] { tlv(0x04, b) }
    /// A BIT STRING of whole bytes (no unused bits).
    static func bitString(_ b: [UInt8]) -> [UInt8] { tlv(0x03, [0] + b) }
    static func utf8String(_ s: String) -> [UInt8] { tlv(0x0C, Array(s.utf8)) }

    /// An unsigned big-endian magnitude as a DER INTEGER (minimal, non-negative).
    static func unsignedInteger(_ magnitude: [UInt8]) -> [UInt8] {
        var m = Array(magnitude.drop { $0 == 0 })
        if m.isEmpty { m = [0] }
        if m[0] & 0x80 != 0 { m.insert(0, at: 0) }
        return tlv(0x02, m)
    }

    static func integer(_ v: Int) -> [UInt8] {
        var m: [UInt8] = []
        var x = v
        repeat { m.insert(UInt8(x & 0xFF), at: 0); x >>= 8 } while x > 0
        return unsignedInteger(m)
    }

    /// An OBJECT IDENTIFIER from its dotted form, e.g. "1.2.840.113549.1.1.11".
    static func oid(_ dotted: String) -> [UInt8] {
        let arcs = dotted.split(separator: ".").map { Int($0)! }
        var out: [UInt8] = [UInt8(arcs[0] * 40 + arcs[1])]
        for arc in arcs.dropFirst(2) {
            var groups: [UInt8] = [UInt8(arc & 0x7F)]
            var v = arc >> 7
            while v > 0 { groups.insert(UInt8(v & 0x7F) | 0x80, at: 0); v >>= 7 }
            out += groups
        }
        return tlv(0x06, out)
    }

    /// UTCTime for 1950–2049, GeneralizedTime otherwise (RFC 5280 §4.1.2.5), in UTC to the second.
    static func time(_ date: Date) -> [UInt8] {
        var cal = Calendar(identifier: .gregorian)
        cal.timeZone = TimeZone(identifier: "UTC")!
        let c = cal.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        let year = c.year!
        let rest = [c.month!, c.day!, c.hour!, c.minute!, c.second!].map { String(format: "%02d", $0) }.joined()
        if (1950..<2050).contains(year) {
            return tlv(0x17, Array((String(format: "%02d", year % 100) + rest + "Z").utf8))
        }
        return tlv(0x18, Array((String(format: "%04d", year) + rest + "Z").utf8))
    }

    // MARK: reading

    /// One element: its tag, where its content lies, and where the next element starts.
    struct Element {
        let tag: UInt8
        let start: Int
        let content: Range<Int>
        var end: Int { content.upperBound }
    }

    /// Reads the element at `offset`, within `limit`.
    static func element(_ b: [UInt8], at offset: Int, limit: Int) throws -> Element {
        guard offset + 2 <= limit else { throw Error(offset: offset, message: "truncated element") }
        let tag = b[offset]
        guard tag & 0x1F != 0x1F else { throw Error(offset: offset, message: "multi-byte tags are not used in certificates") }
        var pos = offset + 1
        let first = Int(b[pos]); pos += 1
        var length = 0
        if first < 0x80 {
            length = first
        } else {
            let count = first & 0x7F
            guard count >= 1, count <= 4, pos + count <= limit else { throw Error(offset: offset, message: "bad length") }
            for _ in 0..<count { length = length << 8 | Int(b[pos]); pos += 1 }
            guard length >= 0x80 else { throw Error(offset: offset, message: "length not in its shortest form") }
        }
        guard length <= limit - pos else { throw Error(offset: offset, message: "element runs past its parent") }
        return Element(tag: tag, start: offset, content: pos..<(pos + length))
    }

    /// The elements directly inside `parent`, which must fill it exactly.
    static func children(_ b: [UInt8], of parent: Element) throws -> [Element] {
        var out: [Element] = []
        var pos = parent.content.lowerBound
        while pos < parent.content.upperBound {
            let e = try element(b, at: pos, limit: parent.content.upperBound)
            out.append(e)
            pos = e.end
        }
        return out
    }

    /// The modulus and public exponent of an RSA SubjectPublicKeyInfo (RFC 5280 §4.1.2.7,
    /// RFC 8017 A.1.1): SEQUENCE { SEQUENCE { rsaEncryption, NULL }, BIT STRING { SEQUENCE {
    /// INTEGER n, INTEGER e } } }, as big-endian magnitudes without leading zero bytes.
    ///
    /// Read here rather than by handing the bytes to swift-crypto: in swift-crypto 3.12.3,
    /// `_RSA.Signing.PublicKey(derRepresentation:)` frees its key twice when the bytes are
    /// neither SPKI nor PKCS#1 (found by the `cap` fuzz target under AddressSanitizer), and
    /// a CAP message's certificate is untrusted input. `PublicKey(n:e:)` has no such path.
    /// `spki` is the SubjectPublicKeyInfo element within `b`.
    static func rsaPublicKey(_ b: [UInt8], in spki: Element) throws -> (n: [UInt8], e: [UInt8]) {
        guard spki.tag == 0x30 else { throw Error(offset: spki.start, message: "SubjectPublicKeyInfo is not a SEQUENCE") }
        let parts = try children(b, of: spki)
        guard parts.count == 2, parts[0].tag == 0x30, parts[1].tag == 0x03 else {
            throw Error(offset: spki.start, message: "SubjectPublicKeyInfo is SEQUENCE { algorithm, BIT STRING }")
        }
        let algorithm = try children(b, of: parts[0])
        guard let oidElement = algorithm.first, Array(b[oidElement.start..<oidElement.end]) == oid("1.2.840.113549.1.1.1"),
              algorithm.count == 1 || (algorithm.count == 2 && algorithm[1].tag == 0x05 && algorithm[1].content.isEmpty) else {
            throw Error(offset: parts[0].start, message: "the key algorithm is not rsaEncryption (1.2.840.113549.1.1.1) with NULL parameters")
        }
        let bits = parts[1]
        guard !bits.content.isEmpty, b[bits.content.lowerBound] == 0 else {
            throw Error(offset: bits.start, message: "the key BIT STRING must have 0 unused bits")
        }
        let keyStart = bits.content.lowerBound + 1
        let key = try element(b, at: keyStart, limit: bits.end)
        guard key.tag == 0x30, key.end == bits.end else { throw Error(offset: keyStart, message: "RSAPublicKey is not one SEQUENCE") }
        let numbers = try children(b, of: key)
        guard numbers.count == 2, numbers.allSatisfy({ $0.tag == 0x02 && !$0.content.isEmpty }) else {
            throw Error(offset: keyStart, message: "RSAPublicKey is SEQUENCE { INTEGER n, INTEGER e }")
        }
        func magnitude(_ e: Element) throws -> [UInt8] {
            guard b[e.content.lowerBound] & 0x80 == 0 else { throw Error(offset: e.start, message: "a negative INTEGER in an RSA key") }
            let m = Array(b[e.content].drop(while: { $0 == 0 }))
            guard !m.isEmpty else { throw Error(offset: e.start, message: "a zero INTEGER in an RSA key") }
            return m
        }
        return (try magnitude(numbers[0]), try magnitude(numbers[1]))
    }

    /// A UTCTime or GeneralizedTime element's date.
    static func date(_ b: [UInt8], _ e: Element) throws -> Date {
        let text = String(decoding: b[e.content], as: UTF8.self)
        let digits: String
        switch e.tag {
        case 0x17:
            guard text.count == 13, let yy = Int(text.prefix(2)) else { throw Error(offset: e.start, message: "bad UTCTime \(text)") }
            digits = String(format: "%04d", yy < 50 ? 2000 + yy : 1900 + yy) + text.dropFirst(2)
        case 0x18:
            guard text.count == 15 else { throw Error(offset: e.start, message: "bad GeneralizedTime \(text)") }
            digits = text
        default:
            throw Error(offset: e.start, message: "expected a time, found tag \(e.tag)")
        }
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "UTC")
        f.dateFormat = "yyyyMMddHHmmss'Z'"
        guard let d = f.date(from: digits) else { throw Error(offset: e.start, message: "bad time \(text)") }
        return d
    }
}
