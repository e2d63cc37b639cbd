import Codes

/// Sums payroll or insurance rows into cells (period × region × sector) while
/// de-duplicating by enterprise and month, in memory independent of the row count.
///
/// Each enterprise gets a dense ordinal; each month a bitset over ordinals records who
/// was seen. Memory is O(cells + enterprises + months × enterprises / 8), so a
/// 10-million-row file of 100,000 enterprises needs a few megabytes. A repeated
/// (enterprise, month) is noted; `resolve(occurrences:)` then removes the earlier rows'
/// contributions (the later row wins), given the rows of a second pass over the file.
struct EnterpriseAccumulator {
    let kind: SignalKind
    /// Whether the optional measure column (days_late / arrears_cny) is present.
    let hasOptional: Bool
    private(set) var cellKeys: [UInt64] = []
    private(set) var sums: [SIMD8<Int64>] = []
    private(set) var ordinals = EnterpriseOrdinals()
    /// Region code → dense index (a province has a few hundred), so a month's cells
    /// are a small direct-indexed table rather than one big hash table.
    private var regionIndex = IntMap(capacity: 512)
    private var periodIndex = IntMap(capacity: 256)
    private var months: [MonthState] = []
    private var lastPeriod: Int32 = -1
    private var current: MonthState?
    private var lastRegion: Int32 = -1
    private var lastRegionIndex = 0
    /// (period << 32 | ordinal, line) of each repeat seen.
    private(set) var repeats: [(key: UInt64, line: Int)] = []
    private(set) var duplicates: [DuplicateRow] = []
    let path: String

    init(kind: SignalKind, hasOptional: Bool, path: String) {
        self.kind = kind
        self.hasOptional = hasOptional
        self.path = path
    }

    /// Late payers are those more than 30 days late (DESIGN.md).
    static let lateThresholdDays: Int64 = 30
    /// Sector slots per region: A...T and ALL.
    static let sectorSlots = 21

    @inline(__always)
    func contribution(_ r: EnterpriseRow) -> SIMD8<Int64> {
        if kind == .payroll {
            return SIMD8(1, r.m[0], r.m[1], r.m[2] > EnterpriseAccumulator.lateThresholdDays ? 1 : 0, 0, 0, 0, 0)
        }
        return SIMD8(1, r.m[0], r.m[1], r.m[2], max(r.m[3], 0), 0, 0, 0)
    }

    @inline(__always)
    private mutating func month(_ period: Int32) -> MonthState {
        if period == lastPeriod, let c = current { return c }
        let n = Int32(months.count)
        let slot = Int(periodIndex.findOrInsert(UInt64(UInt32(period))) { n })
        if slot == months.count { months.append(MonthState()) }
        lastPeriod = period
        current = months[slot]
        return months[slot]
    }

    @inline(__always)
    private mutating func region(_ code: Int32) -> Int {
        if code == lastRegion { return lastRegionIndex }
        let n = Int32(regionIndex.count)
        lastRegionIndex = Int(regionIndex.findOrInsert(UInt64(UInt32(code))) { n })
        lastRegion = code
        return lastRegionIndex
    }

    @inline(__always)
    mutating func add(_ r: EnterpriseRow) {
        let m = month(r.period)
        let ci = region(r.region) &* EnterpriseAccumulator.sectorSlots &+ Int(r.sector)
        m.ensureCells(ci + 1)
        var c = Int(m.cells[ci])
        if c < 0 {
            c = cellKeys.count
            cellKeys.append(r.cell)
            sums.append(SIMD8(repeating: 0))
            m.cells[ci] = Int32(c)
        }
        sums[c] &+= contribution(r)
        let ord = Int(ordinals.ordinal(r.key))
        m.ensureBits(ord + 1)
        let w = ord >> 6, bit = UInt64(1) << UInt64(ord & 63)
        let seen = m.bits[w] & bit != 0
        m.bits[w] |= bit
        if seen { repeats.append((UInt64(UInt32(r.period)) << 32 | UInt64(UInt32(ord)), r.line)) }
    }

    private mutating func subtract(_ r: EnterpriseRow) {
        let m = month(r.period)
        let ci = region(r.region) * EnterpriseAccumulator.sectorSlots + Int(r.sector)
        guard ci < m.cellCapacity, m.cells[ci] >= 0 else { return }
        sums[Int(m.cells[ci])] &-= contribution(r)
    }

    func describe(_ r: EnterpriseRow) -> String {
        "enterprise \(r.key.text), period \(Period(index: Int(r.period)))"
    }

    var needsSecondPass: Bool { !repeats.isEmpty }
    var repeatedKeys: Set<UInt64> { Set(repeats.map(\.key)) }

    /// Ordinal key of a row, if its enterprise was seen.
    mutating func dupKey(_ r: EnterpriseRow) -> UInt64 {
        UInt64(UInt32(r.period)) << 32 | UInt64(UInt32(ordinals.ordinal(r.key)))
    }

    /// Given every occurrence of each repeated key (from a second pass, in file order),
    /// removes all but the last from the sums and reports them.
    mutating func resolve(occurrences: [UInt64: [EnterpriseRow]]) {
        for (_, rows) in occurrences.sorted(by: { $0.value[0].line < $1.value[0].line }) where rows.count > 1 {
            for i in 0..<(rows.count - 1) {
                subtract(rows[i])
                duplicates.append(DuplicateRow(file: path, line: rows[i + 1].line, replacedLine: rows[i].line,
                                               key: describe(rows[i + 1])))
            }
        }
        repeats.removeAll()
    }

    /// The cells as an aggregate table (source grain).
    func table() -> AggregateTable {
        var t = AggregateTable(layout: AggregateLayout.of(kind))
        let width = t.width
        for (j, k) in cellKeys.enumerated() {
            let key = AggregateKey(period: Int32(truncatingIfNeeded: k >> 32), region: Int32(truncatingIfNeeded: (k >> 8) & 0xFF_FFFF),
                                   sector: Int32(k & 0xFF), group: FieldDecoding.allGroups)
            let v = sums[j]
            if v[0] == 0 { continue }  // every row of the cell was replaced by a later one elsewhere
            let s = t.slot(key)
            for m in 0..<min(width, 5) {
                t.setValue(s, m, Double(v[m]))
            }
            if !hasOptional { t.setValue(s, kind == .payroll ? 3 : 4, .nan) }
        }
        t.computeDerived()
        return t
    }
}

/// One month's state: which enterprises were seen (a bitset over ordinals) and where
/// its cells are (region index × 21 + sector → cell number, −1 for none).
final class MonthState {
    @exclusivity(unchecked) private(set) var bits: UnsafeMutablePointer<UInt64>
    @exclusivity(unchecked) private(set) var bitWords = 0
    @exclusivity(unchecked) private(set) var cells: UnsafeMutablePointer<Int32>
    @exclusivity(unchecked) private(set) var cellCapacity = 0

    init() {
        bits = .allocate(capacity: 1)
        cells = .allocate(capacity: 1)
    }

    deinit { bits.deallocate(); cells.deallocate() }

    @inline(__always)
    func ensureBits(_ count: Int) {
        if (count + 63) >> 6 <= bitWords { return }
        let words = max((count + 63) >> 6, bitWords * 2, 64)
        let nb = UnsafeMutablePointer<UInt64>.allocate(capacity: words)
        nb.update(from: bits, count: bitWords)
        (nb + bitWords).initialize(repeating: 0, count: words - bitWords)
        bits.deallocate()
        bits = nb; bitWords = words
    }

    @inline(__always)
    func ensureCells(_ count: Int) {
        if count <= cellCapacity { return }
        let n = max(count, cellCapacity * 2, 512)
        let nc = UnsafeMutablePointer<Int32>.allocate(capacity: n)
        nc.update(from: cells, count: cellCapacity)
        (nc + cellCapacity).initialize(repeating: -1, count: n - cellCapacity)
        cells.deallocate()
        cells = nc; cellCapacity = n
    }
}
