import Codes
import LinearAlgebra
import Modeling
import PanelData

extension AlertEngine {
    /// Multivariate regional stress: for each region with at least `minimum_series` (3) fitted
    /// series the rule watches, Hotelling T² and SPE of their (floored) robust z-scores against
    /// a PCA fitted on all but the last `holdout_months` (12) (`Modeling.RegionalStress`,
    /// cross-validated limits at a `false_alarm_rate` of 1%). Measure = max(T²/limit,
    /// SPE/limit) at the as-of month. A region whose monitor cannot be fitted (the SVD fails)
    /// is not judged and is named among the run's unfitted series, with the reason.
    func regionalStress(_ rule: Rule, _ p: RegionalStressParameters, _ c: SeriesContext) throws
        -> (findings: [Finding], unfitted: [UnfittedSeries]) {
        guard c.model.fit != nil, c.panel.periodCount >= p.minimumHistory else { return ([], []) }
        let t0 = c.panel.periodCount - 1
        guard c.asOf - c.panel.start == t0 else { return ([], []) }
        let spec: RegionalStressSpec
        do { spec = try RegionalStressSpec(falseAlarmRate: p.falseAlarmRate) } catch {
            throw ConfigError(file: "rule \(rule.id)", message: "false_alarm_rate: \(error)")
        }
        var byRegion: [String: [Int]] = [:]
        for s in c.panel.keys.indices where rule.selects(c.panel.keys[s].signal) && rule.watches(region: c.panel.keys[s].region) {
            // Series that count as job loss only when the source they are checked against
            // agrees (insured, and rates over it) are left to that check where the panel has
            // the source: a change of definition would otherwise read as regional stress.
            if c.checks.counterpart(of: s, falling: true, in: c) != nil || c.checks.counterpart(of: s, falling: false, in: c) != nil {
                continue
            }
            if let m = c.modelIndex[s], c.model.isFitted(m), !c.model.isSparse[m] { byRegion[c.panel.keys[s].region, default: []].append(m) }
        }
        var inverse: [Int: Int] = [:]
        for (s, m) in c.modelIndex { inverse[m] = s }
        var out: [Finding] = [], unfitted: [UnfittedSeries] = []
        for region in byRegion.keys.sorted() {
            let candidates = byRegion[region]!
            // z winsorised at ±10 so that no single series can dominate, and series whose
            // reference-window z barely moves (sd < `minimum_sd`) left out: standardising them
            // by that sd would turn their next ordinary month into an enormous SPE.
            let T = c.panel.periodCount, ref = 0..<(T - p.holdoutMonths)
            var cols: [[Double]] = [], kept: [Int] = []
            for m in candidates {
                let z = (0..<T).map { t -> Double in let v = c.model.z(t, m); return v.isNaN ? .nan : min(10, max(-10, v)) }
                let refZ = ref.map { z[$0] }.filter { !$0.isNaN }
                guard refZ.count >= 12 else { continue }
                let mean = refZ.reduce(0, +) / Double(refZ.count)
                let sd = (refZ.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(refZ.count - 1)).squareRoot()
                if sd >= p.minimumSD { cols.append(z); kept.append(m) }
            }
            guard kept.count >= p.minimumSeries else { continue }
            var r = Matrix(rows: T, cols: kept.count)
            for (j, z) in cols.enumerated() { for t in 0..<T { r[t, j] = z[t] } }
            let members = kept
            let stress: RegionalStress
            do {
                stress = try RegionalStress(residuals: r, members: members, reference: ref, spec: spec)
            } catch {
                unfitted.append(UnfittedSeries(key: SeriesKey(region: region, sector: "ALL", group: "ALL", signal: rule.id),
                                               reason: "regional stress monitor over \(members.count) series not fitted: \(error)"))
                continue
            }
            let t2 = stress.t2[t0] / stress.t2Limit, spe = stress.speLimit > 0 ? stress.spe[t0] / stress.speLimit : 0
            let measure = max(t2, spe)
            guard measure.isFinite, measure >= rule.clear else { continue }
            let useT2 = t2 >= spe
            let contrib = useT2 ? stress.contributions(month: t0).t2 : stress.contributions(month: t0).spe
            let top = contrib.indices.sorted { contrib[$0] > contrib[$1] }.prefix(3).map { i -> String in
                let k = c.panel.keys[inverse[stress.members[i]]!]
                return "\(k.sector)/\(k.group == "ALL" ? "" : k.group + "/")\(k.signal)"
            }
            var start = t0
            while start > 0, max(stress.t2[start - 1] / stress.t2Limit, stress.speLimit > 0 ? stress.spe[start - 1] / stress.speLimit : 0) >= 1 {
                start -= 1
            }
            let value = useT2 ? stress.t2[t0] : stress.spe[t0], limit = useT2 ? stress.t2Limit : stress.speLimit
            let series = useT2 ? stress.t2 : stress.spe
            let o = Observation(
                period: c.period(t0), observed: value, expected: limit, measure: measure, measureName: "ratio_to_control_limit",
                changeStart: c.period(start),
                fact: .regionalStress(statistic: useT2 ? "T²" : "SPE", value: value, limit: limit, multiple: measure,
                                      series: members.count, falseAlarmRate: p.falseAlarmRate, contributors: top),
                recent: Array(series[max(0, t0 - AlertEngine.recentMonths + 1)...t0]), signal: useT2 ? "hotelling_t2" : "spe")
            out.append(rule.finding(o, subject: AlertSubject(scope: .area, region: region, sector: "ALL")))
        }
        return (out, unfitted)
    }
}
