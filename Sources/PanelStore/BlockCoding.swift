import Foundation
import TabularIO

/// The byte layout shared by the store's fact blocks: little-endian fixed-width numbers,
/// length-prefixed UTF-8 strings, and integer columns in frame-of-reference form (a base
/// and a byte width of 0, 1, 2, 4 or 8; each value stored as `value - base` in that
/// many bytes), the whole payload zlib-compressed behind a 16-byte header:
///
///     "JSFB"  UInt32 layout version  UInt64 payload bytes  <zlib stream>
///
/// Frame-of-reference first narrows headcounts to 1–2 bytes and region codes to 2, so the
/// level-1 zlib pass that follows has a few bytes per value to look at instead of eight.
enum BlockCoding {
    static let magic: [UInt8] = Array("JSFB".utf8)
    /// Bumped whenever the layout of a block changes; readers refuse other versions.
    static let version: UInt32 = 1

    /// Compresses `payload` behind the header.
    static func seal(_ payload: [UInt8], label: String) throws -> [UInt8] {
        var out = ByteWriter()
        out.bytes.reserveCapacity(payload.count / 3 + 16)
        out.bytes += magic
        out.put(version)
        out.put(UInt64(payload.count))
        out.bytes += try payload.withUnsafeBytes { try Deflate.compress($0, label: label) }
        return out.bytes
    }

    /// The payload of a sealed block.
    /// - Throws: `StoreError` naming `label` when the header or the compressed data is damaged.
    static func open(_ block: [UInt8], label: String) throws -> [UInt8] {
        guard block.count >= 16, Array(block[0..<4]) == magic else {
            throw StoreError("\(label): not a JobSentry fact block (bad header)")
        }
        var r = ByteReader(block, label: label)
        r.offset = 4
        let v = try r.get(UInt32.self)
        guard v == version else {
            throw StoreError("\(label): fact block layout version \(v), this jobsentry reads version \(version); use the jobsentry that wrote the store")
        }
        let size = try r.get(UInt64.self)
        do {
            return try block.withUnsafeBytes { try Deflate.decompress(UnsafeRawBufferPointer(rebasing: $0[16...]), size: Int(size), label: label) }
        } catch let e as IOFailure {
            throw StoreError("\(e)")
        }
    }
}

/// Appends little-endian values to a byte array.
struct ByteWriter {
    var bytes: [UInt8] = []

    mutating func put<T: FixedWidthInteger>(_ v: T) {
        withUnsafeBytes(of: v.littleEndian) { bytes.append(contentsOf: $0) }
    }

    mutating func put(_ s: String) {
        let u = Array(s.utf8)
        put(UInt32(u.count))
        bytes += u
    }

    /// `values` in frame-of-reference form; entries where `include` is false are written as
    /// the base (they are blanks the reader masks out) and do not widen the frame.
    mutating func putColumn(_ values: UnsafeBufferPointer<Int64>, include: UnsafeBufferPointer<UInt8>) {
        var lo = Int64.max, hi = Int64.min
        for i in values.indices where include[i] != 0 { lo = min(lo, values[i]); hi = max(hi, values[i]) }
        if lo > hi { lo = 0; hi = 0 }
        let span = UInt64(bitPattern: hi &- lo)
        let width: Int = span == 0 ? 0 : span <= 0xFF ? 1 : span <= 0xFFFF ? 2 : span <= 0xFFFF_FFFF ? 4 : 8
        put(lo)
        put(UInt8(width))
        guard width > 0 else { return }
        let start = bytes.count
        bytes.append(contentsOf: repeatElement(0, count: values.count * width))
        bytes.withUnsafeMutableBytes { raw in
            let out = raw.baseAddress! + start
            for i in values.indices where include[i] != 0 {
                let d = UInt64(bitPattern: values[i] &- lo)
                switch width {
                case 1: out.storeBytes(of: UInt8(truncatingIfNeeded: d), toByteOffset: i, as: UInt8.self)
                case 2: out.storeBytes(of: UInt16(truncatingIfNeeded: d).littleEndian, toByteOffset: 2 * i, as: UInt16.self)
                case 4: out.storeBytes(of: UInt32(truncatingIfNeeded: d).littleEndian, toByteOffset: 4 * i, as: UInt32.self)
                default: out.storeBytes(of: d.littleEndian, toByteOffset: 8 * i, as: UInt64.self)
                }
            }
        }
    }
}

/// Reads what `ByteWriter` wrote; every read is bounds-checked and names the block.
struct ByteReader {
    let bytes: [UInt8]
    var offset = 0
    let label: String

    init(_ bytes: [UInt8], label: String) { self.bytes = bytes; self.label = label }

    private func need(_ n: Int) throws {
        guard n >= 0, offset + n <= bytes.count else {
            throw StoreError("\(label): fact block ends early (wanted \(n) bytes at offset \(offset) of \(bytes.count))")
        }
    }

    mutating func get<T: FixedWidthInteger>(_: T.Type) throws -> T {
        try need(MemoryLayout<T>.size)
        var v: T = 0
        withUnsafeMutableBytes(of: &v) { d in
            bytes.withUnsafeBytes { s in d.copyMemory(from: UnsafeRawBufferPointer(rebasing: s[offset..<(offset + MemoryLayout<T>.size)])) }
        }
        offset += MemoryLayout<T>.size
        return T(littleEndian: v)
    }

    mutating func getString() throws -> String {
        let n = Int(try get(UInt32.self))
        try need(n)
        defer { offset += n }
        return String(decoding: bytes[offset..<(offset + n)], as: UTF8.self)
    }

    /// A frame-of-reference column of `count` values.
    mutating func getColumn(count: Int) throws -> [Int64] {
        let base = try get(Int64.self)
        let width = Int(try get(UInt8.self))
        guard [0, 1, 2, 4, 8].contains(width) else { throw StoreError("\(label): bad column width \(width) at offset \(offset - 1)") }
        guard width > 0 else { return [Int64](repeating: base, count: count) }
        try need(count * width)
        let start = offset
        offset += count * width
        return [Int64](unsafeUninitializedCapacity: count) { out, n in
            bytes.withUnsafeBytes { raw in
                let p = raw.baseAddress! + start
                switch width {
                case 1: for i in 0..<count { out[i] = base &+ Int64(p.load(fromByteOffset: i, as: UInt8.self)) }
                case 2: for i in 0..<count { out[i] = base &+ Int64(UInt16(littleEndian: p.loadUnaligned(fromByteOffset: 2 * i, as: UInt16.self))) }
                case 4: for i in 0..<count { out[i] = base &+ Int64(UInt32(littleEndian: p.loadUnaligned(fromByteOffset: 4 * i, as: UInt32.self))) }
                default: for i in 0..<count { out[i] = base &+ Int64(bitPattern: UInt64(littleEndian: p.loadUnaligned(fromByteOffset: 8 * i, as: UInt64.self))) }
                }
            }
            n = count
        }
    }

    /// A frame-of-reference column of `count` values left where it is in the bytes: read by
    /// `PackedColumn.value` (a reader that wants a few values of a long column, or each value
    /// once, need not expand it into an array of `Int64`s first).
    mutating func packedColumn(count: Int) throws -> PackedColumn {
        let base = try get(Int64.self)
        let width = Int(try get(UInt8.self))
        guard [0, 1, 2, 4, 8].contains(width) else { throw StoreError("\(label): bad column width \(width) at offset \(offset - 1)") }
        try need(count * width)
        defer { offset += count * width }
        return PackedColumn(start: offset, base: base, width: width)
    }

    /// `count` `Double`s written as little-endian bit patterns.
    mutating func getDoubles(count: Int) throws -> [Double] {
        try need(count * 8)
        let start = offset
        offset += count * 8
        return [Double](unsafeUninitializedCapacity: count) { out, n in
            bytes.withUnsafeBytes { raw in
                let p = raw.baseAddress! + start
                for i in 0..<count { out[i] = Double(bitPattern: UInt64(littleEndian: p.loadUnaligned(fromByteOffset: 8 * i, as: UInt64.self))) }
            }
            n = count
        }
    }

    /// `count` raw bytes.
    mutating func getBytes(count: Int) throws -> ArraySlice<UInt8> {
        try need(count)
        defer { offset += count }
        return bytes[offset..<(offset + count)]
    }
}

/// A frame-of-reference column inside a block's payload (see `ByteReader.packedColumn`):
/// value i is `base` plus the i-th `width`-byte little-endian number from `start`.
struct PackedColumn: Sendable {
    let start: Int
    let base: Int64
    let width: Int

    /// Value `i`, from the payload's bytes at `bytes` (the reader checked the column's extent).
    @inline(__always)
    func value(_ bytes: UnsafeRawPointer, _ i: Int) -> Int64 {
        switch width {
        case 0: return base
        case 1: return base &+ Int64(bytes.load(fromByteOffset: start + i, as: UInt8.self))
        case 2: return base &+ Int64(UInt16(littleEndian: bytes.loadUnaligned(fromByteOffset: start + 2 * i, as: UInt16.self)))
        case 4: return base &+ Int64(UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: start + 4 * i, as: UInt32.self)))
        default: return base &+ Int64(bitPattern: UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: start + 8 * i, as: UInt64.self)))
        }
    }
}
