import Codes

/// Sums payroll or insurance rows into cells (period × region × sector) while
/// de-duplicating by enterprise and month, in memory independent of the row count.
///
/// Each enterprise gets a dense ordinal; each month a bitset over ordinals records who
/// was seen. Memory is O(cells + enterprises + months × enterprises / 8), so a
/// 10-million-row file of 100,000 enterprises needs a few megabytes. A repeated
/// (enterprise, month) is noted; `resolveDuplicates` then removes the earlier rows'
/// contributions (the later row wins), using the rows themselves when they were
/// collected, else a second pass over the file.
struct EnterpriseAccumulator {
    let kind: SignalKind
    /// Whether the optional measure column (days_late / arrears_cny) is present.
    let hasOptional: Bool
    private var cells = IntMap(capacity: 1 << 14)
    private(set) var cellKeys: [UInt64] = []
    private(set) var sums: [SIMD8<Int64>] = []
    private(set) var ordinals = EnterpriseOrdinals()
    private var periodSlots = IntMap(capacity: 256)
    private var bitsets: [[UInt64]] = []
    private var lastPeriod: Int32 = -1
    private var lastSlot = 0
    /// (period << 32 | ordinal, line) of each repeat seen.
    private(set) var repeats: [(key: UInt64, line: Int)] = []
    /// Latest row per (period << 32 | ordinal), when collecting for the store.
    private(set) var collected: [UInt64: EnterpriseRow]?
    private(set) var duplicates: [DuplicateRow] = []
    let path: String

    init(kind: SignalKind, hasOptional: Bool, collect: Bool, path: String) {
        self.kind = kind
        self.hasOptional = hasOptional
        self.path = path
        if collect { collected = [:] }
    }

    /// Late payers are those more than 30 days late (DESIGN.md).
    static let lateThresholdDays: Int64 = 30

    @inline(__always)
    func contribution(_ r: EnterpriseRow) -> SIMD8<Int64> {
        if kind == .payroll {
            return SIMD8(1, r.m[0], r.m[1], r.m[2] > EnterpriseAccumulator.lateThresholdDays ? 1 : 0, 0, 0, 0, 0)
        }
        return SIMD8(1, r.m[0], r.m[1], r.m[2], max(r.m[3], 0), 0, 0, 0)
    }

    @inline(__always)
    mutating func add(_ r: EnterpriseRow) {
        let c = cells.findOrInsert(r.cell) {
            cellKeys.append(r.cell)
            sums.append(SIMD8(repeating: 0))
            return Int32(cellKeys.count - 1)
        }
        sums[Int(c)] &+= contribution(r)
        let ord = ordinals.ordinal(r.key)
        if r.period != lastPeriod {
            let n = Int32(bitsets.count)
            lastSlot = Int(periodSlots.findOrInsert(UInt64(UInt32(r.period))) { n })
            if lastSlot == bitsets.count { bitsets.append([]) }
            lastPeriod = r.period
        }
        let w = Int(ord) >> 6, bit = UInt64(1) << UInt64(ord & 63)
        if w >= bitsets[lastSlot].count {
            bitsets[lastSlot].append(contentsOf: repeatElement(0, count: max(w + 1 - bitsets[lastSlot].count, bitsets[lastSlot].count)))
        }
        let dupKey = UInt64(UInt32(r.period)) << 32 | UInt64(UInt32(ord))
        if bitsets[lastSlot][w] & bit != 0 {
            if collected != nil, let old = collected![dupKey] {
                subtract(old)
                duplicates.append(DuplicateRow(file: path, line: r.line, replacedLine: old.line, key: describe(r)))
            } else {
                repeats.append((dupKey, r.line))
            }
        } else {
            bitsets[lastSlot][w] |= bit
        }
        if collected != nil { collected![dupKey] = r }
    }

    private mutating func subtract(_ r: EnterpriseRow) {
        guard let c = cells.find(r.cell) else { return }
        sums[Int(c)] &-= contribution(r)
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
