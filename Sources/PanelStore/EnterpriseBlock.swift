import Dispatch
import Foundation
import Ingest
import Parallel

/// One file's enterprise-month rows as sealed blocks of up to `chunkSize` enterprises each,
/// enterprises in credit-code order, months dense over the file's range, enterprise-major
/// (each enterprise's months next to each other, so its series comes back in one pass):
///
///     enterprises UInt32  first period Int32  months UInt32  measures UInt8
///     keys: enterprises × (UInt32 high, UInt64 low)   (`EnterpriseKey`'s packed body)
///     present: enterprises × months bytes (1 = the file has a row)
///     region, sector, then each measure: enterprises × months, frame-of-reference columns
///
/// Measures are `EnterpriseRow.m`: payroll (headcount, wages in fen, days late or −1),
/// insurance (insured, enrolled, separated, arrears in fen or −1).
enum EnterpriseBlock {
    /// Enterprises per block: a province's 110,000 enterprises make 14 blocks per file, and
    /// one enterprise's figures are read by opening one block of about 1 MB.
    static let chunkSize = 8192

    struct Encoded {
        var firstKey: String
        var lastKey: String
        var firstPeriod: Int32
        var lastPeriod: Int32
        var rows: Int
        var data: [UInt8]
    }

    static func measureCount(_ kind: SignalKind) -> Int { kind == .payroll ? 3 : 4 }

    /// The blocks of one file's columns, compressed on every core.
    static func encode(_ c: EnterpriseColumns, label: String) throws -> [Encoded] {
        let keys = c.keys
        guard let p0 = c.periods.min(), let p1 = c.periods.max(), !keys.isEmpty else { return [] }
        let months = Int(p1 - p0) + 1
        var slots = [Int](repeating: -1, count: months)
        for (slot, p) in c.periods.enumerated() { slots[Int(p - p0)] = slot }
        let slotOf = slots
        let order = keys.indices.sorted { keys[$0] < keys[$1] }
        let chunks = (order.count + chunkSize - 1) / chunkSize
        let k = measureCount(c.kind)
        return try concurrentMap(chunks) { chunk in
            let members = order[(chunk * chunkSize)..<min(order.count, (chunk + 1) * chunkSize)]
            return try encodeChunk(c, members: Array(members), p0: p0, months: months, slotOf: slotOf, measures: k,
                                   label: "\(label) block \(chunk)")
        }
    }

    private static func encodeChunk(_ c: EnterpriseColumns, members: [Int], p0: Int32, months: Int, slotOf: [Int],
                                     measures k: Int, label: String) throws -> Encoded {
        let n = members.count * months
        var present = [UInt8](repeating: 0, count: n)
        var region = [Int64](repeating: 0, count: n), sector = [Int64](repeating: 0, count: n)
        var m = [[Int64]](repeating: [Int64](repeating: 0, count: n), count: k)
        var rows = 0, first = Int.max, last = Int.min
        for (e, ord) in members.enumerated() {
            for t in 0..<months {
                let slot = slotOf[t]
                guard slot >= 0, let row = c.row(slot: slot, ordinal: ord) else { continue }
                let i = e * months + t
                present[i] = 1; region[i] = Int64(row.region); sector[i] = Int64(row.sector)
                for j in 0..<k { m[j][i] = row.m[j] }
                rows += 1; first = min(first, t); last = max(last, t)
            }
        }
        var w = ByteWriter()
        w.bytes.reserveCapacity(n * 8)
        w.put(UInt32(members.count)); w.put(p0); w.put(UInt32(months)); w.put(UInt8(k))
        let keys = c.keys
        for ord in members { w.put(keys[ord].high); w.put(keys[ord].low) }
        w.bytes += present
        present.withUnsafeBufferPointer { include in
            for column in [region, sector] + m { column.withUnsafeBufferPointer { w.putColumn($0, include: include) } }
        }
        return Encoded(firstKey: keys[members.first!].text, lastKey: keys[members.last!].text,
                       firstPeriod: p0 + Int32(first == .max ? 0 : first), lastPeriod: p0 + Int32(last == .min ? 0 : last),
                       rows: rows, data: try BlockCoding.seal(w.bytes, label: label))
    }

    /// A block read back: its keys, and its columns of `keys.count × months` values,
    /// enterprise-major, left packed in the payload (`PackedColumn`); read them inside
    /// `withPayload`.
    struct Decoded: Sendable {
        var keys: [EnterpriseKey]
        var firstPeriod: Int32
        var months: Int
        /// The decompressed block.
        var payload: [UInt8]
        /// Where the presence bytes start in `payload` (1 = the file has a row).
        var presentStart: Int
        var region: PackedColumn
        var sector: PackedColumn
        /// One column per measure.
        var m: [PackedColumn]

        /// Calls `body` with the payload's bytes, for `PackedColumn.value` and `present`.
        func withPayload<R>(_ body: (UnsafeRawPointer) throws -> R) rethrows -> R {
            try payload.withUnsafeBytes { try body($0.baseAddress!) }
        }

        /// Whether slot i (enterprise × month) has a row, from the payload's bytes at `bytes`.
        @inline(__always)
        func present(_ bytes: UnsafeRawPointer, _ i: Int) -> Bool { bytes.load(fromByteOffset: presentStart + i, as: UInt8.self) != 0 }
    }

    static func decode(_ block: [UInt8], label: String) throws -> Decoded {
        let payload = try BlockCoding.open(block, label: label)
        var r = ByteReader(payload, label: label)
        let count = Int(try r.get(UInt32.self)), p0 = try r.get(Int32.self), months = Int(try r.get(UInt32.self))
        let k = Int(try r.get(UInt8.self))
        guard k == 3 || k == 4 else { throw StoreError("\(label): enterprise block of \(k) measures (3 or 4 expected)") }
        var keys: [EnterpriseKey] = []
        keys.reserveCapacity(count)
        for _ in 0..<count {
            let high = try r.get(UInt32.self), low = try r.get(UInt64.self)
            keys.append(EnterpriseKey(high: high, low: low))
        }
        let n = count * months
        let presentStart = r.offset
        _ = try r.getBytes(count: n)
        let region = try r.packedColumn(count: n), sector = try r.packedColumn(count: n)
        var m: [PackedColumn] = []
        for _ in 0..<k { m.append(try r.packedColumn(count: n)) }
        return Decoded(keys: keys, firstPeriod: p0, months: months, payload: payload, presentStart: presentStart,
                       region: region, sector: sector, m: m)
    }
}
