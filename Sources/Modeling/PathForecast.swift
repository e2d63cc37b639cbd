import Codes
import Foundation

/// Forecasts h = 1…H months past the end of a fitted panel whose intervals and crossing
/// probabilities come from each series' own out-of-sample forecast errors, so that a 90%
/// interval holds about 90% of outcomes by construction rather than by a formula's
/// assumptions. Produced by `SeasonalTrendFit.pathForecast(months:level:)`.
///
/// For series s, with aₜ its seasonally adjusted values as they would be had month t not
/// been in the fit:
///
///   aₜ = yₜ − seasonₜ + rₜ·hₜ/(1 − hₜ),
///
/// seasonₜ the month-of-year and Spring Festival terms of the seasonal-trend fit, rₜ its
/// residual and hₜ = wₜ·xₜᵀ(XᵀWX + Λ)⁻¹xₜ the month's leverage (capped at 0.9): rₜ/(1 − hₜ) is
/// the leave-one-out residual (the PRESS identity). On a short history the season follows the
/// noise of each month (a month-of-year term estimated from three Januaries takes up a third
/// of each January's noise), and errors measured on plainly adjusted values then understate
/// how far a forecast misses; on a long one hₜ is small and aₜ the plain adjusted value.
///
/// 1. a series whose adjusted values are all positive (a rate, a count) is worked on in logs,
///    zₜ = log aₜ, so that its errors are proportions of its level: a forecast miss of
///    unemployed persons at 15 million is not the size of one at 3 million. Otherwise zₜ = aₜ.
///    A `DampedTrend` (α, β, φ) is chosen on z by least one-month squared error
///    (`DampedTrend.estimated`) and run over it;
/// 2. at every origin t from the 7th observed month on (`burnIn`: the level set by the first
///    month and a slope of 0 have settled), and among the latest `errorWindow` origins, the
///    forecast made there is compared with what came: e_{t,h} = z_{t+h} − ẑ_{t+h | t},
///    h = 1…H. These are rolling-origin errors (each
///    forecast uses only months up to its origin), so they carry what a residual scale
///    misses: the error in the level and slope, their autocorrelation and the turns the
///    series took;
/// 3. the forecast is g(ẑ_{T−1+h | T−1}) + season_{T−1+h} (g = exp in logs, the identity
///    otherwise: a median forecast), and its `level` interval is g(ẑ + e) + season at the
///    conformal order statistics e of the n errors at horizon h (Vovk et al.
///    2005; Lei et al. 2018): the ⌊(n + 1)(1 − level)/2⌋-th smallest and the
///    ⌈(n + 1)(1 + level)/2⌉-th smallest. For exchangeable errors this covers at least
///    `level` of outcomes for any n; the ranks must lie within 1…n, so a 90% interval needs
///    n ≥ 19;
/// 4. the probability of crossing a ceiling within w months is the share of the series' own
///    error paths (e_{t,1}, …, e_{t,w}), one per origin with all w months realised, that put
///    the forecast path g(ẑⱼ + e_{t,j}) + seasonⱼ above the ceiling in any month: the paths
///    keep the h-month spread and the month-to-month correlation the series had.
///
/// Only the latest 120 origins count (`errorWindow`, ten years): forecast errors are not
/// stationary over decades (on US unemployed persons 1967–2015 every origin since 1967 gave
/// 0.94 coverage at 90% in a replay, the latest ten years' 0.90–0.92), and ten years hold at
/// least one business cycle's turns.
///
/// A series with fewer than `minimumPaths` complete error paths, or that the seasonal-trend
/// fit skipped, gets NaN everywhere: too little history to say how far its forecasts miss.
/// The errors are taken with the season and (α, β, φ) estimated on all months, which
/// understates them slightly for a short series.
/// Layout: `[j + s·months]` (horizon fastest), j = 0 for one month ahead.
public struct PathForecast: Sendable {
    /// Months after the first observation before errors are collected.
    public static let burnIn = 6
    /// Fewest complete error paths a series needs: 19 is the least n for which the conformal
    /// ranks of a 90% interval lie within 1…n.
    public static let minimumPaths = 19
    /// Latest origins whose errors count (ten years).
    public static let errorWindow = 120
    /// The interval level every forecast of the project is made and checked at: the
    /// `ceiling_forecast` rule, the backtest's calibration table, `detect --forecast` and
    /// `scenario`.
    public static let level = 0.9

    /// First forecast month.
    public let start: Period
    public let months: Int
    public let seriesCount: Int
    /// Coverage of `lower`/`upper`.
    public let level: Double
    public let mean: [Double]
    public let lower: [Double]
    public let upper: [Double]
    /// The forecast of z (the adjusted series, in logs where `logScale`), `[j + s·months]`.
    public let point: [Double]
    /// The seasonal term added back, `[j + s·months]`.
    public let season: [Double]
    /// Per series: whether z is the log of the adjusted series.
    public let logScale: [Bool]
    /// The damped trend chosen per series (nil where not forecast).
    public let trend: [DampedTrend?]
    /// Per series, the out-of-sample error paths: `paths[s][i]` holds e_{t,1…months} of one
    /// origin t (NaN where a+h was not observed).
    public let paths: [[[Double]]]
    /// Per series and horizon, the sorted errors (`sortedErrors[s][j]`, j = 0 for h = 1).
    public let sortedErrors: [[[Double]]]

    /// The `level` interval of forecast month j (0-based) of series s from the conformal
    /// ranks of its errors; NaN when the ranks fall outside the errors (too few) or the
    /// series has no forecast.
    public func interval(level: Double, month j: Int, series s: Int) -> (lower: Double, upper: Double) {
        guard !point[j + s * months].isNaN, level > 0, level < 1 else { return (.nan, .nan) }
        guard let (lo, hi) = PathForecast.conformalBounds(sortedErrors[s][j], level: level) else { return (.nan, .nan) }
        return (value(error: lo, month: j, series: s), value(error: hi, month: j, series: s))
    }

    /// The forecast of month j of series s displaced by error e on the working scale:
    /// g(ẑⱼ + e) + seasonⱼ.
    public func value(error e: Double, month j: Int, series s: Int) -> Double {
        let z = point[j + s * months] + e
        return (logScale[s] ? Foundation.exp(z) : z) + season[j + s * months]
    }

    /// The ⌊(n + 1)(1 − level)/2⌋-th and ⌈(n + 1)(1 + level)/2⌉-th smallest of n sorted
    /// errors (1-based ranks), or nil when either rank lies outside 1…n.
    public static func conformalBounds(_ sorted: [Double], level: Double) -> (Double, Double)? {
        let n = Double(sorted.count)
        let lo = Int(((n + 1) * (1 - level) / 2 + 1e-9).rounded(.down))
        let hi = Int(((n + 1) * (1 + level) / 2 - 1e-9).rounded(.up))
        guard lo >= 1, hi <= sorted.count else { return nil }
        return (sorted[lo - 1], sorted[hi - 1])
    }

    /// Probability that series s exceeds `ceiling` in at least one of the next `within`
    /// months: the share of its error paths with the first `within` months realised whose
    /// forecast path (meanⱼ + e_{t,j}) goes above the ceiling in any of them. NaN when fewer
    /// than `minimumPaths` such paths exist.
    /// - Precondition: 1 ≤ within ≤ months.
    public func probabilityAbove(ceiling: Double, within: Int, series s: Int) -> Double {
        precondition(within >= 1 && within <= months, "within must be 1…\(months)")
        guard !mean[s * months].isNaN else { return .nan }
        var usable = 0, crossed = 0
        for p in paths[s] where !p[0..<within].contains(where: \.isNaN) {
            usable += 1
            if (0..<within).contains(where: { value(error: p[$0], month: $0, series: s) > ceiling }) { crossed += 1 }
        }
        return usable < PathForecast.minimumPaths ? .nan : Double(crossed) / Double(usable)
    }
}

extension SeasonalTrendFit {
    /// Forecasts `months` months ahead (1…60) for every series from its seasonally adjusted
    /// values and its own rolling-origin forecast errors (see `PathForecast`), with `level`
    /// intervals. Skipped series and series with too little history get NaN.
    /// - Throws: `ModelError.invalidArgument` for a horizon or level out of range.
    public func pathForecast(months h: Int, level: Double = PathForecast.level) throws -> PathForecast {
        guard (1...60).contains(h) else { throw ModelError.invalidArgument("forecast horizon must be 1…60 months, got \(h)") }
        guard level > 0, level < 1 else { throw ModelError.invalidArgument("interval level must lie strictly between 0 and 1, got \(level)") }
        let T = periodCount, N = seriesCount, k = parameterCount
        let ext = SeasonalTrendDesign(spec: spec, start: start, fitMonths: T, rows: T + h)
        let seasonal = ext.seasonalColumns
        var mean = [Double](repeating: .nan, count: h * N), lo = mean, hi = mean, point = mean, seasonAhead = mean
        var logScale = [Bool](repeating: false, count: N)
        var leverage = [Double](repeating: 0, count: T * N)
        let factors = try normalEquationFactors()
        for t in 0..<T {
            var v = [Double](repeating: 0, count: k * N)
            for c in 0..<k { let x = design.matrix[t, c]; for s in 0..<N { v[s + c * N] = x } }
            let q = factors.inverseQuadraticForm(v)
            for s in 0..<N where isFitted(s) { leverage[t + s * T] = min(max(weights[t + s * T] * q[s], 0), 0.9) }
        }
        var trends = [DampedTrend?](repeating: nil, count: N)
        var allPaths = [[[Double]]](repeating: [], count: N), sorted = [[[Double]]](repeating: [], count: N)
        for s in 0..<N where isFitted(s) {
            func season(_ t: Int) -> Double {
                var v = 0.0
                for c in seasonal { v += ext.matrix[t, c] * coefficients[s + c * N] }
                return v
            }
            precondition(seasonal.upperBound == k, "seasonal columns end the design")
            var a = (0..<T).map { t -> Double in
                let y = values[t + s * T], h = leverage[t + s * T]
                return y - season(t) + (y - fitted[t + s * T]) * h / (1 - h)
            }
            let positive = a.allSatisfy { $0.isNaN || $0 > 0 }
            if positive { a = a.map { Foundation.log($0) } }
            let model = DampedTrend.estimated(a)
            let states = model.filter(a)
            guard let first = a.firstIndex(where: { !$0.isNaN }), let end = states[T - 1] else { continue }
            var paths: [[Double]] = []
            var byHorizon = [[Double]](repeating: [], count: h)
            var observed = 0
            for t in first..<T {
                if !a[t].isNaN { observed += 1 }
                guard observed > PathForecast.burnIn, t >= T - 1 - PathForecast.errorWindow, let x = states[t], t + 1 < T else { continue }
                var path = [Double](repeating: .nan, count: h)
                for j in 0..<h where t + 1 + j < T && !a[t + 1 + j].isNaN {
                    path[j] = a[t + 1 + j] - model.forecast(from: x, months: j + 1)
                    byHorizon[j].append(path[j])
                }
                paths.append(path)
            }
            let complete = paths.filter { !$0.contains(where: \.isNaN) }.count
            guard complete >= PathForecast.minimumPaths else { continue }
            trends[s] = model
            allPaths[s] = paths
            sorted[s] = byHorizon.map { $0.sorted() }
            logScale[s] = positive
            for j in 0..<h {
                point[j + s * h] = model.forecast(from: end, months: j + 1)
                seasonAhead[j + s * h] = season(T + j)
            }
        }
        let partial = PathForecast(start: start + T, months: h, seriesCount: N, level: level, mean: mean, lower: lo, upper: hi,
                                   point: point, season: seasonAhead, logScale: logScale, trend: trends, paths: allPaths,
                                   sortedErrors: sorted)
        for s in 0..<N where trends[s] != nil {
            for j in 0..<h {
                mean[j + s * h] = partial.value(error: 0, month: j, series: s)
                (lo[j + s * h], hi[j + s * h]) = partial.interval(level: level, month: j, series: s)
            }
        }
        return PathForecast(start: start + T, months: h, seriesCount: N, level: level, mean: mean, lower: lo, upper: hi,
                            point: point, season: seasonAhead, logScale: logScale, trend: trends, paths: allPaths,
                            sortedErrors: sorted)
    }
}
