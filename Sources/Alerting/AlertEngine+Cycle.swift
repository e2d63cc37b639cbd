import Codes
import Foundation
import Modeling
import PanelData

extension AlertEngine {
    /// Business-cycle downturn of a seasonally adjusted employment level (see
    /// `RuleKind.downturn`): a payroll analogue of the Sahm rule (SKILL.md §4).
    ///
    /// With a = the seasonally adjusted series (outlier months held back), A(t) the mean of
    /// its observed months t−2…t and H(t) = max A(u) over u = t−12…t−1:
    ///
    ///   drawdown(t) = (H(t) − A(t)) / H(t),   measure = drawdown / σ₃,
    ///
    /// σ₃ = the robust SD (1.4826·MAD) of the series' 3-month changes A(u)/A(u−3) − 1 over
    /// every earlier month (outlier months held back), its own unit: a smooth payroll total
    /// moves by a few tenths of a percent a quarter, a small sector by several percent. It is
    /// floored at half their standard deviation: a small cell's employment moves in steps (a
    /// firm opens or closes), most quarters show no change at all, and a MAD near zero would
    /// make every step a downturn; for a smooth series the robust SD is the larger. It counts only while A has been below
    /// its value a year earlier for `confirm_months` months running: a recession is a broad,
    /// persistent decline, which a trend that adapts month by month absorbs but the
    /// year-over-year change, free of season by construction, does not.
    func downturn(_ rule: Rule, _ p: DownturnParameters, _ c: SeriesContext) -> [Finding] {
        let minimumMonths = p.minimumHistory, confirm = p.confirmMonths, span = p.averageMonths, lookback = p.lookbackMonths
        return eachSeries(rule, c) { s in
            guard let t0 = c.evaluationIndex(s), t0 >= minimumMonths - 1, t0 >= lookback, let m = c.modelIndex[s], c.model.isFitted(m),
                  !c.model.isSparse[m] else { return nil }
            // A business cycle needs breadth: in a cell of a few enterprises a fall is one
            // firm's event (the layoff and contraction rules' question), not a downturn.
            let k = c.panel.keys[s]
            if let floor = p.minimumEnterprises,
               let e = c.seriesIndex[SeriesKey(region: k.region, sector: k.sector, group: k.group, signal: "payroll_enterprises")],
               !(c.panel[t0, e] >= floor) { return nil }
            let a = (0...t0).map { t -> Double in c.isWithheld(t, s) ? .nan : c.model.adjusted(t, m) }
            func avg3(_ t: Int) -> Double {
                guard t >= span - 1 else { return .nan }
                let v = a[(t - span + 1)...t].filter { !$0.isNaN }
                return v.isEmpty ? .nan : v.reduce(0, +) / Double(v.count)
            }
            let A = (0...t0).map(avg3)
            guard let now = Optional(A[t0]), !now.isNaN else { return nil }
            let window = (t0 - lookback)...(t0 - 1)
            guard let high = window.map({ A[$0] }).filter({ !$0.isNaN }).max(), high > 0 else { return nil }
            let drawdown = (high - now) / high
            let changes = (span..<max(span, t0)).compactMap { u -> Double? in
                let x = A[u], y = A[u - span]
                return x.isNaN || y.isNaN || y <= 0 ? nil : x / y - 1
            }
            guard changes.count >= p.minimumChanges else { return nil }
            let mean = changes.reduce(0, +) / Double(changes.count)
            let sd = (changes.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(changes.count - 1)).squareRoot()
            let mad = RobustScale.medianAndMAD(changes).map { RobustScale.madToSigma * $0.mad } ?? 0
            let sigma = max(mad, p.sdFloorShare * sd, 1e-4)
            let measure = drawdown / sigma
            guard measure >= rule.clear else { return nil }
            // Year-over-year change negative for `confirm` months running.
            let yoyFalling = (0..<confirm).allSatisfy { k in
                let t = t0 - k
                guard t >= 12, !A[t].isNaN, !A[t - 12].isNaN else { return false }
                return A[t] < A[t - 12]
            }
            let highAt = c.period(window.first { A[$0] == high }!)
            let yoy = t0 >= 12 && A[t0 - 12] > 0 ? A[t0] / A[t0 - 12] - 1 : .nan
            return Observation(
                period: c.period(t0), observed: now, expected: high, measure: measure,
                measureName: "robust_sd_below_12_month_high_seasonally_adjusted", mayRaise: yoyFalling, changeStart: highAt,
                fact: .downturn(signal: c.panel.keys[s].signal, average: now, high: high, highAt: highAt.description, drawdown: drawdown,
                                multiple: measure, yearOnYear: yoy, averageMonths: span, lookbackMonths: lookback),
                recent: Array(a[max(0, t0 - AlertEngine.recentMonths + 1)...t0]))
        }
    }

    /// Single-month outliers as data-quality findings (see `OutlierPolicy`): the latest two
    /// months of each watched series, where the screen holds a month back and it is at least
    /// 1 + `minimum_relative_change` times, or at most 1/(1 + `minimum_relative_change`) of,
    /// its expected value (a keying error multiplies or divides a figure; an ordinary bad
    /// month does not). Measure: |robust z|.
    func outliers(_ rule: Rule, _ p: OutlierParameters, _ c: SeriesContext) -> [Finding] {
        let minRel = p.minimumRelativeChange
        return eachSeries(rule, c) { s in
            guard let t0 = c.evaluationIndex(s), let m = c.modelIndex[s], c.model.isFitted(m), !c.model.isSparse[m] else { return nil }
            var best: (t: Int, z: Double, state: OutlierState)? = nil
            for t in stride(from: t0, through: max(0, t0 - p.judgedMonths + 1), by: -1) {
                guard let state = c.outliers.state(t, m) else { continue }
                let y = c.panel[t, s], e = c.model.expected(t, m)
                // A keying error multiplies or divides: at least (1 + m) times, or at most
                // 1/(1 + m) of, the expected value.
                guard !y.isNaN, e > 0, y >= (1 + minRel) * e || y <= e / (1 + minRel) else { continue }
                let z = c.model.z(t, m)
                if best == nil || abs(z) > abs(best!.z) { best = (t, z, state) }
            }
            guard let b = best else { return nil }
            let y = c.panel[b.t, s], e = c.model.expected(b.t, m)
            let (lo, hi) = c.model.interval(b.t, m)
            return Observation(
                period: c.period(b.t), observed: y, expected: e, lower: lo, upper: hi, measure: abs(b.z),
                measureName: "robust_z_single_month", changeStart: c.period(b.t),
                fact: .outlier(signal: c.panel.keys[s].signal, period: c.period(b.t).description, observed: y, expected: e, z: b.z,
                               pending: b.state == .pending),
                recent: c.recent(s, through: t0), recentExpected: c.recentExpected(s, through: t0))
        }
    }
}
