import Ingest
import PanelData

/// One enterprise's monthly figures, aligned to a month range (`NaN` = not reported).
public struct EnterpriseMonthlySeries: Sendable {
    /// Unified Social Credit Code.
    public let id: String
    public let region: String
    public let sector: String
    public var headcount: MonthlyValues
    /// Wage bill, CNY.
    public var wages: MonthlyValues
    public var daysLate: MonthlyValues
    /// Unpaid social-insurance contributions, CNY.
    public var arrears: MonthlyValues
    /// Insured persons (NaN where the firm filed no insurance row).
    public var insured: MonthlyValues
}

/// Enterprise blocks laid over each other, oldest file first, into 32-bit columns: per
/// measure, pages of `pageFirms` enterprises × the range's months (`MonthColumn`), so an
/// enterprise-month of the five measures costs 20 bytes and an enterprise no allocation of
/// its own. Counts are held as they are, wages and arrears in fen; a value a 32-bit integer
/// cannot hold (a wage bill over 21 M CNY a month, a keying error) turns that enterprise's
/// measure into its own `Double`s, so every value reads back as the `Double` it was.
struct SeriesOverlay {
    /// The measures in column order: headcount, wages, days late, arrears, insured.
    static let measures = 5
    /// What each measure's integer is divided by when read (fen to CNY for the amounts).
    static let divisors: [Double] = [1, 100, 1, 100, 1]
    /// Enterprises per page.
    static let pageFirms = 8192

    let months: Int
    private var index: [EnterpriseKey: Int] = [:]
    private var keys: [EnterpriseKey] = []
    /// `pages[measure][g / pageFirms]`; enterprise g's months start at `(g % pageFirms) × months`.
    private var pages: [[MonthColumn]] = Array(repeating: [], count: SeriesOverlay.measures)
    /// Measures held as `Double`s, per measure by enterprise; `wideMask[g]` has bit j set
    /// when enterprise g's measure j is there.
    private var wide: [[Int: [Double]]] = Array(repeating: [:], count: SeriesOverlay.measures)
    private var wideMask: [UInt8] = []
    private var first: [Int] = [], region: [Int64] = [], sector: [Int64] = []
    private var previous = -1

    init(months: Int) { self.months = months }

    /// The enterprise's slot; blocks of successive files list the same enterprises in the
    /// same order, so the slot after the previous one is tried before the hash.
    private mutating func slot(_ k: EnterpriseKey) -> Int {
        let guess = previous + 1
        if guess < keys.count && keys[guess] == k { previous = guess; return guess }
        if let g = index[k] { previous = g; return g }
        let g = keys.count
        index[k] = g; keys.append(k)
        if g % SeriesOverlay.pageFirms == 0 {
            for j in 0..<SeriesOverlay.measures { pages[j].append(MonthColumn(count: SeriesOverlay.pageFirms * months)) }
        }
        wideMask.append(0); first.append(.max); region.append(0); sector.append(0)
        previous = g
        return g
    }

    /// Enterprise g's months of measure j in its page.
    private func column(_ j: Int, _ g: Int) -> UnsafeMutablePointer<Int32> {
        pages[j][g / SeriesOverlay.pageFirms].values + (g % SeriesOverlay.pageFirms) * months
    }

    /// Writes `value` (nil: not reported) at month `t` of enterprise g's measure j.
    @inline(__always)
    private mutating func put(_ j: Int, _ g: Int, _ t: Int, _ at: UnsafeMutablePointer<Int32>, _ value: Int64?) {
        if wideMask[g] & (1 << j) == 0 {
            guard let v = value else { at[t] = MonthColumn.missing; return }
            if v > Int64(MonthColumn.missing) && v <= Int64(Int32.max) { at[t] = Int32(truncatingIfNeeded: v); return }
            widen(j, g)
        }
        wide[j][g]![t] = value.map { Double($0) / SeriesOverlay.divisors[j] } ?? .nan
    }

    /// Moves enterprise g's measure j from its column to its own `Double`s.
    private mutating func widen(_ j: Int, _ g: Int) {
        wide[j][g] = values(j, g).array
        wideMask[g] |= 1 << j
    }

    mutating func apply(_ d: EnterpriseBlock.Decoded, kind: SignalKind, lo: Int32, hi: Int32) {
        let t0 = max(0, Int(lo - d.firstPeriod)), t1 = min(d.months - 1, Int(hi - d.firstPeriod))
        guard t0 <= t1 else { return }
        let payroll = kind == .payroll
        let shift = Int(d.firstPeriod - lo)
        let m0 = d.m[0], m1 = d.m[1], m2 = d.m[2], m3 = payroll ? d.m[2] : d.m[3]
        d.withPayload { bytes in
            for (e, key) in d.keys.enumerated() {
                let base = e * d.months
                guard let first = (t0...t1).first(where: { d.present(bytes, base + $0) }) else { continue }
                let g = slot(key)
                let a = column(payroll ? 0 : 3, g), b = column(payroll ? 1 : 4, g), c = column(2, g)
                for t in first...t1 where d.present(bytes, base + t) {
                    let i = base + t, ti = shift + t
                    if payroll {
                        put(0, g, ti, a, m0.value(bytes, i))
                        put(1, g, ti, b, m1.value(bytes, i))
                        let late = m2.value(bytes, i)
                        put(2, g, ti, c, late < 0 ? nil : late)
                    } else {
                        let owed = m3.value(bytes, i)
                        put(3, g, ti, a, owed < 0 ? nil : owed)
                        put(4, g, ti, b, m0.value(bytes, i))
                    }
                    if ti <= self.first[g] {
                        self.first[g] = ti; region[g] = d.region.value(bytes, i); sector[g] = d.sector.value(bytes, i)
                    }
                }
            }
        }
    }

    /// Enterprise g's measure j as read.
    private func values(_ j: Int, _ g: Int) -> MonthlyValues {
        if wideMask[g] & (1 << j) != 0 { return MonthlyValues(wide[j][g]!) }
        return MonthlyValues(column: pages[j][g / SeriesOverlay.pageFirms], offset: (g % SeriesOverlay.pageFirms) * months,
                             count: months, divisor: SeriesOverlay.divisors[j])
    }

    /// The series in credit-code order; the overlay is consumed.
    mutating func finish() -> [EnterpriseMonthlySeries] {
        let order = keys.indices.filter { first[$0] != .max }.sorted { keys[$0] < keys[$1] }
        index = [:]
        var out: [EnterpriseMonthlySeries] = []
        out.reserveCapacity(order.count)
        for g in order {
            out.append(EnterpriseMonthlySeries(id: keys[g].text, region: String(region[g]),
                                               sector: String(UnicodeScalar(UInt8(65 + sector[g]))),
                                               headcount: values(0, g), wages: values(1, g), daysLate: values(2, g),
                                               arrears: values(3, g), insured: values(4, g)))
        }
        pages = []; wide = []
        return out
    }
}
