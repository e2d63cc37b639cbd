import Codes
import Foundation
import Modeling
import PanelData

extension AlertEngine {
    /// Employment diffusion (see `RuleKind.diffusion`): how broad a fall is across an area's
    /// sectors, judged against that breadth's own history (SKILL.md §4; the BLS diffusion
    /// index read the other way round).
    ///
    /// For each area and signal, over the area's watched sector series (group `ALL`, sector
    /// not `ALL`, fitted and not sparse): with a = the seasonally adjusted series (outlier
    /// months held back) and A(t) the mean of its observed months t−`average_months`+1…t,
    /// sector i *fell* at t when A(t) < A(t − `change_months`), and
    ///
    ///   D(t) = (sectors that fell at t) / (sectors whose change is defined at t)
    ///
    /// (months with fewer than `minimum_sectors` defined are skipped). D of the as-of month is
    /// ranked against every earlier D of the same area (at least `minimum_history` of them),
    /// the conformal p-value with ties counted against it:
    ///
    ///   p = (1 + #{u < t : D(u) ≥ D(t)}) / (1 + n),   measure = 1 − p.
    ///
    /// If the calm months' shares are exchangeable, P(p ≤ α) ≤ α for a new calm month
    /// (Vovk et al. 2005), whatever the area's sectors and their correlation: at blue 1 − α a
    /// calm area-month raises with probability at most α. A share at or under
    /// `minimum_share` (a minority of sectors falling) only holds an open alert.
    func diffusion(_ rule: Rule, _ p: DiffusionParameters, _ c: SeriesContext) -> [Finding] {
        let T = c.panel.periodCount
        guard T > 0 else { return [] }
        struct Group: Hashable { let region: String, signal: String }
        var groups: [Group: [Int]] = [:]
        for s in c.panel.keys.indices {
            let k = c.panel.keys[s]
            guard rule.watches(k), k.sector != "ALL", k.group == "ALL", let m = c.modelIndex[s], c.model.isFitted(m),
                  !c.model.isSparse[m] else { continue }
            groups[Group(region: k.region, signal: k.signal), default: []].append(s)
        }
        var out: [Finding] = []
        for (g, members) in groups.sorted(by: { ($0.key.region, $0.key.signal) < ($1.key.region, $1.key.signal) })
        where members.count >= p.minimumSectors {
            let t0 = T - 1
            // fell[i][t]: 1 fell, 0 did not, nil undefined.
            let fell: [[Bool?]] = members.map { s in
                let m = c.modelIndex[s]!
                let a = (0..<T).map { t -> Double in c.isWithheld(t, s) ? .nan : c.model.adjusted(t, m) }
                let A = (0..<T).map { t -> Double in
                    guard t >= p.averageMonths - 1 else { return .nan }
                    let v = a[(t - p.averageMonths + 1)...t].filter { !$0.isNaN }
                    return v.isEmpty ? .nan : v.reduce(0, +) / Double(v.count)
                }
                return (0..<T).map { t -> Bool? in
                    guard t >= p.changeMonths, !A[t].isNaN, !A[t - p.changeMonths].isNaN else { return nil }
                    return A[t] < A[t - p.changeMonths]
                }
            }
            let share: [Double?] = (0..<T).map { t in
                let defined = fell.compactMap { $0[t] }
                guard defined.count >= p.minimumSectors else { return nil }
                return Double(defined.filter { $0 }.count) / Double(defined.count)
            }
            guard let now = share[t0] else { continue }
            let history = share[0..<t0].compactMap { $0 }
            guard history.count >= p.minimumHistory else { continue }
            let pValue = Double(1 + history.filter { $0 >= now }.count) / Double(1 + history.count)
            let measure = 1 - pValue
            guard measure >= rule.clear else { continue }
            let defined = fell.compactMap { $0[t0] }
            let falling = defined.filter { $0 }.count
            let usual = RobustScale.medianAndMAD(history)?.median ?? .nan
            // The month the share first stood at least this high in the current run of months
            // above the usual share.
            var start = t0
            while start > 0, let d = share[start - 1], d > usual { start -= 1 }
            let recent = (max(0, t0 - AlertEngine.recentMonths + 1)...t0).map { share[$0] ?? .nan }
            let o = Observation(
                period: c.period(t0), observed: now, expected: usual, measure: measure, measureName: "conformal_rank_of_share_falling",
                mayRaise: now > p.minimumShare, changeStart: c.period(start),
                fact: .diffusion(signal: g.signal, share: now, falling: falling, sectors: defined.count, changeMonths: p.changeMonths,
                                 pValue: pValue, history: history.count, usual: usual),
                recent: recent, signal: g.signal)
            out.append(rule.finding(o, subject: AlertSubject(scope: .area, region: g.region, sector: "ALL")))
        }
        return out
    }
}
