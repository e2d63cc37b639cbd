import CZlib

/// One-shot zlib (RFC 1950) compression of byte buffers, for blocks the store keeps in
/// BLOBs. TabularIO is the one module that reaches zlib; the store goes through here.
public enum Deflate {
    /// Compresses `bytes` with zlib at `level` (1 fastest … 9 smallest).
    ///
    /// Level 1 by default: the store's blocks are already narrowed to the bytes their values
    /// need, and level 1 compresses them within ~10% of level 6 at several times the speed.
    /// - Throws: `IOFailure` naming `label` if zlib fails (it only does when out of memory).
    public static func compress(_ bytes: UnsafeRawBufferPointer, level: Int32 = 1, label: String) throws -> [UInt8] {
        precondition((1...9).contains(level), "zlib level must be 1...9")
        var bound = compressBound(uLong(bytes.count))
        var out = [UInt8](repeating: 0, count: Int(bound))
        var empty: UInt8 = 0
        let rc = out.withUnsafeMutableBufferPointer { o -> Int32 in
            let src = bytes.baseAddress?.assumingMemoryBound(to: Bytef.self)
            if let src { return compress2(o.baseAddress, &bound, src, uLong(bytes.count), level) }
            return compress2(o.baseAddress, &bound, &empty, 0, level)
        }
        guard rc == Z_OK else { throw IOFailure(path: label, message: "zlib compress2 failed (\(rc)) on \(bytes.count) bytes") }
        out.removeLast(out.count - Int(bound))
        return out
    }

    /// Decompresses zlib data known to expand to exactly `size` bytes.
    /// - Throws: `IOFailure` naming `label` when the data is damaged or its size differs.
    public static func decompress(_ bytes: UnsafeRawBufferPointer, size: Int, label: String) throws -> [UInt8] {
        // One spare byte so the buffer is never empty (zlib wants a valid pointer).
        var out = [UInt8](repeating: 0, count: size + 1)
        var length = uLongf(size + 1)
        let rc = out.withUnsafeMutableBufferPointer { o -> Int32 in
            uncompress(o.baseAddress, &length, bytes.baseAddress?.assumingMemoryBound(to: Bytef.self), uLong(bytes.count))
        }
        out.removeLast()
        guard rc == Z_OK, Int(length) == size else {
            throw IOFailure(path: label, message: "damaged block: zlib uncompress returned \(rc), \(length) of \(size) bytes")
        }
        return out
    }
}
