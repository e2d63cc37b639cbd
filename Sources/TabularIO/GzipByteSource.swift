import CZlib

/// Decompresses a gzip stream (RFC 1952) pulled from another source, chunk by chunk.
///
/// Concatenated gzip members (what `cat a.gz b.gz` or `pigz` produce) are read as one
/// stream, as `gzip -d` does. A stream that ends before its trailer is an error: a
/// truncated monthly file must not be ingested as if it were complete. With
/// `endAtTruncation` the bytes before the break are delivered, the stream then ends, and
/// `truncation` says where it broke, so a reader can keep the complete rows and report it.
public final class GzipByteSource: ByteSource {
    private let source: ByteSource
    private let displayName: String
    private let endAtTruncation: Bool
    /// Set when the stream ended before its trailer and `endAtTruncation` was given.
    @exclusivity(unchecked) public private(set) var truncation: String?
    @exclusivity(unchecked) private var stream = z_stream()
    @exclusivity(unchecked) private var input: UnsafeMutableRawBufferPointer
    @exclusivity(unchecked) private var inputEOF = false
    @exclusivity(unchecked) private var memberFinished = false
    @exclusivity(unchecked) private var finished = false
    /// Compressed bytes consumed so far, for error messages.
    @exclusivity(unchecked) private var consumed = 0

    /// - Parameters:
    ///   - source: the compressed bytes.
    ///   - displayName: the file name errors show.
    ///   - chunkSize: compressed bytes read per call; 256 KiB keeps `read(2)` calls rare.
    /// - Throws: `IOFailure` if zlib cannot be initialised.
    public init(source: ByteSource, displayName: String, chunkSize: Int = 256 << 10, endAtTruncation: Bool = false) throws {
        self.source = source
        self.displayName = displayName
        self.endAtTruncation = endAtTruncation
        self.input = .allocate(byteCount: chunkSize, alignment: 16)
        // 15 + 16: a gzip wrapper (not raw deflate or zlib), 32 KiB window.
        let rc = inflateInit2_(&stream, 15 + 16, zlibVersion(), Int32(MemoryLayout<z_stream>.size))
        guard rc == Z_OK else {
            input.deallocate()
            throw IOFailure(path: displayName, message: "cannot initialise gzip decompression (zlib error \(rc))")
        }
    }

    deinit {
        inflateEnd(&stream)
        input.deallocate()
    }

    private func fillInput() throws {
        let n = try source.read(into: input)
        if n == 0 { inputEOF = true }
        stream.next_in = input.baseAddress!.assumingMemoryBound(to: Bytef.self)
        stream.avail_in = uInt(n)
    }

    public func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        if finished || buffer.count == 0 { return 0 }
        stream.next_out = buffer.baseAddress!.assumingMemoryBound(to: Bytef.self)
        stream.avail_out = uInt(buffer.count)
        while stream.avail_out == uInt(buffer.count) {
            if stream.avail_in == 0 {
                if !inputEOF { try fillInput() }
                if stream.avail_in == 0 && inputEOF {
                    if memberFinished { finished = true; return 0 }
                    let message = "gzip data ends early after \(consumed) compressed bytes; the file is truncated"
                    guard endAtTruncation else { throw IOFailure(path: displayName, message: message) }
                    truncation = message
                    finished = true
                    return 0
                }
            }
            if memberFinished {
                // Another member follows: start it afresh.
                inflateReset(&stream)
                memberFinished = false
            }
            let before = stream.avail_in
            let rc = inflate(&stream, Z_NO_FLUSH)
            consumed += Int(before - stream.avail_in)
            switch rc {
            case Z_OK, Z_BUF_ERROR:
                continue
            case Z_STREAM_END:
                memberFinished = true
                if stream.avail_out != uInt(buffer.count) { return buffer.count - Int(stream.avail_out) }
            default:
                let why = stream.msg.map { String(cString: $0) } ?? "zlib error \(rc)"
                throw IOFailure(path: displayName, message:
                    "corrupt gzip data after \(consumed) compressed bytes: \(why)")
            }
        }
        return buffer.count - Int(stream.avail_out)
    }
}
