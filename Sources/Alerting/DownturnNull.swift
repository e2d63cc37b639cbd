import Codes
import Foundation
import PanelData

/// The drawdown statistic of `employment_downturn` for one series, at any month up to its
/// as-of month, and the scores its null is made of (see `AlertEngine.downturn`).
///
/// `A` is the adjusted `average_months` average (outlier months held back), `change` its
/// `average_months`-month relative change, `sigma` the series' own scale (robust SD of those
/// changes, floored at `sd_floor_share` of their SD). The score of month u is its drawdown
/// in that scale where the year-over-year condition held at u, 0 where it did not (the rule
/// would not have raised): the same units for every series, so that scores of different
/// series are exchangeable under the null and can be pooled.
struct DownturnStatistic {
    let A: [Double]
    let change: [Double]
    let sigma: Double
    let p: DownturnParameters
    private var window: [Double] = []

    init(A: [Double], change: [Double], sigma: Double, p: DownturnParameters) {
        self.A = A; self.change = change; self.sigma = sigma; self.p = p
    }

    /// The drawdown at month t with the drift taken from the months before t's own
    /// look-back, and whether the year-over-year condition held then; nil where undefined.
    mutating func judge(_ t: Int) -> (drawdown: Double, highAt: Int, high: Double, falling: Bool)? {
        let span = p.averageMonths, lookback = p.lookbackMonths
        guard t >= lookback, t < A.count, !A[t].isNaN else { return nil }
        var drift = 0.0
        if p.driftMonths > 0 {
            window.removeAll(keepingCapacity: true)
            for u in max(span, t - lookback - p.driftMonths)..<max(span, t - lookback) where !change[u].isNaN {
                window.append(change[u])
            }
            if window.count >= min(p.minimumChanges, p.driftMonths / 2), !window.isEmpty {
                window.sort()
                let n = window.count
                drift = min(0, n % 2 == 1 ? window[n / 2] : (window[n / 2 - 1] + window[n / 2]) / 2)
            }
        }
        let A = self.A
        func carried(_ u: Int) -> Double { A[u] * Foundation.pow(1 + drift, Double(t - u) / Double(span)) }
        var best: Int? = nil
        for u in (t - lookback)...(t - 1) where !A[u].isNaN {
            if best == nil || carried(u) > carried(best!) { best = u }
        }
        guard let highAt = best else { return nil }
        let high = carried(highAt)
        guard high > 0 else { return nil }
        let yearDrift = Foundation.pow(1 + drift, 12 / Double(span))
        let falling = (0..<p.confirmMonths).allSatisfy { k in
            let u = t - k
            return u >= 12 && !A[u].isNaN && !A[u - 12].isNaN && A[u] < A[u - 12] * yearDrift
        }
        return ((high - A[t]) / high, highAt, high, falling)
    }

    /// Scores of the months `lookback_months`..<`end` where the statistic is defined: the
    /// drawdown in the series' robust SDs where the year-over-year condition held, 0 where not.
    mutating func scores(before end: Int) -> [Double] {
        var out: [Double] = []
        for u in p.lookbackMonths..<max(p.lookbackMonths, min(end, A.count)) {
            guard let d = judge(u) else { continue }
            out.append(d.falling && d.drawdown > 0 ? d.drawdown / sigma : 0)
        }
        return out
    }
}

/// Which series share a downturn null: the comparable series of a candidate are those of
/// the same signal and group at the same region level, totals (`ALL`) with totals and
/// sectors with sectors, other than the candidate itself.
struct DownturnPeerClass: Hashable {
    let signal: String
    let group: String
    let level: String
    let total: Bool

    init(_ k: SeriesKey) {
        signal = k.signal; group = k.group; total = k.sector == "ALL"
        level = RegionCode(k.region).map { $0.level.rawValue } ?? "other"
    }
}

/// The conformal p-value of a score against a reference of earlier scores, ties counted
/// against it: (1 + #{r ≥ score}) / (1 + n). For exchangeable scores it is super-uniform:
/// P(p ≤ α) ≤ α (Vovk et al. 2005; Lei et al. 2018).
///
/// **Blocks.** A series' scores in consecutive months are not exchangeable draws: each is a
/// function of the last `lookback_months` + `average_months` months of data, so they come
/// in runs, and a run of high scores (one wander of the series) counts many times. Counted
/// month by month, the chance that a new score beats all n pooled months is then not
/// 1/(1 + n) but about c/(1 + n) for runs of c months — the p-value is liberal exactly in
/// the tail Benjamini–Hochberg reads. So a reference series can be cut into consecutive
/// blocks of `block` months (the last one may be shorter), a block counting once when its
/// largest score is at least the new one:
///
///   p = (1 + #{months of own ≥ score} + #{peer blocks b : max b ≥ score}) / (1 + n + B).
///
/// A block's maximum is at least any one of its months, so it beats the new score at least
/// as often as a single month drawn from it would; blocks the statistic's memory apart share
/// no data. If one month of each block is exchangeable with the new score, the blocks' part
/// is super-uniform whatever the runs inside a block, and conservative by up to the block's
/// length where the months are nearly independent.
enum ConformalP {
    /// Months of `own` counted one by one, `peers` in blocks of `block` months.
    static func value(_ score: Double, own: [Double], peers: [[Double]] = [], block: Int = 1) -> (p: Double, n: Int) {
        var n = own.count, atLeast = 0
        for x in own where x >= score { atLeast += 1 }
        let width = max(1, block)
        for r in peers {
            var i = 0
            while i < r.count {
                let end = min(i + width, r.count)
                n += 1
                if r[i..<end].contains(where: { $0 >= score }) { atLeast += 1 }
                i = end
            }
        }
        return (Double(1 + atLeast) / Double(1 + n), n)
    }
}
