import Codes
import PanelData

/// The matched-sample change of the cells built from enterprises (issue 12: a firm's exit or
/// entry is not an area's signal).
///
/// A cell's payroll headcount (or wage bill, or insured count) is the sum over the firms in it, so a firm
/// that closes takes its whole staff out of the cell in one month: in a city × sector cell of
/// 7–11 firms a 40-person firm's closure is a fall of 15–30%, though no continuing employer
/// cut a job. Official statistics do not read the sum's change as the area's: the BLS Current
/// Employment Statistics estimates a cell by the link relative, the ratio of this month's to
/// last month's employment summed over the sample units that report in both months, applied
/// to last month's estimate, and leaves births and deaths to a separate term. The same here:
///
///     Lₜ = Σ hₜ / Σ hₜ₋₁, over the firms with hₜ₋₁ > 0 and hₜ > 0,
///
/// for every cell a firm is summed into (its county, city and province, in its sector and in
/// `ALL`). A firm that reports 0 or stops reporting and does not come back (a closure) is out
/// of the link from the month it left; a firm's first month (a birth) is in no link, its later
/// months are. A firm-month missing between two reports, or missing in the latest month after
/// a report, is carried from the month before as `PayrollNonresponse` imputes it (a ratio of 1).
/// Chaining the links back from the judged month gives the cell's matched-sample index:
/// Mₜ₀ = yₜ₀ and Mₜ₋₁ = Mₜ / Lₜ; a month with no firm in both months keeps the cell's own
/// change yₜ₋₁ / yₜ, and a month where that is missing too starts the chain again at yₜ₋₁.
///
/// `sudden_fall` reads Mₜ in place of yₜ, at the judged month and at every earlier month
/// that makes its null, so the null is the same matched measure over the cell's own history.
/// `contraction` judges the held-out months (those after the model's last fitted month) of
/// the count cells on the fitted month's value carried forward by the links (`carried`,
/// `carriedSignals`), against the model's expectation; its null, the fitted months'
/// residuals, is the cell's own (closures in it make it heavier, so the judgement is the
/// more conservative). A closure is then no area rule's: a firm that reports 0 for the months
/// `mass_layoff` confirms a cut over is judged there as a cut to 0 (against its peers' and
/// its own usual cuts), but a firm that simply stops reporting is judged by no rule (the
/// layoff rule does not judge a firm that left the files), whatever its size; official
/// statistics put such deaths in a separate birth/death term, which this does not model.
/// Cells with no enterprise behind them (surveys, claims, a generic series file, real
/// history) have no matched index and are judged on their own values as before.
struct MatchedSample {
    /// Per panel column with enterprises behind it: Lₜ for each month (NaN at t = 0 and where
    /// no firm is in both months).
    private let links: [Int: [Double]]

    /// The signals summed from enterprises, with the enterprise field each is summed from.
    static var signals: [(signal: String, values: KeyPath<EnterpriseSeries, MonthlyValues> & Sendable)] {
        [(PayrollNonresponse.headcount, \.headcount), (PayrollNonresponse.wages, \.wages),
         (PayrollNonresponse.insured, \.insured)]
    }

    init(panel: Panel, enterprises: [EnterpriseSeries]) {
        let T = panel.periodCount
        let index = panel.columnIndex
        var links: [Int: [Double]] = [:]
        guard T > 1, !enterprises.isEmpty else { self.links = [:]; return }
        var values = [Double](repeating: .nan, count: T + 1)
        for (signal, path) in MatchedSample.signals {
            // The latest month any firm reported this source, as `PayrollNonresponse` reads it.
            let last = PayrollNonresponse.latestReport(enterprises, path, panel: panel)
            guard last >= 1 else { continue }
            // Sums per cell in flat arrays, one slot of T months per panel column met, in the
            // order the firms first meet them; the slots of the cells a firm is summed into
            // are worked out once per own cell (its county × sector).
            var slot: [Int: Int] = [:]
            var ownSlots: [CellKey: [Int]] = [:]
            var firmSlots = [[Int]](repeating: [], count: enterprises.count)
            for (f, e) in enterprises.enumerated() {
                let own = CellKey(region: e.region, sector: e.sector)
                firmSlots[f] = ownSlots[own] ?? {
                    var out: [Int] = []
                    for cell in CellKey.rollUps(region: e.region, sector: e.sector) {
                        guard let s = index[SeriesKey(region: cell.region, sector: cell.sector, signal: signal)] else { continue }
                        let k = slot[s] ?? { slot[s] = slot.count; return slot.count - 1 }()
                        out.append(k * T)
                    }
                    ownSlots[own] = out
                    return out
                }()
            }
            var num = [Double](repeating: 0, count: slot.count * T), den = num
            num.withUnsafeMutableBufferPointer { num in
                den.withUnsafeMutableBufferPointer { den in
                    values.withUnsafeMutableBufferPointer { value in
                        for (f, e) in enterprises.enumerated() {
                            let slots = firmSlots[f]
                            guard !slots.isEmpty else { continue }
                            let from = max(1, e.start - panel.start), to = min(last, e.start + e.periodCount - panel.start)
                            guard from <= to else { continue }
                            e[keyPath: path].withUnsafeBufferPointer { v in
                                let offset = panel.start - e.start
                                func raw(_ t: Int) -> Double {
                                    let i = offset + t
                                    return i >= 0 && i < v.count && t <= last ? v[i] : .nan
                                }
                                // As the area rules read the firm: reported, or carried over a
                                // missing month.
                                for t in (from - 1)...to {
                                    let h = raw(t)
                                    if h.isNaN, t >= 1 {
                                        let before = raw(t - 1)
                                        value[t] = !before.isNaN && (t == last || !raw(t + 1).isNaN) ? before : .nan
                                    } else {
                                        value[t] = h
                                    }
                                }
                            }
                            for base in slots {
                                for t in from...to {
                                    let previous = value[t - 1], now = value[t]
                                    guard previous > 0, now > 0 else { continue }
                                    num[base + t] += now
                                    den[base + t] += previous
                                }
                            }
                        }
                    }
                }
            }
            for (s, k) in slot {
                links[s] = (0..<T).map { t in t > 0 && den[k * T + t] > 0 ? num[k * T + t] / den[k * T + t] : .nan }
            }
        }
        self.links = links
    }

    /// Whether panel column `s` has enterprises behind it (a matched index).
    func covers(_ s: Int) -> Bool { links[s] != nil }

    /// The link relative of column `s` at month `t` (NaN when no firm reported in both
    /// t − 1 and t, or `s` has no enterprises).
    func link(_ s: Int, _ t: Int) -> Double { links[s].map { t < $0.count ? $0[t] : .nan } ?? .nan }

    /// The signals `contraction` carries forward (`carried`): the counts. The carried level
    /// starts from the cell's own value at the last fitted month. Wage bills were left out
    /// while the panel held them in fen and the enterprise series in yuan (a firm-month of
    /// wages imputed into a cell then added a hundredth of itself, and a chain started there
    /// started far too low); the panel now holds yuan (`PanelAssembly`), but carrying wages
    /// has not been measured on the skill seeds, so they stay out. The links themselves are
    /// ratios, free of unit, so `sudden_fall`, which reads only the index's changes, chains
    /// wages too.
    static let carriedSignals: Set<String> = [PayrollNonresponse.headcount, PayrollNonresponse.insured]

    /// Column `s` through month `t1` with the months after `from` carried forward from the
    /// value at `from` by the links (Mₜ = Mₜ₋₁·Lₜ, the CES estimate: last month's level times
    /// the continuing firms' change), the months up to `from` as they are; nil when `s` has
    /// no enterprises. A month with no firm in both months keeps the cell's own change, and
    /// a missing month starts the chain again at the next observed one.
    func carried(_ s: Int, values y: [Double], from: Int, through t1: Int) -> [Double]? {
        guard let l = links[s], t1 < y.count else { return nil }
        var m = Array(y[0...max(0, min(t1, y.count - 1))])
        guard from >= 0, from < t1 else { return m }
        for t in (from + 1)...t1 {
            let r = l[t].isFinite && l[t] > 0 ? l[t] : y[t] / y[t - 1]
            m[t] = m[t - 1].isFinite && r.isFinite && r > 0 ? m[t - 1] * r : y[t]
        }
        return m
    }

    /// The matched-sample index of column `s` for months 0…t0 (`values` are the cell's own,
    /// NaN where missing), equal to the cell's value at t0, or nil when `s` has no enterprises.
    func index(_ s: Int, values y: [Double], through t0: Int) -> [Double]? {
        guard let l = links[s], t0 >= 0, t0 < y.count else { return nil }
        var m = [Double](repeating: .nan, count: t0 + 1)
        m[t0] = y[t0]
        var t = t0
        while t > 0 {
            let r = l[t].isFinite && l[t] > 0 ? l[t] : y[t] / y[t - 1]
            m[t - 1] = m[t].isFinite && r.isFinite && r > 0 ? m[t] / r : y[t - 1]
            t -= 1
        }
        return m
    }
}
