import CZlib

/// A `ByteSink` that gzip-compresses (RFC 1952) everything written to it into another sink.
///
/// The output is a pure function of the input bytes and `level`: zlib's gzip wrapper writes
/// modification time 0, no file name and a fixed OS byte, so a seed always gives the same file.
public final class GzipByteSink: ByteSink {
    private let target: ByteSink
    private var stream = z_stream()
    private var output = [UInt8](repeating: 0, count: 1 << 17)
    private var finished = false
    private let label: String

    /// - Parameters:
    ///   - target: where compressed bytes go (closed by `close()`).
    ///   - level: zlib level 1...9; 9 for small committed files, 1 for multi-GB runs (≈4× faster).
    ///   - label: named in errors (the file path).
    public init(target: ByteSink, level: Int32, label: String) throws {
        precondition((1...9).contains(level), "zlib level must be 1...9")
        self.target = target
        self.label = label
        // windowBits 15 + 16 selects the gzip wrapper; memLevel 8 is zlib's default.
        let rc = deflateInit2_(&stream, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY,
                               ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size))
        guard rc == Z_OK else { throw IOFailure(path: label, message: "zlib deflateInit2 failed (\(rc))") }
    }

    deinit { if !finished { deflateEnd(&stream) } }

    public func write(_ bytes: [UInt8]) throws {
        guard !bytes.isEmpty else { return }
        try bytes.withUnsafeBufferPointer { p in
            stream.next_in = UnsafeMutablePointer(mutating: p.baseAddress!)
            stream.avail_in = uInt(p.count)
            try pump(flush: Z_NO_FLUSH)
        }
    }

    public func close() throws {
        guard !finished else { return }
        stream.next_in = nil
        stream.avail_in = 0
        try pump(flush: Z_FINISH)
        deflateEnd(&stream)
        finished = true
        try target.close()
    }

    private func pump(flush: Int32) throws {
        let cap = output.count
        while true {
            let (rc, produced): (Int32, Int) = output.withUnsafeMutableBufferPointer { o in
                stream.next_out = o.baseAddress
                stream.avail_out = uInt(cap)
                let r = deflate(&stream, flush)
                return (r, cap - Int(stream.avail_out))
            }
            guard rc == Z_OK || rc == Z_STREAM_END || rc == Z_BUF_ERROR else {
                throw IOFailure(path: label, message: "zlib deflate failed (\(rc))")
            }
            if produced > 0 { try target.write(Array(output[0..<produced])) }
            if flush == Z_FINISH {
                if rc == Z_STREAM_END { return }
            } else if stream.avail_in == 0 && produced < cap {
                return
            }
        }
    }
}
