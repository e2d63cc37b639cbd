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
    ///
    /// Both are judged against the series' own drift, out of sample: μ = min(0, median of
    /// the 3-month changes in the `drift_months` months before the look-back window). A
    /// series declining at its usual pace (an industry in secular decline) is on its path,
    /// not in a turn, so the high of month u is carried forward to t as A(u)·(1 + μ)^((t−u)/3)
    /// and the year-over-year change must fall below (1 + μ)^4 − 1. With μ = 0 (a series that
    /// grew, or too few earlier months) the rule is the plain drawdown.
    ///
    /// **Its own null, its peers' on a short history, and the run's tests.** A drawdown the
    /// series has often had before is not a turn in it: an industry whose employment swings
    /// with imports or one firm's orders reaches robust-SD multiples that a smooth total
    /// reaches only in a recession. So the drawdown of the as-of month, in the series' robust
    /// SDs (its measure), is ranked against the same score at every earlier month u of the
    /// series — its drift taken from the months before u's own look-back, 0 where the
    /// year-over-year condition did not hold at u (the rule would not have raised) — the
    /// conformal p-value with ties counted against it:
    ///
    ///   p = (1 + #{earlier scores ≥ now}) / (1 + n),
    ///
    /// n the earlier months with a defined drawdown; nothing after the as-of month enters.
    /// A series with fewer than `peer_history_months` earlier months of its own (two or three
    /// years of a new province's data: alone its p is at least 1/(1 + n), never under q/m)
    /// is ranked against its peers' earlier months as well: every series the rule tests with
    /// the same signal and group at the same region level (totals with totals, sectors with
    /// sectors), each scored in its own robust SDs at its months before the as-of month
    /// (`DownturnStatistic`, `DownturnPeerClass`). If the scores of comparable series are
    /// exchangeable under the null — the point of measuring each in its own units — the
    /// pooled p is as valid as the own one, **counted in blocks**: a score is made of the
    /// last `lookback_months` + `average_months` months of data, so a series' scores come in
    /// runs (one wander of a random walk is fifteen high months), and counted month by month
    /// a new score beats all n pooled months far more often than 1/(1 + n) — on five-year
    /// random walks a calm run raised 69 times in 480 at q = 0.1 (0.144, `DownturnNullTests`).
    /// So the peers' months are cut into blocks of `null_block_months` (15, the months one
    /// score is made of), a block counting once when its largest score reaches the judged
    /// one (`ConformalP`): a block's maximum beats the judged score at least as often as any
    /// one of its months, so that part of the p-value is super-uniform whatever the runs
    /// inside a block. A peer's months end a block before the as-of month, so that none
    /// shares a month of data with the judged window: a fall the peers share (a recession) is
    /// not its own null. The series' own months count one by one, as on a long history. The
    /// cost is stated, not hidden: with b blocks a peer, one of m calm series beats all of
    /// its peers' blocks about 1/b of the time, so on two or three years of data one series
    /// passes alone only where its own months and the blocks together reach about m/q; what
    /// raises there is several series falling together (k·q/m).
    /// A finding raises only when its p passes Benjamini–Hochberg at `false_discovery_rate`
    /// q over the run's tests (every series judged, those under `clear` counting as p = 1):
    /// in a month where no series turns, a false alert is raised at most a share q of the
    /// time whatever the number of series m (under the global null the false-discovery rate
    /// is the chance of any rejection), which is at most 120·q/m false alert-months per 10
    /// series-years: q = 0.1 holds issue 12's 1 per 10 series-years for m ≥ 12. One series
    /// alone needs p ≤ q/m, a drawdown beyond nearly all of its own (and, on a short history,
    /// its peers') history; many series falling together pass at larger p (the step-up's
    /// k·q/m), which is a recession's breadth. A series' own past holds its earlier
    /// recessions too, which makes the p-value conservative, never liberal; it is also what
    /// costs the rule breadth in recessions no deeper than the series' earlier ones
    /// (BENCHMARKS.md).
    func downturn(_ rule: Rule, _ p: DownturnParameters, _ c: SeriesContext) -> [Finding] {
        let minimumMonths = p.minimumHistory, span = p.averageMonths, lookback = p.lookbackMonths
        /// A series the rule tests: its statistic, as-of month and peer class.
        struct Tested { let s: Int; let t0: Int; var stat: DownturnStatistic; let peers: DownturnPeerClass }
        /// A series whose drawdown this month is past `clear`: its figures, to be ranked.
        struct Candidate { let tested: Int; let now: (drawdown: Double, highAt: Int, high: Double, falling: Bool); let measure: Double }
        var tested: [Tested] = []
        var candidates: [Candidate] = []
        for s in c.panel.keys.indices where rule.watches(c.panel.keys[s]) {
            guard let t0 = c.evaluationIndex(s), t0 >= minimumMonths - 1, t0 >= lookback, let m = c.modelIndex[s], c.model.isFitted(m),
                  !c.model.isSparse[m] else { continue }
            // A business cycle needs breadth: in a cell of a few enterprises a fall is one
            // firm's event (the layoff and contraction rules' question), not a downturn.
            let k = c.panel.keys[s]
            if let floor = p.minimumEnterprises,
               let e = c.seriesIndex[SeriesKey(region: k.region, sector: k.sector, group: k.group, signal: "payroll_enterprises")],
               !(c.panel[t0, e] >= floor) { continue }
            let a = (0...t0).map { t -> Double in c.isWithheld(t, s) ? .nan : c.model.adjusted(t, m) }
            var A = [Double](repeating: .nan, count: t0 + 1)
            for t in (span - 1)..<(t0 + 1) where t >= 0 {
                var sum = 0.0, n = 0
                for u in (t - span + 1)...t where !a[u].isNaN { sum += a[u]; n += 1 }
                if n > 0 { A[t] = sum / Double(n) }
            }
            guard !A[t0].isNaN else { continue }
            // change[u]: A(u)/A(u − span) − 1, NaN where undefined.
            let change = (0...t0).map { u -> Double in
                guard u >= span else { return .nan }
                let x = A[u], y = A[u - span]
                return x.isNaN || y.isNaN || y <= 0 ? .nan : x / y - 1
            }
            let changes = change[span..<max(span, t0)].filter { !$0.isNaN }
            guard changes.count >= p.minimumChanges else { continue }
            let mean = changes.reduce(0, +) / Double(changes.count)
            let sd = (changes.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(changes.count - 1)).squareRoot()
            let mad = RobustScale.medianAndMAD(Array(changes)).map { RobustScale.madToSigma * $0.mad } ?? 0
            var stat = DownturnStatistic(A: A, change: change, sigma: max(mad, p.sdFloorShare * sd, 1e-4), p: p)
            let now = stat.judge(t0)
            tested.append(Tested(s: s, t0: t0, stat: stat, peers: DownturnPeerClass(k)))
            guard let now else { continue }
            let measure = now.drawdown / stat.sigma
            guard measure >= rule.clear else { continue }
            candidates.append(Candidate(tested: tested.count - 1, now: now, measure: measure))
        }
        // Each series' scores before a month, computed once per run (peers share them).
        // Keyed by series and end: a candidate's own months end at its as-of month, a peer's earlier.
        struct ScoreKey: Hashable { let i: Int, end: Int }
        var scoreCache: [ScoreKey: [Double]] = [:]
        func scores(_ i: Int, before end: Int) -> [Double] {
            if let hit = scoreCache[ScoreKey(i: i, end: end)] { return hit }
            let v = tested[i].stat.scores(before: end)
            scoreCache[ScoreKey(i: i, end: end)] = v
            return v
        }
        var peersOf: [DownturnPeerClass: [Int]] = [:]
        for i in tested.indices { peersOf[tested[i].peers, default: []].append(i) }
        var judged: [(s: Int, o: Observation, p: Double)] = []
        for cand in candidates {
            let i = cand.tested, s = tested[i].s, t0 = tested[i].t0, now = cand.now, k = c.panel.keys[s]
            // Its own earlier months, joined by its peers' months before the as-of month
            // when its own are fewer than `peer_history_months`.
            // Its peers' months count by blocks of `null_block_months` and end a block before
            // the as-of month: none shares a month of data with the judged window, so a fall
            // common to the peers is not its own null.
            var pValue = 1.0
            if now.falling && now.drawdown > 0 {
                let own = scores(i, before: t0)
                var peers: [[Double]] = []
                if own.count < p.peerHistoryMonths {
                    for j in peersOf[tested[i].peers] ?? [] where j != i {
                        let r = scores(j, before: min(t0, tested[j].t0 + 1) - (p.nullBlockMonths - 1))
                        if !r.isEmpty { peers.append(r) }
                    }
                }
                pValue = ConformalP.value(cand.measure, own: own, peers: peers, block: p.nullBlockMonths).p
            }
            let highAt = c.period(now.highAt)
            let A = tested[i].stat.A
            let yoy = t0 >= 12 && A[t0 - 12] > 0 ? A[t0] / A[t0 - 12] - 1 : .nan
            let recent = (max(0, t0 - AlertEngine.recentMonths + 1)...t0).map { t -> Double in
                c.isWithheld(t, s) ? .nan : c.model.adjusted(t, c.modelIndex[s]!)
            }
            judged.append((s, Observation(
                period: c.period(t0), observed: A[t0], expected: now.high, measure: cand.measure,
                measureName: "robust_sd_below_12_month_high_seasonally_adjusted", mayRaise: now.falling, changeStart: highAt,
                fact: .downturn(signal: k.signal, average: A[t0], high: now.high, highAt: highAt.description, drawdown: now.drawdown,
                                multiple: cand.measure, yearOnYear: yoy, averageMonths: span, lookbackMonths: lookback),
                recent: recent), pValue))
        }
        let pass = BenjaminiHochberg.rejections(judged.map(\.p), tests: max(tested.count, judged.count), rate: p.falseDiscoveryRate)
        return judged.indices.map { i in
            var o = judged[i].o
            o.mayRaise = o.mayRaise && pass[i]
            let s = judged[i].s
            return rule.finding(o, subject: c.subject(s, scope: rule.scope), signal: c.panel.keys[s].signal)
        }
    }

    /// Single-month outliers as data-quality findings (see `OutlierPolicy`): the latest
    /// `judged_months` months of each watched series, where the screen holds a month back and
    /// it is at least 1 + `minimum_relative_change` times, or at most 1/(1 + `minimum_relative_change`)
    /// of, its expected value (a keying error multiplies or divides a figure; an ordinary bad
    /// month does not). Measure: |robust z|.
    ///
    /// Only series of levels are judged: a series that has been negative (a net flow such as
    /// `mobile_net_outflow`, inflow minus outflow) has no "times expected" — its expected value
    /// crosses zero, where any ordinary month is "8× expected" — and a keying error in it is one
    /// in a gross flow it is made of, which is judged itself.
    ///
    /// The rule tests every watched series' latest months each run (a few thousand tests at
    /// province scale), and heavy-tailed small cells reach |z| of 10 now and then, so a fixed
    /// threshold does not bound its false alerts. A finding raises only when its |z| passes
    /// Benjamini–Hochberg at `false_discovery_rate` over the run's tests (every judged series
    /// × `judged_months`), its p-value from `AreaRuleNull`: the same measure at every earlier
    /// month of every series the rule judges (in sample and held out, before the judged
    /// months), by size band — |z| where the screen held the month back when it was the
    /// latest (`OutlierScreen.wasHeldWhenLatest`: a level change's first month counts, as
    /// the judged latest month is pending whatever it turns out to be) and it is ×(1 + m) or
    /// ÷(1 + m) of expected, 0 where not (most months).
    func outliers(_ rule: Rule, _ p: OutlierParameters, _ c: SeriesContext) -> [Finding] {
        let minRel = p.minimumRelativeChange
        var null = AreaRuleNull()
        var judged: [(s: Int, o: Observation, band: Int)] = []
        var tests = 0
        for s in c.panel.keys.indices where rule.watches(c.panel.keys[s]) {
            guard let t0 = c.evaluationIndex(s), let m = c.modelIndex[s], c.model.isFitted(m), !c.model.isSparse[m],
                  !(0...t0).contains(where: { c.panel[$0, s] < 0 }) else { continue }
            let band = AreaRuleNull.band(level: c.model.relativeFloor[m] / SeriesModel.relativeFloorShare)
            /// The rule's measure at month t: |robust z| where the screen held the month back
            /// and it is ×(1 + m) or ÷(1 + m) of its expected value (a keying error multiplies
            /// or divides), else 0 (nothing to raise).
            func measure(_ t: Int) -> (z: Double, state: OutlierState)? {
                guard let state = c.outliers.state(t, m) else { return nil }
                let y = c.panel[t, s], e = c.model.expected(t, m)
                guard !y.isNaN, e > 0, y >= (1 + minRel) * e || y <= e / (1 + minRel) else { return nil }
                return (c.model.z(t, m), state)
            }
            // The null: every earlier month before the judged ones, in sample or held out,
            // measured as it was when it was the latest month (held back while pending, a
            // level change's first month as much as a spike), since the latest month is
            // judged so.
            func earlier(_ t: Int) -> Double {
                guard c.outliers.wasHeldWhenLatest(t, m) else { return 0 }
                let y = c.panel[t, s], e = c.model.expected(t, m)
                guard !y.isNaN, e > 0, y >= (1 + minRel) * e || y <= e / (1 + minRel) else { return 0 }
                return abs(c.model.z(t, m))
            }
            for t in 0..<max(0, t0 - p.judgedMonths + 1) { null.add(earlier(t), band: band) }
            tests += p.judgedMonths
            var best: (t: Int, z: Double, state: OutlierState)? = nil
            for t in stride(from: t0, through: max(0, t0 - p.judgedMonths + 1), by: -1) {
                guard let v = measure(t) else { continue }
                if best == nil || abs(v.z) > abs(best!.z) { best = (t, v.z, v.state) }
            }
            guard let b = best, abs(b.z) >= rule.clear else { continue }
            let y = c.panel[b.t, s], e = c.model.expected(b.t, m)
            let (lo, hi) = c.model.interval(b.t, m)
            judged.append((s, Observation(
                period: c.period(b.t), observed: y, expected: e, lower: lo, upper: hi, measure: abs(b.z),
                measureName: "robust_z_single_month", changeStart: c.period(b.t),
                fact: .outlier(signal: c.panel.keys[s].signal, period: c.period(b.t).description, observed: y, expected: e, z: b.z,
                               pending: b.state == .pending),
                recent: c.recent(s, through: t0), recentExpected: c.recentExpected(s, through: t0)), band))
        }
        return findings(rule, judged, null: null, tests: tests, rate: p.falseDiscoveryRate, c)
    }
}
