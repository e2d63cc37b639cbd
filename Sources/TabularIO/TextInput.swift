#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How the bytes of a text file encode characters.
public enum TextEncoding: String, Sendable, CaseIterable, CustomStringConvertible {
    /// Decide from the first 64 KiB: UTF-8 if valid, else GB18030 if valid, else not text.
    case auto
    case utf8 = "utf-8"
    /// GB 18030, the Chinese national standard (a superset of GBK and GB 2312) that
    /// government spreadsheet exports commonly use.
    case gb18030
    /// UTF-16, little- or big-endian ("Unicode text" from spreadsheet programs), recognised
    /// by its byte-order mark or, without one, by the zero byte of every ASCII character.
    case utf16le = "utf-16le"
    case utf16be = "utf-16be"

    /// Accepts the usual spellings: `utf8`, `UTF-8`, `gb18030`, `GBK`, `gb2312`
    /// (GBK and GB 2312 are subsets of GB 18030, so they decode the same).
    public init?(name: String) {
        switch String(name.lowercased().map { $0 == "_" ? "-" : $0 }) {
        case "auto": self = .auto
        case "utf8", "utf-8": self = .utf8
        case "gb18030", "gbk", "gb2312", "cp936": self = .gb18030
        case "utf16le", "utf-16le": self = .utf16le
        case "utf16be", "utf-16be": self = .utf16be
        default: return nil
        }
    }

    public var description: String { rawValue }
}

/// A source that first replays bytes already read (for sniffing), then continues.
final class PrefixedByteSource: ByteSource {
    private var prefix: [UInt8]
    private var position = 0
    private let rest: ByteSource

    init(prefix: [UInt8], rest: ByteSource) { self.prefix = prefix; self.rest = rest }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        if position < prefix.count {
            let n = min(buffer.count, prefix.count - position)
            prefix.withUnsafeBytes { p in
                buffer.baseAddress!.copyMemory(from: p.baseAddress! + position, byteCount: n)
            }
            position += n
            if position == prefix.count { prefix = [] ; position = Int.max }
            return n
        }
        return try rest.read(into: buffer)
    }
}

/// Opens input files the way every JobSentry stage reads them: gzip is recognised by its
/// magic bytes (whatever the name), and the text encoding is detected or forced.
public enum TextInput {
    /// What `open` found.
    public struct Opened {
        /// UTF-8 bytes of the file's text.
        public let source: ByteSource
        public let compressed: Bool
        /// What the bytes were decoded as; never `.auto`.
        public let encoding: TextEncoding
        let gzip: GzipByteSource?

        /// Where a gzip stream opened with `keepTruncatedGzip` broke off, once it was read
        /// to its end; `nil` when it was complete.
        public var truncation: String? { gzip?.truncation }
    }

    /// Bytes examined to detect compression and encoding.
    public static let sniffBytes = 64 << 10

    /// Opens `path` (`-` is standard input) for reading as UTF-8 text.
    ///
    /// A few NUL bytes do not make a file binary: the CSV scanner rejects the records that
    /// hold them, with line and column. UTF-16 is decoded (its byte-order mark dropped).
    /// - Parameter keepTruncatedGzip: deliver what a truncated gzip stream holds before the
    ///   break and report it in `Opened.truncation`, instead of throwing.
    /// - Throws: `IOFailure` when the file cannot be opened, is not text (mostly NUL bytes,
    ///   or invalid in UTF-8, UTF-16 and GB18030 within the first 64 KiB), or is not valid
    ///   in a forced encoding.
    public static func open(path: String, encoding: TextEncoding = .auto, keepTruncatedGzip: Bool = false) throws -> Opened {
        var source: ByteSource = try FileByteSource(path: path)
        var head = try readHead(source, limit: sniffBytes)
        let compressed = head.count >= 2 && head[0] == 0x1F && head[1] == 0x8B
        var gzip: GzipByteSource?
        if compressed {
            gzip = try GzipByteSource(source: PrefixedByteSource(prefix: head, rest: source), displayName: path,
                                      endAtTruncation: keepTruncatedGzip)
            source = gzip!
            head = try readHead(source, limit: sniffBytes)
        }
        var chosen = encoding
        if chosen == .auto {
            if let utf16 = utf16Order(head) { chosen = utf16 }
            else if isValidUTF8Prefix(head) && nulShare(head) <= 0.1 { chosen = .utf8 }
            else if nulShare(head) <= 0.1 && isValidGB18030(head) { chosen = .gb18030 }
            else if let bad = firstNUL(head) {
                throw IOFailure(path: path, message:
                    "byte \(bad) is a NUL byte and the text is neither UTF-8, UTF-16 nor GB18030; this is a binary file, not CSV text")
            } else {
                throw IOFailure(path: path, message:
                    "the first \(head.count) bytes are neither UTF-8, UTF-16 nor GB18030 text; is this a binary file? (force one with --encoding)")
            }
        }
        switch chosen {
        case .utf16le, .utf16be:
            let bom: [UInt8] = chosen == .utf16le ? [0xFF, 0xFE] : [0xFE, 0xFF]
            let body = head.starts(with: bom) ? Array(head.dropFirst(2)) : head
            source = try TranscodingByteSource(source: PrefixedByteSource(prefix: body, rest: source),
                                               encoding: chosen == .utf16le ? "UTF-16LE" : "UTF-16BE", displayName: path)
        case .gb18030:
            source = try TranscodingByteSource(source: PrefixedByteSource(prefix: head, rest: source), encoding: "GB18030", displayName: path)
        case .utf8, .auto:
            source = PrefixedByteSource(prefix: head, rest: source)
        }
        return Opened(source: source, compressed: compressed, encoding: chosen, gzip: gzip)
    }

    /// UTF-16 by its byte-order mark, or without one when at least 90% of the even (big-
    /// endian) or odd (little-endian) bytes are 0 and the others mostly are not: what ASCII
    /// text (the header and digits of every JobSentry file) looks like in UTF-16.
    static func utf16Order(_ b: [UInt8]) -> TextEncoding? {
        if b.starts(with: [0xFF, 0xFE]) { return .utf16le }
        if b.starts(with: [0xFE, 0xFF]) { return .utf16be }
        guard b.count >= 8 else { return nil }
        let pairs = b.count / 2
        var evenZero = 0, oddZero = 0
        for i in 0..<pairs {
            if b[2 * i] == 0 { evenZero += 1 }
            if b[2 * i + 1] == 0 { oddZero += 1 }
        }
        if oddZero * 10 >= pairs * 9 && evenZero * 10 <= pairs { return .utf16le }
        if evenZero * 10 >= pairs * 9 && oddZero * 10 <= pairs { return .utf16be }
        return nil
    }

    private static func nulShare(_ b: [UInt8]) -> Double {
        b.isEmpty ? 0 : Double(b.reduce(0) { $0 + ($1 == 0 ? 1 : 0) }) / Double(b.count)
    }

    private static func readHead(_ s: ByteSource, limit: Int) throws -> [UInt8] {
        var head = [UInt8](repeating: 0, count: limit)
        var n = 0
        while n < limit {
            let got = try head.withUnsafeMutableBytes { p in
                try s.read(into: UnsafeMutableRawBufferPointer(rebasing: p[n...]))
            }
            if got == 0 { break }
            n += got
        }
        head.removeSubrange(n...)
        return head
    }

    private static func firstNUL(_ b: [UInt8]) -> Int? { b.firstIndex(of: 0) }

    /// Whether `b` is valid UTF-8, allowing one incomplete character at the very end
    /// (the sniffed head may cut a character in two).
    static func isValidUTF8Prefix(_ b: [UInt8]) -> Bool {
        var i = 0
        let n = b.count
        while i < n {
            let c = b[i]
            if c < 0x80 { i += 1; continue }
            let len: Int
            if c >= 0xC2 && c <= 0xDF { len = 2 }
            else if c >= 0xE0 && c <= 0xEF { len = 3 }
            else if c >= 0xF0 && c <= 0xF4 { len = 4 }
            else { return false }
            for k in 1..<len {
                if i + k >= n { return true }
                if b[i + k] & 0xC0 != 0x80 { return false }
            }
            i += len
        }
        return true
    }

    /// Whether `b` converts from GB18030 without an invalid sequence (an incomplete
    /// character at the end is allowed).
    static func isValidGB18030(_ b: [UInt8]) -> Bool {
        let cd = iconv_open("UTF-8", "GB18030")
        guard cd != iconv_t(bitPattern: -1) else { return false }
        defer { iconv_close(cd) }
        var input = b
        var out = [UInt8](repeating: 0, count: b.count * 2 + 16)
        return input.withUnsafeMutableBytes { ip in
            out.withUnsafeMutableBytes { op in
                var inPtr: UnsafeMutablePointer<CChar>? = ip.baseAddress?.assumingMemoryBound(to: CChar.self)
                var inLeft = ip.count
                var outPtr: UnsafeMutablePointer<CChar>? = op.baseAddress!.assumingMemoryBound(to: CChar.self)
                var outLeft = op.count
                let rc = iconv(cd, &inPtr, &inLeft, &outPtr, &outLeft)
                return rc != -1 || errno == EINVAL
            }
        }
    }
}
