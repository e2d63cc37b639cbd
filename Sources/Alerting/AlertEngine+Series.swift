import Codes
import Foundation
import Modeling
import PanelData

extension AlertEngine {
    /// Contraction (falls, `sign` −1) and surge (rises, +1) beyond trend and season.
    ///
    /// Measure: sign × the mean robust z of the last `window` months, judged out of sample.
    /// Whether it may raise is decided against `AreaRuleNull`: the same measure at every
    /// earlier (in-sample) month of every series the rule watches gives a p-value, and
    /// Benjamini–Hochberg over the run's tests of the rule at `false_discovery_rate` passes
    /// the ones that may raise. What the null and the judged window are compared on is the
    /// window's summed residuals in their own standard error (`WindowLeverage`): in-sample
    /// residuals are shrunk by the fit and held-out ones carry the extrapolation's error, so
    /// on a short history the raw mean z of the latest months is not drawn from the null of
    /// earlier ones. A series held by a source break (`SourceBreaks`) is not judged,
    /// nor a cell of fewer enterprises than the disclosure minimum (`FirmCells`). A cell
    /// summed from enterprises is judged on its continuing firms (`MatchedSample`): its
    /// held-out months are its last fitted month carried forward by their matched-sample
    /// change, so a firm's closure in the judged months is no shortfall of the area.
    func deviation(_ rule: Rule, _ p: DeviationParameters, sign: Double, _ c: SeriesContext) -> [Finding] {
        let w = p.window
        let inSampleEnd = c.panel.periodCount - c.model.holdout
        // A cell summed from enterprises is judged on its continuing firms (`MatchedSample`):
        // its held-out months are the last fitted month's value carried by their change.
        // Counts only (see `MatchedSample.carriedSignals`).
        var carried: [Int: [Double]] = [:]
        func covered(_ s: Int) -> Bool { c.matched.covers(s) && MatchedSample.carriedSignals.contains(c.panel.keys[s].signal) }
        func value(_ t: Int, _ s: Int) -> Double {
            if let v = carried[s] { return v[t] }
            let T = c.panel.periodCount
            let y = (0..<T).map { c.panel[$0, s] }
            let v = covered(s) ? c.matched.carried(s, values: y, from: inSampleEnd - 1, through: T - 1) ?? y : y
            carried[s] = v
            return v[t]
        }
        /// Robust z of month t of panel series s (model series m), on the value it is judged on.
        func z(_ t: Int, _ s: Int, _ m: Int) -> Double {
            guard covered(s), t >= inSampleEnd else { return c.model.z(t, m) }
            let y = value(t, s)
            return y.isNaN ? .nan : (y - c.model.expected(t, m)) / c.model.scale(t, m)
        }
        /// `WindowLeverage.standardized` on the values judged.
        func standardized(_ l: WindowLeverage, _ months: [Int], _ s: Int, _ m: Int) -> Double? {
            guard covered(s) else { return l.standardized(months, m, c.model) }
            guard let v = l.variance(months, m) else { return nil }
            var sum = 0.0
            for t in months {
                let y = t >= inSampleEnd ? value(t, s) : c.panel[t, s]
                guard !y.isNaN else { return nil }
                sum += (y - c.model.expected(t, m)) / c.model.residualScale(t, m)
            }
            return sum / v.squareRoot()
        }
        func meanZ(_ s: Int, through t0: Int) -> (mean: Double, months: Int)? {
            guard let m = c.modelIndex[s], c.model.isFitted(m) else { return nil }
            // Outlier months (and a latest month not yet confirmed) are held back.
            let zs = (max(0, t0 - w + 1)...t0).filter { !c.isWithheld($0, s) }.map { z($0, s, m) }.filter { !$0.isNaN }
            return zs.isEmpty ? nil : (zs.reduce(0, +) / Double(zs.count), zs.count)
        }
        let watched = c.panel.keys.indices.filter { s in
            guard rule.watches(c.panel.keys[s]), let m = c.modelIndex[s] else { return false }
            return c.model.isFitted(m) && !c.model.isSparse[m] && !c.firmCells.holds(c.panel.keys[s])
        }
        /// The months of the window through t0 that are observed and not held back.
        func months(_ s: Int, through t0: Int) -> [Int] {
            (max(0, t0 - w + 1)...t0).filter { !c.isWithheld($0, s) && !c.panel[$0, s].isNaN }
        }
        let nullWindows = inSampleEnd >= w ? ((w - 1)..<inSampleEnd).map { Array(($0 - w + 1)...$0) } : []
        let judgedWindows = watched.compactMap { s in c.evaluationIndex(s).map { months(s, through: $0) } }
        let leverage = WindowLeverage(model: c.model, windows: nullWindows + judgedWindows)
        let preparedNull = leverage.map { l in nullWindows.map { l.prepared($0) } } ?? []
        var null = AreaRuleNull()
        var judged: [(s: Int, o: Observation, band: Int, statistic: Double)] = []
        var tests = 0
        for s in watched {
            let m = c.modelIndex[s]!
            let band = AreaRuleNull.band(level: c.model.relativeFloor[m] / SeriesModel.relativeFloorShare)
            // The null: the measure at every in-sample month with a full window.
            for (k, window) in nullWindows.enumerated() where months(s, through: window.last!).count == w {
                if let leverage {
                    if let p = preparedNull[k], let v = leverage.standardized(p, m, c.model) { null.add(sign * v, band: band) }
                } else {
                    null.add(sign * window.map { c.model.z($0, m) }.reduce(0, +) / Double(w), band: band)
                }
            }
            guard !c.breaks.holds(s), let t0 = c.evaluationIndex(s), let window = meanZ(s, through: t0) else { continue }
            tests += 1
            let measure = sign * window.mean
            let statistic = leverage.map { l in standardized(l, months(s, through: t0), s, m).map { sign * $0 } ?? 0 } ?? measure
            guard measure >= rule.clear else { continue }
            if let other = c.checks.counterpart(of: s, falling: sign < 0, in: c) {
                guard !c.breaks.holds(other), let otherMean = meanZ(other, through: t0)?.mean, -otherMean >= rule.clear else { continue }
            }
            let y = c.panel[t0, s], e = c.model.expected(t0, m)
            let rel = sign * (value(t0, s) - e) / max(abs(e), 1e-12)
            let start = c.period(SeriesContext.changeStart(through: t0, sign: sign, months: p.changeScanMonths) { z($0, s, m) })
            let (lo, hi) = c.model.interval(t0, m)
            // Raised only on a full window: with a month held back (an outlier, or a latest
            // month not yet confirmed) the mean of the rest is a mean of fewer months, whose
            // tail is heavier than the one the thresholds are set for; it keeps an open alert
            // open but raises none.
            let full = !(max(0, t0 - w + 1)...t0).contains { c.isWithheld($0, s) }
            judged.append((s, Observation(
                period: c.period(t0), observed: y, expected: e, lower: lo, upper: hi, measure: measure,
                measureName: sign < 0 ? "robust_z_shortfall" : "robust_z_excess", mayRaise: rel >= p.minimumRelativeChange && full,
                changeStart: start,
                fact: .deviation(signal: c.panel.keys[s].signal, observed: y, expected: e, lower: lo, upper: hi, meanZ: window.mean,
                                 months: window.months, since: start.description, falling: sign < 0),
                recent: c.recent(s, through: t0), recentExpected: c.recentExpected(s, through: t0)), band, statistic))
        }
        return findings(rule, judged, null: null, tests: tests, rate: p.falseDiscoveryRate, c)
    }

    /// The findings of an area rule's judged series: each may raise only when its test
    /// statistic (the measure, or what the null was built on) passes Benjamini–Hochberg over
    /// the run's `tests` against `null` (see `AreaRuleNull`).
    func findings(_ rule: Rule, _ judged: [(s: Int, o: Observation, band: Int, statistic: Double)], null: AreaRuleNull, tests: Int,
                  rate: Double, _ c: SeriesContext) -> [Finding] {
        let measures = judged.map { (measure: $0.statistic, band: $0.band) }
        let pass = null.passes(measures, tests: tests, rate: rate).pass
        return judged.indices.map { i in
            var o = judged[i].o
            o.mayRaise = o.mayRaise && pass[i]
            let s = judged[i].s
            return rule.finding(o, subject: c.subject(s, scope: rule.scope), signal: c.panel.keys[s].signal)
        }
    }

    /// `findings` with each measure its own test statistic.
    func findings(_ rule: Rule, _ judged: [(s: Int, o: Observation, band: Int)], null: AreaRuleNull, tests: Int, rate: Double,
                  _ c: SeriesContext) -> [Finding] {
        findings(rule, judged.map { ($0.s, $0.o, $0.band, $0.o.measure) }, null: null, tests: tests, rate: rate, c)
    }

    /// A rate above its plan ceiling.
    func ceiling(_ rule: Rule, _ p: CeilingParameters, _ c: SeriesContext) -> [Finding] {
        let cap = p.ceiling
        return eachSeries(rule, c) { s in
            guard let t0 = c.evaluationIndex(s), !c.isWithheld(t0, s) else { return nil }
            let y = c.panel[t0, s]
            var start = t0
            while start > 0, c.panel[start - 1, s] > cap { start -= 1 }
            let m = c.modelIndex[s].flatMap { c.model.isFitted($0) ? $0 : nil }
            let iv = m.map { c.model.interval(t0, $0) }
            return Observation(
                period: c.period(t0), observed: y, expected: m.map { c.model.expected(t0, $0) }, lower: iv?.0, upper: iv?.1,
                measure: y - cap, measureName: "points_above_ceiling", changeStart: y > cap ? c.period(start) : nil,
                fact: .ceiling(signal: c.panel.keys[s].signal, observed: y, ceiling: cap),
                recent: c.recent(s, through: t0), recentExpected: c.recentExpected(s, through: t0))
        }
    }

    /// Probability of crossing the ceiling in at least one of the next `horizon` months: the
    /// share of the series' own out-of-sample error paths that take the damped-trend forecast
    /// of the adjusted rate above it (`PathForecast.probabilityAbove(ceiling:within:series:)`).
    /// Judged only while the latest value is still at or below the ceiling: above it, the
    /// `ceiling` rule speaks for the observed fact.
    func ceilingForecast(_ rule: Rule, _ params: CeilingForecastParameters, _ c: SeriesContext) -> [Finding] {
        let cap = params.ceiling, h = params.horizon
        guard let fc = c.model.forecast else { return [] }
        return eachSeries(rule, c) { s in
            guard let ms = c.modelIndex[s], let m = c.model.forecastIndex[ms], let t0 = c.evaluationIndex(s),
                  t0 == c.panel.periodCount - 1, c.panel[t0, s] <= cap, !c.isWithheld(t0, s) else { return nil }
            let p = fc.probabilityAbove(ceiling: cap, within: h, series: m)
            guard !p.isNaN else { return nil }
            let j = (0..<h).max { fc.mean[$0 + m * fc.months] < fc.mean[$1 + m * fc.months] }!
            let at = j + m * fc.months
            let when = fc.start + j
            return Observation(
                period: when, observed: c.panel[t0, s], expected: fc.mean[at], lower: fc.lower[at], upper: fc.upper[at],
                intervalLevel: fc.level, measure: p, measureName: "probability_of_crossing", changeStart: nil,
                fact: .ceilingForecast(signal: c.panel.keys[s].signal, latest: c.panel[t0, s], latestPeriod: c.period(t0).description,
                                       forecast: fc.mean[at], lower: fc.lower[at], upper: fc.upper[at], level: fc.level, when: when.description,
                                       probability: p, horizon: h, ceiling: cap),
                recent: c.recent(s, through: t0), recentExpected: c.recentExpected(s, through: t0))
        }
    }

    /// Sahm-type rise on the seasonally adjusted rate: the 3-month average minus the lowest
    /// 3-month average of the previous 12 months (Sahm 2019, defined on adjusted rates).
    ///
    /// Adjusted = observed minus the model's month-of-year and Spring Festival terms, so the
    /// July–August graduation peak of youth unemployment and the festival months do not
    /// count as rises. Outlier months are held back (`OutlierPolicy`). A "3-month average" is
    /// the mean of the observed months of the window, so quarterly figures (one a quarter)
    /// are compared quarter by quarter. A series the model cannot fit is not judged: an
    /// unadjusted rate would fire every summer.
    func sahm(_ rule: Rule, _ p: SahmParameters, _ c: SeriesContext) -> [Finding] {
        let minimumMonths = p.minimumHistory, span = p.averageMonths, lookback = p.lookbackMonths
        return eachSeries(rule, c) { s in
            guard let t0 = c.evaluationIndex(s), t0 >= minimumMonths - 1, t0 >= lookback, let m = c.modelIndex[s],
                  c.model.isFitted(m), !c.isWithheld(t0, s) else { return nil }
            func average(_ t: Int) -> Double {
                let v = (max(0, t - span + 1)...t).filter { !c.isWithheld($0, s) }.map { c.model.adjusted($0, m) }.filter { !$0.isNaN }
                return v.isEmpty ? .nan : v.reduce(0, +) / Double(v.count)
            }
            let now = average(t0)
            let earlier = (t0 - lookback...t0 - 1).map(average).filter { !$0.isNaN }
            guard !now.isNaN, earlier.count >= 4, let low = earlier.min() else { return nil }
            let lowAt = c.period((t0 - lookback...t0 - 1).first { average($0) == low }!)
            return Observation(
                period: c.period(t0), observed: now, expected: low, measure: now - low,
                measureName: "points_above_12_month_low_seasonally_adjusted", changeStart: lowAt,
                fact: .sahmRise(signal: c.panel.keys[s].signal, average: now, low: low, lowAt: lowAt.description,
                                averageMonths: span, lookbackMonths: lookback),
                recent: (max(0, t0 - AlertEngine.recentMonths + 1)...t0).map { c.model.adjusted($0, m) })
        }
    }

    /// Post-festival outflow against the seasonal-trend model, whose Spring Festival
    /// regressors know the festival's date each year: in the festival month or the month
    /// after, whichever the model expects more departures in, measure = 100·(1 − y/ŷ);
    /// it raises only when that month's robust z is below −2 (a shortfall the noise does
    /// not explain). Judged from the month after the festival month until two months later.
    func festivalShortfall(_ rule: Rule, _ p: FestivalShortfallParameters, _ c: SeriesContext) -> [Finding] {
        guard let date = SpringFestival.date(in: c.asOf.year) else { return [] }
        let festival = date.period
        let sinceWindowEnd = c.asOf - (festival + 1)
        guard (0..<p.judgedMonths).contains(sinceWindowEnd) else { return [] }
        let t0 = festival - c.panel.start, t1 = t0 + 1
        guard t0 >= 0, t1 < c.panel.periodCount else { return [] }
        return eachSeries(rule, c) { s in
            guard let m = c.modelIndex[s], c.model.isFitted(m) else { return nil }
            let tp = c.model.expected(t0, m) >= c.model.expected(t1, m) ? t0 : t1
            let y = c.panel[tp, s], e = c.model.expected(tp, m), z = c.model.z(tp, m)
            // Not screened for outliers: a shortfall of departures is a one-month thing by nature.
            guard !y.isNaN, e > 0 else { return nil }
            let measure = 100 * (1 - y / e)
            let (lo, hi) = c.model.interval(tp, m)
            return Observation(
                period: c.period(tp), observed: y, expected: e, lower: lo, upper: hi, measure: measure,
                measureName: "percent_short_of_norm", mayRaise: z <= p.maximumZ, changeStart: festival,
                fact: .festivalShortfall(signal: c.panel.keys[s].signal, period: c.period(tp).description, festival: "\(date)",
                                         observed: y, expected: e, shortfall: measure / 100, z: z),
                recent: c.recent(s, through: t1), recentExpected: c.recentExpected(s, through: t1))
        }
    }

    /// Ratio of two sources of the same quantity against its own earlier months
    /// (`SourceRatio`: on a cell's continuing firms, so a closure is no break; measure =
    /// min(|zₜ|, |zₜ₋₁|) when both point the same way, since a change of definition persists
    /// and a blip does not).
    ///
    /// A fixed line on that z does not bound the rule's false alerts: a small cell's ratio
    /// moves with its firms' own coverage and hiring lags, so the 12-month MAD is often
    /// narrower than its month-to-month noise, and a run tests every watched cell. So a
    /// finding raises only when its measure passes Benjamini–Hochberg at
    /// `false_discovery_rate` over the run's tests (one per judged cell), its p-value from
    /// `AreaRuleNull`: the same measure at every earlier month of every cell the rule judges,
    /// each against the reference months before it, by size band of the denominator (a ratio
    /// over few people is noisier); blue needs the rule's threshold as well.
    func disagreement(_ rule: Rule, _ params: SourceDisagreementParameters, _ c: SeriesContext) -> [Finding] {
        let against = params.against, months = params.referenceMonths
        var null = AreaRuleNull()
        var judged: [(s: Int, o: Observation, band: Int)] = []
        var tests = 0
        for s in c.panel.keys.indices where rule.watches(c.panel.keys[s]) {
            let k = c.panel.keys[s]
            guard let d = c.seriesIndex[SeriesKey(region: k.region, sector: k.sector, group: k.group, signal: against)],
                  let t0 = c.evaluationIndex(s), t0 >= months + 1 else { continue }
            let firms = c.seriesIndex[SeriesKey(region: k.region, sector: k.sector, group: k.group, signal: PayrollNonresponse.enterprises)]
            let ratio = SourceRatio(panel: c.panel, matched: c.matched, numerator: s, denominator: d, enterprises: firms, through: t0,
                                    referenceMonths: months, scaleFloor: params.scaleFloor)
            // The null: the same measure at every earlier month of the cell.
            for t in (months + 1)..<t0 {
                if let v = ratio.judged(t) { null.add(v.measure, band: ratio.band(t)) }
            }
            guard let now = ratio.judged(t0) else { continue }
            tests += 1
            guard now.measure >= rule.clear else { continue }
            let r = ratio.values[t0]
            var start = t0
            while start > 0, !ratio.values[start - 1].isNaN,
                  abs(ratio.values[start - 1] - now.median) / now.scale >= rule.thresholds.blue { start -= 1 }
            let pair = "\(k.signal)/\(against)"
            judged.append((s, Observation(
                period: c.period(t0), observed: r, expected: now.median, lower: now.median - SeriesModel.z95 * now.scale,
                upper: now.median + SeriesModel.z95 * now.scale, measure: now.measure, measureName: "robust_z_of_ratio",
                changeStart: c.period(start),
                fact: .sourceDisagreement(signal: pair, ratio: r, median: now.median, z: now.measure, months: months,
                                          since: c.period(start).description),
                recent: (max(0, t0 - AlertEngine.recentMonths + 1)...t0).map { ratio.values[$0] }, signal: pair), ratio.band(t0)))
        }
        return findings(rule, judged, null: null, tests: tests, rate: params.falseDiscoveryRate, c)
    }
}

/// The pairs the source-disagreement rules check (insured against payroll headcount). A fall
/// in a checked signal, or a rise in a ratio over it (separation rate = separated / insured),
/// counts as job loss only when the source it is checked against falls too in the same cell;
/// alone, it is that rule's data question (a change of definition).
struct SourceChecks {
    /// Each enabled source_disagreement rule with its second signal.
    let rules: [(rule: Rule, against: String)]

    init(config: AlertConfig) {
        rules = config.enabledRules.compactMap { r in
            if case .sourceDisagreement(let p) = r.parameters { return (r, p.against) } else { return nil }
        }
    }

    /// The series that must fall too for a fall (`falling`) or a rise in series `s` to count
    /// as job loss (when it cannot be judged, neither can the finding), or `nil` when `s`
    /// needs no corroboration or has no counterpart in the panel (then it speaks alone).
    func counterpart(of s: Int, falling: Bool, in c: SeriesContext) -> Int? {
        let k = c.panel.keys[s]
        let pair = rules.first { d in
            falling ? d.rule.selects(k.signal) : RatioSignal.defaults.contains { $0.name == k.signal && d.rule.selects($0.denominator) }
        }
        guard let against = pair?.against else { return nil }
        return c.seriesIndex[SeriesKey(region: k.region, sector: k.sector, group: k.group, signal: against)]
    }
}

extension AlertEngine {
    /// A sudden fall of the seasonally adjusted level (see `RuleKind.suddenFall`).
    ///
    /// Seasonal adjustment subtracts the model's month-of-year and Spring Festival terms
    /// (fitted with the latest months held out, but seasonal terms carry over), leaving trend,
    /// cycle and noise. The change d = mean(SA over the last `window` months) / mean(SA over
    /// the 3 months before) − 1 is set against the same change at every earlier month:
    /// z = (d − median) / (1.4826·MAD). A series that wanders with the business cycle has
    /// large trend-and-season residuals, which hide a step from `contraction`, but small
    /// changes from one quarter to the next, against which a step stands out.
    ///
    /// A cell summed from enterprises is read on its continuing firms (`MatchedSample`): the
    /// same change of its matched-sample index, at the judged month and at every earlier month
    /// of its null, so a firm's closure (a small cell's whole fall) is not the area's.
    func suddenFall(_ rule: Rule, _ p: SuddenFallParameters, _ c: SeriesContext) -> [Finding] {
        guard let fit = c.model.fit else { return [] }
        let w = p.window, before = p.baselineMonths
        let minRel = p.minimumRelativeChange
        let N = fit.seriesCount
        let x = fit.design.matrix, seasonal = fit.design.seasonalColumns
        /// Seasonally adjusted values through `t0` (NaN where missing) of model series `m`. A
        /// cell built from enterprises is read on its continuing firms (`MatchedSample`): its
        /// matched-sample index, seasonally adjusted by the same share of the level as the
        /// cell's own values are.
        func adjusted(_ s: Int, _ m: Int, through t0: Int) -> [Double] {
            let y = (0...t0).map { c.panel[$0, s] }
            let matched = c.matched.index(s, values: y, through: t0)
            return (0...t0).map { t in
                if c.isWithheld(t, s) { return .nan }
                var season = 0.0
                for j in seasonal { season += x[t, j] * fit.coefficients[m + j * N] }
                guard let matched else { return y[t] - season }
                return y[t] > 0 ? matched[t] * (1 - season / y[t]) : .nan
            }
        }
        /// The relative change ending at `t` of seasonally adjusted values `sa`, with the means
        /// of the last `w` months and of the `before` months before them.
        func change(_ sa: [Double], _ t: Int) -> (change: Double, after: Double, prior: Double)? {
            guard t - w - before + 1 >= 0 else { return nil }
            let after = sa[(t - w + 1)...t], prior = sa[(t - w - before + 1)...(t - w)]
            guard !after.contains(where: \.isNaN), !prior.contains(where: \.isNaN) else { return nil }
            let a = after.reduce(0, +) / Double(w), p = prior.reduce(0, +) / Double(before)
            guard p > 0 else { return nil }
            return (a / p - 1, a, p)
        }
        /// (z of the latest change, the change, the SA means, the seasonal term of `t0`) for
        /// series `s`, or nil.
        /// The last element: minus the robust z of every earlier change (the rule's null).
        func fall(_ s: Int, through t0: Int)
            -> (z: Double, change: Double, after: Double, prior: Double, season: Double, earlier: [Double])? {
            guard let m = c.modelIndex[s], c.model.isFitted(m), !c.model.isSparse[m] else { return nil }
            let sa = adjusted(s, m, through: t0)
            guard let latest = change(sa, t0) else { return nil }
            // Earlier changes: windows ending before the current one begins.
            let history = (0...max(0, t0 - w)).compactMap { change(sa, $0)?.change }
            guard history.count >= p.minimumChanges, let ref = RobustScale.medianAndMAD(history) else { return nil }
            let scale = max(RobustScale.madToSigma * ref.mad, p.scaleFloor)
            return ((latest.change - ref.median) / scale, latest.change, latest.after, latest.prior, c.panel[t0, s] - sa[t0],
                    history.map { -($0 - ref.median) / scale })
        }

        var null = AreaRuleNull()
        var judged: [(s: Int, o: Observation, band: Int, statistic: Double)] = []
        var tests = 0
        for s in c.panel.keys.indices where rule.watches(c.panel.keys[s]) {
            guard !c.breaks.holds(s), !c.firmCells.holds(c.panel.keys[s]), let t0 = c.evaluationIndex(s),
                  let f = fall(s, through: t0), let m = c.modelIndex[s] else { continue }
            let band = AreaRuleNull.band(level: c.model.relativeFloor[m] / SeriesModel.relativeFloorShare)
            for v in f.earlier { null.add(v, band: band) }
            tests += 1
            let measure = -f.z
            guard measure >= rule.clear else { continue }
            if let other = c.checks.counterpart(of: s, falling: true, in: c) {
                guard !c.breaks.holds(other), let o = fall(other, through: t0), -o.z >= rule.clear else { continue }
            }
            let from = c.period(t0 - w - before + 1), to = c.period(t0 - w), since = c.period(t0 - w + 1)
            // Observed: the latest month; expected: that month had the level stayed at the
            // seasonally adjusted mean of the months before (plus the month's seasonal term).
            judged.append((s, Observation(
                period: c.period(t0), observed: c.panel[t0, s], expected: f.prior + f.season, measure: measure,
                measureName: "robust_z_of_seasonally_adjusted_change", mayRaise: -f.change >= minRel, changeStart: since,
                fact: .suddenFall(signal: c.panel.keys[s].signal, fall: abs(f.change), from: from.description, to: to.description,
                                  prior: f.prior, since: since.description, through: c.period(t0).description, after: f.after,
                                  multiple: measure),
                recent: c.recent(s, through: t0), recentExpected: c.recentExpected(s, through: t0)), band, measure))
        }
        return findings(rule, judged, null: null, tests: tests, rate: p.falseDiscoveryRate, c)
    }
}
