import Codes
import Foundation

/// Forecasts h = 1…H months past the end of the fitted panel, with prediction intervals.
/// Produced by `SeasonalTrendFit.forecast(months:level:residuals:)`.
///
/// For series s and horizon j with design row x₀ (trend and knots continued, season,
/// Spring Festival):
///
///   ŷ = x₀ᵀβ̂_s,   se² = σ²·(1 + x₀ᵀ(XᵀW_sX + Λ)⁻¹x₀),   ŷ ± t_{ν, (1+level)/2}·se,
///
/// ν = n + m − k. For least squares this is exactly statsmodels' OLS `get_prediction`
/// observation interval on the design augmented with the penalty rows. For robust fits σ
/// is the robust z scale and W_s the final IRLS weights — the same formula with robust
/// ingredients, an approximation to the M-estimator's sandwich covariance that differs by
/// a factor close to 1 at the normal.
///
/// With `.autoregressive` residuals (the default) the series' own persistence is added: a
/// rate that has run below its trend line for months is not expected to jump back onto it.
/// φ_s is the lag-1 autocorrelation of the series' residuals (each limited to ±2.5σ so that
/// a spike does not set it; consecutive observed months; clamped to [0, 0.95]), and with
/// r_T the last observed residual (limited likewise) d months before month j:
///
///   ŷ = x₀ᵀβ̂_s + φ^d·r_T,   se² = σ²·(1 − φ^{2d} + x₀ᵀ(XᵀW_sX + Λ)⁻¹x₀),
///
/// the AR(1) forecast of the residual and its error variance σ²(1 − φ^{2d}) for a
/// stationary AR(1) of marginal variance σ² (Box & Jenkins; Hamilton 1994, §4.2). φ = 0
/// gives the independent forecast above.
/// Layout: `[j + s·months]` (horizon fastest), j = 0 for one month ahead.
public struct Forecast: Sendable {
    /// How forecast errors are modelled beyond the fitted trend and season.
    public enum Trend: Sendable, Equatable {
        /// The trend's last slope carried on.
        case linear
        /// The slope damped by ψ ∈ (0, 1) a month: d months out the trend has moved
        /// Σᵢ₌₁ᵈ ψⁱ months' worth, at most ψ/(1 − ψ).
        case damped(Double)
    }

    public enum Residuals: Sendable, Equatable {
        /// Independent months: the trend and season alone (statsmodels OLS `get_prediction`).
        case independent
        /// A first-order autoregression of the residuals, estimated per series (see above).
        case autoregressive
    }
    /// First forecast month.
    public let start: Period
    public let months: Int
    public let seriesCount: Int
    /// Coverage of the intervals (e.g. 0.95).
    public let level: Double
    public let mean: [Double]
    /// Predictive standard error (residual and parameter uncertainty).
    public let standardError: [Double]
    public let lower: [Double]
    public let upper: [Double]
    /// Student t degrees of freedom per series.
    public let degreesOfFreedom: [Int]
    /// Residual persistence φ per series (0 for `.independent`; NaN for skipped series).
    public let persistence: [Double]
    /// σ·√(x₀ᵀ(XᵀW_sX + Λ)⁻¹x₀), the parameter part of `standardError`, `[j + s·months]`.
    public let parameterError: [Double]
    /// The residual scale σ per series.
    public let residualScale: [Double]

    /// The `level` prediction interval of forecast month j (0-based) of series s:
    /// mean ± t_{ν,(1+level)/2}·se, the interval `lower`/`upper` give at the forecast's own
    /// level (NaN for a skipped series). The backtest checks these for calibration.
    public func interval(level: Double, month j: Int, series s: Int) -> (lower: Double, upper: Double) {
        let m = mean[j + s * months], se = standardError[j + s * months]
        guard !m.isNaN, !se.isNaN, level > 0, level < 1 else { return (.nan, .nan) }
        let q = Distributions.studentTQuantile((1 + level) / 2, degreesOfFreedom: Double(max(degreesOfFreedom[s], 1)))
        return (m - q * se, m + q * se)
    }

    /// P(y > ceiling) in forecast month j (0-based) of series s.
    public func probabilityAbove(ceiling: Double, month j: Int, series s: Int) -> Double {
        let m = mean[j + s * months], se = standardError[j + s * months]
        if m.isNaN || se.isNaN { return .nan }
        if !(se > 0) { return m > ceiling ? 1 : 0 }
        return 1 - Distributions.studentTCDF((ceiling - m) / se, degreesOfFreedom: Double(degreesOfFreedom[s]))
    }

    /// Probability that series s exceeds `ceiling` in at least one of the next `within`
    /// months: a question about a path, answered from `paths` simulated paths (SKILL.md §5),
    /// not by multiplying independent months.
    ///
    /// Path i: yⱼ = meanⱼ + parameterErrorⱼ·ζᵢ + eᵢⱼ, with one ζᵢ ~ N(0, 1) for the whole path
    /// (the error in the fitted trend and season is the same in every month of it) and eᵢⱼ
    /// the residual's AR(1) continuation, eⱼ = φ·eⱼ₋₁ + σ√(1 − φ²)·εⱼ from e = 0 (the carry
    /// of the last residual is already in meanⱼ), so months close together err together.
    /// Normal errors; a fixed seed makes the answer reproducible. Standard error of the
    /// estimate √(p(1 − p)/paths) ≤ 0.005 at the default 10,000 paths.
    /// - Precondition: 1 ≤ within ≤ months.
    public func probabilityAbove(ceiling: Double, within: Int, series s: Int, paths: Int = 10_000) -> Double {
        precondition(within >= 1 && within <= months, "within must be 1…\(months)")
        let phi = persistence[s], sigma = residualScale[s]
        for j in 0..<within where mean[j + s * months].isNaN || parameterError[j + s * months].isNaN { return .nan }
        if phi.isNaN || sigma.isNaN { return .nan }
        var rng = PathRandom(seed: 0x5EED_F0CA_57 &+ UInt64(s))
        let innovation = sigma * (1 - phi * phi).squareRoot()
        var crossed = 0
        for _ in 0..<paths {
            let zeta = rng.normal()
            var e = 0.0
            for j in 0..<within {
                e = phi * e + innovation * rng.normal()
                if mean[j + s * months] + parameterError[j + s * months] * zeta + e > ceiling { crossed += 1; break }
            }
        }
        return Double(crossed) / Double(paths)
    }

    /// `probabilityAbove(ceiling:within:series:)` for every series.
    public func probabilityAbove(ceiling: Double, within: Int) -> [Double] {
        (0..<seriesCount).map { probabilityAbove(ceiling: ceiling, within: within, series: $0) }
    }
}

extension SeasonalTrendFit {
    /// Forecasts `months` months ahead (1…60) for every series, with `level` intervals.
    /// Skipped series get NaN. Spring Festival regressors past 2030 are 0 (no dates known).
    /// - Throws: `ModelError.invalidArgument` for a horizon or level out of range.
    ///   - trend: `.linear` carries the last slope on (statsmodels' `get_prediction`, which
    ///     the reference tests use); `.damped(ψ)` lets it fade, Σᵢ₌₁ᵈ ψⁱ months of it d months
    ///     out (Gardner & McKenzie 1985), so a trend fitted through a hump does not carry the
    ///     hump forward.
    public func forecast(months h: Int, level: Double = 0.95,
                         residuals: Forecast.Residuals = .autoregressive,
                         trend: Forecast.Trend = .linear) throws -> Forecast {
        guard (1...60).contains(h) else { throw ModelError.invalidArgument("forecast horizon must be 1…60 months, got \(h)") }
        guard level > 0, level < 1 else { throw ModelError.invalidArgument("interval level must lie strictly between 0 and 1, got \(level)") }
        let T = periodCount, N = seriesCount, k = parameterCount
        let ext = SeasonalTrendDesign(spec: spec, start: start, fitMonths: T, rows: T + h)
        var mean = [Double](repeating: .nan, count: h * N), se = mean, lo = mean, hi = mean
        var df = [Int](repeating: 0, count: N)
        let factors = try normalEquationFactors()
        var quantile: [Int: Double] = [:]   // one t quantile per distinct ν, not per series
        for s in 0..<N where isFitted(s) {
            df[s] = max(residualDegreesOfFreedom(series: s), 1)
            if quantile[df[s]] == nil {
                quantile[df[s]] = Distributions.studentTQuantile((1 + level) / 2, degreesOfFreedom: Double(df[s]))
            }
        }
        // Per series: φ, the last observed residual (limited) and how many months before
        // the end it lies.
        var phi = [Double](repeating: .nan, count: N), last = [Double](repeating: 0, count: N)
        var lastAge = [Int](repeating: 0, count: N)
        for s in 0..<N where isFitted(s) {
            phi[s] = 0
            guard residuals == .autoregressive else { continue }
            let bound = 2.5 * zScale[s]
            func r(_ t: Int) -> Double {
                let v = values[t + s * T] - fitted[t + s * T]
                return v.isNaN ? .nan : min(max(v, -bound), bound)
            }
            var num = 0.0, den = 0.0
            for t in 1..<T {
                let a = r(t - 1), b = r(t)
                if a.isNaN || b.isNaN { continue }
                num += a * b; den += a * a
            }
            if den > 0 { phi[s] = min(max(num / den, 0), 0.95) }
            if let tl = (0..<T).last(where: { !r($0).isNaN }) { last[s] = r(tl); lastAge[s] = T - 1 - tl }
        }
        var parameterError = [Double](repeating: .nan, count: h * N)
        let trendColumns = [1] + Array(ext.knotColumns)
        for j in 0..<h {
            var row = (0..<k).map { ext.matrix[T + j, $0] }
            if case let .damped(psi) = trend {
                // Trend and knot hinges at the last fitted month plus their damped increments.
                let damped = (1...(j + 1)).reduce(0.0) { $0 + Foundation.pow(psi, Double($1)) }
                for c in trendColumns {
                    let atEnd = ext.matrix[T - 1, c], slope = ext.matrix[T, c] - atEnd
                    row[c] = atEnd + slope * damped
                }
            }
            // x₀ for every series in the batched layout, then x₀ᵀG_s⁻¹x₀ for all at once.
            var v = [Double](repeating: 0, count: k * N)
            for c in 0..<k { for s in 0..<N { v[s + c * N] = row[c] } }
            let q = factors.inverseQuadraticForm(v)
            for s in 0..<N where isFitted(s) {
                var m = 0.0
                for c in 0..<k { m += row[c] * coefficients[s + c * N] }
                let sigma = zScale[s]
                let carry = Foundation.pow(phi[s], Double(lastAge[s] + j + 1))   // φ^d
                m += carry * last[s]
                let e = sigma * (1 - carry * carry + q[s]).squareRoot()
                parameterError[j + s * h] = sigma * max(q[s], 0).squareRoot()
                let tq = quantile[df[s]]!
                mean[j + s * h] = m; se[j + s * h] = e
                lo[j + s * h] = m - tq * e; hi[j + s * h] = m + tq * e
            }
        }
        return Forecast(start: start + T, months: h, seriesCount: N, level: level, mean: mean,
                        standardError: se, lower: lo, upper: hi, degreesOfFreedom: df, persistence: phi,
                        parameterError: parameterError, residualScale: zScale)
    }
}

/// xorshift64* with Box–Muller normals: the path simulation's reproducible random numbers.
struct PathRandom {
    private var state: UInt64
    private var spare: Double?
    init(seed: UInt64) { state = seed | 1 }
    mutating func uniform() -> Double {
        state ^= state >> 12; state ^= state << 25; state ^= state >> 27
        return Double((state &* 0x2545F4914F6CDD1D) >> 11) / Double(1 << 53)
    }
    mutating func normal() -> Double {
        if let v = spare { spare = nil; return v }
        let u1 = max(uniform(), 1e-300), u2 = uniform()
        let r = (-2 * Foundation.log(u1)).squareRoot()
        spare = r * Foundation.sin(2 * .pi * u2)
        return r * Foundation.cos(2 * .pi * u2)
    }
}
