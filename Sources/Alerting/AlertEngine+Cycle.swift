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
        var out: [Finding] = []
        for s in c.panel.keys.indices where rule.selects(c.panel.keys[s].signal) && rule.watches(region: c.panel.keys[s].region) {
            guard let t0 = c.evaluationIndex(s), t0 >= minimumMonths - 1, t0 >= lookback, let m = c.modelIndex[s], c.model.isFitted(m),
                  !c.model.isSparse[m] else { continue }
            // A business cycle needs breadth: in a cell of a few enterprises a fall is one
            // firm's event (the layoff and contraction rules' question), not a downturn.
            let k = c.panel.keys[s]
            if let floor = p.minimumEnterprises,
               let e = c.seriesIndex[SeriesKey(region: k.region, sector: k.sector, group: k.group, signal: "payroll_enterprises")],
               !(c.panel[t0, e] >= floor) { continue }
            let a = (0...t0).map { t -> Double in c.isWithheld(t, s) ? .nan : c.model.adjusted(t, m) }
            func avg3(_ t: Int) -> Double {
                guard t >= span - 1 else { return .nan }
                let v = a[(t - span + 1)...t].filter { !$0.isNaN }
                return v.isEmpty ? .nan : v.reduce(0, +) / Double(v.count)
            }
            let A = (0...t0).map(avg3)
            guard let now = Optional(A[t0]), !now.isNaN else { continue }
            let window = (t0 - lookback)...(t0 - 1)
            guard let high = window.map({ A[$0] }).filter({ !$0.isNaN }).max(), high > 0 else { continue }
            let drawdown = (high - now) / high
            let changes = (span..<max(span, t0)).compactMap { u -> Double? in
                let x = A[u], y = A[u - span]
                return x.isNaN || y.isNaN || y <= 0 ? nil : x / y - 1
            }
            guard changes.count >= p.minimumChanges else { continue }
            let mean = changes.reduce(0, +) / Double(changes.count)
            let sd = (changes.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(changes.count - 1)).squareRoot()
            let mad = RobustScale.medianAndMAD(changes).map { RobustScale.madToSigma * $0.mad } ?? 0
            let sigma = max(mad, p.sdFloorShare * sd, 1e-4)
            let measure = drawdown / sigma
            guard measure >= rule.clear else { continue }
            // Year-over-year change negative for `confirm` months running.
            let yoyFalling = (0..<confirm).allSatisfy { k in
                let t = t0 - k
                guard t >= 12, !A[t].isNaN, !A[t - 12].isNaN else { return false }
                return A[t] < A[t - 12]
            }
            let highAt = window.first { A[$0] == high }!
            let yoy = t0 >= 12 && A[t0 - 12] > 0 ? A[t0] / A[t0 - 12] - 1 : .nan
            let sig = c.panel.keys[s].signal
            out.append(Finding(subject: c.subject(s), evidence: Evidence(
                rule: rule.id, signal: sig, period: c.period(t0).description, observed: now, expected: high,
                measure: measure, measureName: "robust_sd_below_12_month_high_seasonally_adjusted",
                level: yoyFalling ? rule.thresholds.level(for: measure) : nil,
                changeStart: c.period(highAt).description,
                detail: "seasonally adjusted 3-month average of \(sig) \(fmt(now, 1)) is \(fmt(100 * drawdown, 2))% below its 12-month high of \(fmt(high, 1)) (\(c.period(highAt))), \(fmt(measure, 1)) times its usual 3-month change; \(fmt(100 * yoy, 2))% on a year earlier",
                detailZh: "\(sig) 季节调整后三个月平均 \(fmt(now, 1))，比过去12个月高点 \(fmt(high, 1))（\(c.period(highAt))）低 \(fmt(100 * drawdown, 2))%，为其通常三个月变动的 \(fmt(measure, 1)) 倍；同比 \(fmt(100 * yoy, 2))%",
                recent: Array(a[max(0, t0 - AlertEngine.recentMonths + 1)...t0]))))
        }
        return out
    }

    /// Single-month outliers as data-quality findings (see `OutlierPolicy`): the latest two
    /// months of each watched series, where the screen holds a month back and it is at least
    /// 1 + `minimum_relative_change` times, or at most 1/(1 + `minimum_relative_change`) of,
    /// its expected value (a keying error multiplies or divides a figure; an ordinary bad
    /// month does not). Measure: |robust z|.
    func outliers(_ rule: Rule, _ p: OutlierParameters, _ c: SeriesContext) -> [Finding] {
        let minRel = p.minimumRelativeChange
        var out: [Finding] = []
        for s in c.panel.keys.indices where rule.selects(c.panel.keys[s].signal) && rule.watches(region: c.panel.keys[s].region) {
            guard let t0 = c.evaluationIndex(s), let m = c.modelIndex[s], c.model.isFitted(m), !c.model.isSparse[m] else { continue }
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
            guard let b = best, abs(b.z) >= rule.clear else { continue }
            let y = c.panel[b.t, s], e = c.model.expected(b.t, m)
            let (lo, hi) = c.model.interval(b.t, m)
            let sig = c.panel.keys[s].signal
            let ratio = abs(e) > 0 ? y / e : .nan
            let status = b.state == .pending ? "held back until next month shows whether it persists"
                : "back to normal the month after: a one-month error, held back from every job-loss rule"
            let statusZh = b.state == .pending ? "暂不计入就业判断，待下月确认" : "次月已恢复，判定为单月数据错误，不计入就业判断"
            out.append(Finding(subject: c.subject(s, scope: .dataQuality), evidence: Evidence(
                rule: rule.id, signal: sig, period: c.period(b.t).description, observed: y, expected: e,
                lower: lo, upper: hi, measure: abs(b.z), measureName: "robust_z_single_month",
                level: rule.thresholds.level(for: abs(b.z)), changeStart: c.period(b.t).description,
                detail: "data check: \(sig) in \(c.period(b.t)) is \(fmt(y, 2)), \(fmt(ratio, 2)) times the expected \(fmt(e, 2)) (z \(fmt(b.z, 1))); \(status)",
                detailZh: "数据核查：\(sig) 在 \(c.period(b.t)) 为 \(fmt(y, 2))，是预期值 \(fmt(e, 2)) 的 \(fmt(ratio, 2)) 倍；\(statusZh)",
                recent: c.recent(s, through: t0), recentExpected: c.recentExpected(s, through: t0))))
        }
        return out
    }
}
