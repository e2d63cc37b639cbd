import Codes

/// The de-duplicated rows of one payroll or insurance file as dense columns: for each
/// month of the file, one entry per enterprise ordinal (order of first appearance) with a
/// presence flag, the row's region and sector, and its four measures (`EnterpriseRow.m`).
///
/// Rows arrive in file order and a later row for the same enterprise and month overwrites
/// the earlier one, which is the rule the aggregates follow (the later row wins). Memory is
/// 22 bytes per enterprise-month slot (`MonthColumns`: measures narrowed to 32 bits where
/// they fit, losslessly), with no object or string per row: 12 million rows take about
/// 270 MB (38 bytes and 460 MB with 64-bit measures; a dictionary of rows took several GB).
public final class EnterpriseColumns: @unchecked Sendable {  // filled by one ingest, read-only after
    public let kind: SignalKind
    @exclusivity(unchecked) private var ordinals = EnterpriseOrdinals(capacity: 1 << 16)
    @exclusivity(unchecked) private var periodIndex = IntMap(capacity: 256)
    @exclusivity(unchecked) private var lastPeriod: Int32 = .min
    @exclusivity(unchecked) private var lastSlot = 0
    /// Month slot → period index, in order of first appearance.
    @exclusivity(unchecked) public private(set) var periods: [Int32] = []
    @exclusivity(unchecked) private var months: [MonthColumns] = []

    init(kind: SignalKind) { self.kind = kind }

    /// Ordinal → enterprise.
    public var keys: [EnterpriseKey] { ordinals.keys }

    @inline(__always)
    func add(_ r: EnterpriseRow) {
        if r.period != lastPeriod {
            let n = Int32(periods.count)
            lastSlot = Int(periodIndex.findOrInsert(UInt64(UInt32(bitPattern: r.period))) { n })
            if lastSlot == periods.count { periods.append(r.period); months.append(MonthColumns()) }
            lastPeriod = r.period
        }
        let ord = Int(ordinals.ordinal(r.key))
        months[lastSlot].set(ord, region: r.region, sector: UInt8(truncatingIfNeeded: r.sector), m: r.m)
    }

    /// The row of enterprise `ordinal` in month slot `slot`, or `nil` if it has none.
    @inline(__always)
    public func row(slot: Int, ordinal: Int) -> (region: Int32, sector: UInt8, m: SIMD4<Int64>)? {
        months[slot].get(ordinal)
    }

    /// Number of enterprise-month rows held (after de-duplication).
    public var rowCount: Int { months.reduce(0) { $0 + $1.count } }
}

/// One month of `EnterpriseColumns`, indexed by enterprise ordinal: 22 bytes a slot
/// (presence, region, sector, and the four measures as 32-bit integers).
///
/// The narrowing is lossless for every value: a row with a measure outside the 32-bit range
/// (wages in fen of a firm of a few thousand staff, arrears of a large debtor) or equal to
/// `Int32.min` keeps its measures at full width in `wide`, and its slot holds `Int32.min` in
/// every lane as the mark. Such rows are a few per cent of a province's firm-months.
final class MonthColumns {
    @exclusivity(unchecked) private var present: UnsafeMutablePointer<UInt8>
    @exclusivity(unchecked) private var region: UnsafeMutablePointer<Int32>
    @exclusivity(unchecked) private var sector: UnsafeMutablePointer<UInt8>
    @exclusivity(unchecked) private var values: UnsafeMutablePointer<SIMD4<Int32>>
    /// Ordinal → measures of the rows that do not fit 32 bits.
    @exclusivity(unchecked) private var wide: [Int: SIMD4<Int64>] = [:]
    @exclusivity(unchecked) private var capacity = 0
    @exclusivity(unchecked) private(set) var count = 0

    init() {
        present = .allocate(capacity: 1); region = .allocate(capacity: 1)
        sector = .allocate(capacity: 1); values = .allocate(capacity: 1)
    }

    deinit { present.deallocate(); region.deallocate(); sector.deallocate(); values.deallocate() }

    private static let mark = SIMD4<Int32>(repeating: .min)

    @inline(__always)
    func set(_ i: Int, region r: Int32, sector s: UInt8, m: SIMD4<Int64>) {
        if i >= capacity { grow(i + 1) }
        if present[i] == 0 { count += 1 }
        present[i] = 1; region[i] = r; sector[i] = s
        let narrow = SIMD4<Int32>(truncatingIfNeeded: m)
        if SIMD4<Int64>(truncatingIfNeeded: narrow) == m, !any(narrow .== MonthColumns.mark) {
            values[i] = narrow
        } else {
            values[i] = MonthColumns.mark
            wide[i] = m
        }
    }

    @inline(__always)
    func get(_ i: Int) -> (region: Int32, sector: UInt8, m: SIMD4<Int64>)? {
        guard i < capacity, present[i] != 0 else { return nil }
        let v = values[i]
        return (region[i], sector[i], v[0] == .min ? wide[i]! : SIMD4<Int64>(truncatingIfNeeded: v))
    }

    private func grow(_ needed: Int) {
        let n = max(needed, capacity * 2, 1024)
        func move<T>(_ p: inout UnsafeMutablePointer<T>, fill: T) {
            let q = UnsafeMutablePointer<T>.allocate(capacity: n)
            q.moveInitialize(from: p, count: capacity)
            (q + capacity).initialize(repeating: fill, count: n - capacity)
            p.deallocate()
            p = q
        }
        move(&present, fill: 0); move(&region, fill: 0); move(&sector, fill: 0); move(&values, fill: SIMD4(repeating: 0))
        capacity = n
    }
}
