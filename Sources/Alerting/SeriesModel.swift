import Codes
import Foundation
import Modeling
import PanelData

/// Expected values, intervals, robust z-scores and forecasts for the series the rules
/// watch, from `Modeling`'s seasonal-trend model (Huber fit, trend knots every 24 months,
/// month-of-year and Spring Festival terms), fitted for all of them at once.
///
/// **The latest `holdout` months are judged out of sample.** An early-warning rule asks
/// whether the latest months differ from what the model expected *before* them. Fitted on
/// every month, the trend's last knot segment bends towards a fall in its last two or
/// three months (end-point leverage: those months sit where the trend's slope is least
/// pinned down), and a −15% drop scored a z of only about −2. So the model that judges is
/// fitted with those months masked (NaN: weight 0, the same design and knots as a fit on
/// every month), and for the held-out months
///
///   expected(t) = x_tᵀβ̂ (the trend and season extrapolated over the masked months),
///   scale(t) = σ̂·√(1 + x_tᵀ(XᵀWX + Λ)⁻¹x_t),
///
/// the forecast-style predictive standard error (`SeasonalTrendFit.predictiveStandardErrors`): the residual scale σ̂ (the
/// robust z scale) inflated by the parameter uncertainty of the extrapolation, which grows
/// with the distance from the fitted data. That is the right yardstick for a month that took
/// no part in the fit: the in-sample scale alone would understate the spread of an
/// extrapolated trend and over-flag the last month of a short or noisy series, while an
/// ad-hoc inflation factor would ignore how far each month lies from the data. For earlier
/// months expected(t) = fitted(t) and the scale is the robust z scale (with the degrees-of-
/// freedom factor), as before. Either scale is floored as `scale(_:_:)` says; the interval
/// is expected ± 1.96·scale (nominal 95% for one month's observation).
///
/// Forecasts for the `ceiling_forecast` rule come from a second fit on all months, since
/// they must start from the latest data; it is done only for the series such a rule
/// watches (`forecastSeries`), a handful of rates, so the whole costs one batched fit plus
/// a small one. The forecast itself is `PathForecast`: a damped trend on the seasonally
/// adjusted series, with intervals and crossing probabilities from the series' own
/// rolling-origin forecast errors.
struct SeriesModel {
    let panel: Panel
    /// The fit that judges: the last `holdout` months masked (all months if `holdout` is 0).
    let fit: SeasonalTrendFit?
    /// Months at the end of the panel judged out of sample (0 when the panel is too short
    /// to leave them out).
    let holdout: Int
    /// Predictive standard error of the held-out months, layout `[h + s·holdout]` (h = 0 for
    /// the first held-out month); empty when `holdout` is 0.
    let heldOutScale: [Double]
    /// Forecast past the panel's end from the all-month fit, for the series listed in
    /// `forecastIndex` (its series index for each model series, nil if not forecast).
    let forecast: PathForecast?
    let forecastIndex: [Int?]
    /// Per series: the smallest scale a deviation is measured in (see `scaleFloor`), and
    /// whether every observed value is a non-negative whole number (a count).
    let relativeFloor: [Double]
    let isCount: [Bool]
    /// Series zero in more than half of their observed months (late payers, arrears in a
    /// small cell): trend and season say nothing about them, so deviation rules skip them.
    let isSparse: [Bool]

    /// A residual scale is never taken below 0.2% of the series' mean absolute level (finer
    /// than any administrative figure is exact), nor, for counts, below the Poisson noise
    /// √max(expected, 1): a series of mostly zeros has a MAD of 0, and without a floor one
    /// late payer would score a z of 10¹⁸.
    static let relativeFloorShare = 0.002

    /// Level of the ceiling forecasts' intervals (the facts' lower/upper), the level the
    /// backtest checks their calibration at.
    static let forecastLevel = PathForecast.level

    /// Coverage of the model's one-month prediction interval, expected ± `z95`·scale.
    static let predictionLevel = 0.95

    /// 95% two-sided normal quantile (the `predictionLevel` interval's half-width in scales).
    static let z95 = 1.959963984540054

    /// Default months judged out of sample: 3, one more than the deviation rules' default
    /// window of 2, so every month those rules average lies outside the fit, including when
    /// a series' latest figure is a month late. `AlertEngine` widens it to the largest
    /// deviation window in force. The festival-shortfall rule's judged month is out of
    /// sample in its first two months of judgement, in-sample in the third.
    static let defaultHoldout = 3

    /// - Parameters:
    ///   - horizon: months to forecast past the end (0 for none).
    ///   - holdout: latest months to judge out of sample (see the type's documentation).
    ///   - forecastSeries: per series, whether it needs a forecast (all when nil).
    init(panel: Panel, horizon: Int, holdout: Int = SeriesModel.defaultHoldout, forecastSeries: [Bool]? = nil) throws {
        self.panel = panel
        let spec = SeasonalTrendSpec.standard
        var floor = [Double](repeating: 0, count: panel.seriesCount), count = [Bool](repeating: true, count: panel.seriesCount)
        var sparse = [Bool](repeating: false, count: panel.seriesCount)
        for s in 0..<panel.seriesCount {
            var sum = 0.0, n = 0, zeros = 0
            for v in panel.series(s) where !v.isNaN {
                sum += abs(v); n += 1
                if v == 0 { zeros += 1 }
                if v < 0 || v != v.rounded() { count[s] = false }
            }
            floor[s] = n > 0 ? SeriesModel.relativeFloorShare * sum / Double(n) : 0
            sparse[s] = 2 * zeros > n
        }
        relativeFloor = floor; isCount = count; isSparse = sparse
        func fittable(_ months: Int, _ spec: SeasonalTrendSpec) -> Bool {
            let k = SeasonalTrendDesign(spec: spec, start: panel.start, fitMonths: max(months, 1)).parameterCount
            return panel.seriesCount > 0 && months > k && months >= spec.minimumObserved
        }
        guard fittable(panel.periodCount, spec) else {
            fit = nil; self.holdout = 0; heldOutScale = []; forecast = nil
            forecastIndex = [Int?](repeating: nil, count: panel.seriesCount)
            return
        }
        // The judging fit asks `holdout` fewer observed months, so that every series the
        // all-month fit would take (≥ 24 observed months) is still judged.
        let h = max(0, min(holdout, spec.minimumObserved - 13, 60))
        let judgeSpec = try SeasonalTrendSpec(loss: spec.loss, knotSpacing: spec.knotSpacing, knotPenalty: spec.knotPenalty,
                                              springFestival: spec.springFestival, maxIterations: spec.maxIterations,
                                              tolerance: spec.tolerance, scaleUpdates: spec.scaleUpdates,
                                              minimumObserved: spec.minimumObserved - h)
        let T = panel.periodCount
        let wanted = forecastSeries ?? [Bool](repeating: true, count: panel.seriesCount)
        if h > 0, fittable(T - h, judgeSpec) {
            // Same design as the all-month fit (knots placed from all T months), the last h
            // months masked: they get weight 0, and their fitted values are the extrapolation.
            var masked = panel.values
            for s in 0..<panel.seriesCount { for t in (T - h)..<T { masked[t + s * T] = .nan } }
            let f = try judgeSpec.fit(Panel(start: panel.start, periodCount: T, keys: panel.keys, values: masked))
            fit = f; self.holdout = h
            heldOutScale = try f.predictiveStandardErrors(months: Array((T - h)..<T))
            // The forecast rule's series need the all-month fit.
            if horizon > 0, wanted.contains(true) {
                let cols = wanted.indices.filter { wanted[$0] }
                let full = try spec.fit(panel.columns(cols))
                forecast = try full.pathForecast(months: horizon, level: SeriesModel.forecastLevel)
                var index = [Int?](repeating: nil, count: panel.seriesCount)
                for (i, s) in cols.enumerated() { index[s] = i }
                forecastIndex = index
            } else {
                forecast = nil; forecastIndex = [Int?](repeating: nil, count: panel.seriesCount)
            }
        } else {
            // Too short to leave months out: judge in sample, as the only fit there is.
            let f = try spec.fit(panel)
            fit = f; self.holdout = 0; heldOutScale = []
            forecast = horizon > 0 ? try f.pathForecast(months: horizon, level: SeriesModel.forecastLevel) : nil
            forecastIndex = (0..<panel.seriesCount).map { wanted[$0] ? $0 : nil }
        }
    }

    func isFitted(_ s: Int) -> Bool { fit?.isFitted(s) ?? false }

    /// The forecasts of the forecast series at `level`, keyed by the panel columns the model
    /// series came from (skipped series left out).
    func forecastIntervals(panel: Panel, columns: [Int], level: Double) -> [SeriesForecast] {
        guard let forecast else { return [] }
        return columns.indices.compactMap { m -> SeriesForecast? in
            guard let f = forecastIndex[m] else { return nil }
            let months = 0..<forecast.months
            let mean = months.map { forecast.mean[$0 + f * forecast.months] }
            guard !mean.contains(where: \.isNaN) else { return nil }
            let band = months.map { forecast.interval(level: level, month: $0, series: f) }
            return SeriesForecast(key: panel.keys[columns[m]], start: forecast.start, mean: mean,
                                  lower: band.map(\.lower), upper: band.map(\.upper))
        }
    }

    /// The model's series that were not fitted, keyed by the panel columns they came from.
    func unfitted(panel: Panel, columns: [Int]) -> [UnfittedSeries] {
        guard let fit else {
            let k = SeasonalTrendDesign(spec: .standard, start: panel.start, fitMonths: max(panel.periodCount, 1)).parameterCount
            return columns.map { UnfittedSeries(key: panel.keys[$0], reason: "the panel has \(panel.periodCount) months; the seasonal-trend model needs more than \(max(k, SeasonalTrendSpec.standard.minimumObserved))") }
        }
        var reasons: [Int: String] = [:]
        for s in fit.skipped { reasons[s.series] = s.reason }
        let minimum = max(SeasonalTrendSpec.standard.minimumObserved, fit.parameterCount + 1)
        return columns.indices.compactMap { m in
            guard !fit.isFitted(m) else { return nil }
            // Said in terms of the whole panel (the judging fit holds the latest months out).
            let observed = self.panel.series(m).filter { !$0.isNaN }.count
            let reason = observed < minimum
                ? "only \(observed) observed months; at least \(minimum) are needed to fit trend and season"
                : reasons[m] ?? "not fitted"
            return UnfittedSeries(key: panel.keys[columns[m]], reason: reason)
        }
    }

    /// Whether month t is judged out of sample.
    func isHeldOut(_ t: Int) -> Bool { t >= panel.periodCount - holdout }

    func expected(_ t: Int, _ s: Int) -> Double { fit!.fitted[t + s * panel.periodCount] }

    /// The scale month t of series s is judged in: the predictive standard error for a
    /// held-out month, the fit's robust z scale otherwise; floored.
    func scale(_ t: Int, _ s: Int) -> Double {
        let h = t - (panel.periodCount - holdout)
        return floored(h >= 0 ? heldOutScale[h + s * holdout] : fit!.zScale[s], t, s)
    }

    /// The residual scale of month t of series s without the extrapolation's parameter
    /// uncertainty: the fit's robust z scale, floored as `scale(_:_:)` is. What
    /// `WindowNull` divides residuals by before it takes their leverage into account.
    func residualScale(_ t: Int, _ s: Int) -> Double { floored(fit!.zScale[s], t, s) }

    private func floored(_ base: Double, _ t: Int, _ s: Int) -> Double {
        var sc = max(base, relativeFloor[s])
        if isCount[s] { sc = max(sc, max(expected(t, s), 1).squareRoot()) }
        return sc > 0 ? sc : 1
    }

    /// Robust z of month t: (y − expected) / scale.
    func z(_ t: Int, _ s: Int) -> Double {
        let y = panel[t, s]
        return y.isNaN ? .nan : (y - expected(t, s)) / scale(t, s)
    }

    /// The month-of-year and Spring Festival part of the fit at month t of series s (0 when
    /// the series is not fitted): what seasonal adjustment subtracts.
    func seasonal(_ t: Int, _ s: Int) -> Double {
        guard let fit, fit.isFitted(s) else { return 0 }
        let x = fit.design.matrix, N = fit.seriesCount
        var v = 0.0
        for j in fit.design.seasonalColumns { v += x[t, j] * fit.coefficients[s + j * N] }
        return v
    }

    /// The seasonally adjusted value yₜ − seasonal(t) (NaN where missing).
    func adjusted(_ t: Int, _ s: Int) -> Double { panel[t, s] - seasonal(t, s) }

    func interval(_ t: Int, _ s: Int) -> (Double, Double) {
        let e = expected(t, s), w = SeriesModel.z95 * scale(t, s)
        return (e - w, e + w)
    }
}
