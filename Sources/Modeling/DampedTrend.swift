import Foundation

/// Additive damped-trend exponential smoothing (Gardner & McKenzie 1985; Hyndman &
/// Athanasopoulos, *Forecasting: Principles and Practice*, §8.2), the forecaster of
/// `PathForecast`. With level ℓ, slope b and the state before month t:
///
///   ŷₜ = ℓ + φb,
///   ℓ′ = α·yₜ + (1 − α)(ℓ + φb),
///   b′ = β·(ℓ′ − ℓ) + (1 − β)·φb,
///   ŷ_{t+h | t} = ℓ′ + (φ + φ² + … + φʰ)·b′,
///
/// statsmodels' `ExponentialSmoothing(trend="add", damped_trend=True)` with
/// `smoothing_level` α, `smoothing_trend` β and `damping_trend` φ. A missing month (NaN)
/// moves the state on without an update (ℓ′ = ℓ + φb, b′ = φb). The level follows the latest
/// months, and the slope fades by φ a month, so a forecast starts from where the series is
/// now and a past hump is not carried on: d months out the slope has added at most
/// φ/(1 − φ) months of itself.
public struct DampedTrend: Sendable, Equatable {
    public let alpha: Double
    public let beta: Double
    public let phi: Double

    /// - Precondition: 0 < α ≤ 1, 0 ≤ β ≤ 1, 0 < φ ≤ 1.
    public init(alpha: Double, beta: Double, phi: Double) {
        precondition(alpha > 0 && alpha <= 1 && beta >= 0 && beta <= 1 && phi > 0 && phi <= 1,
                     "damped trend needs 0 < alpha <= 1, 0 <= beta <= 1, 0 < phi <= 1")
        self.alpha = alpha; self.beta = beta; self.phi = phi
    }

    /// The smoothing state after each month.
    public struct State: Sendable, Equatable {
        public var level: Double
        public var slope: Double
        public init(level: Double, slope: Double) { self.level = level; self.slope = slope }
    }

    /// Σᵢ₌₁ʰ φⁱ: how many months of the slope the forecast h months out adds.
    public func dampedSteps(_ h: Int) -> Double {
        var s = 0.0, p = 1.0
        for _ in 0..<h { p *= phi; s += p }
        return s
    }

    /// The forecast h ≥ 1 months after a state.
    public func forecast(from x: State, months h: Int) -> Double { x.level + dampedSteps(h) * x.slope }

    /// One month's update (NaN: no observation).
    public func update(_ x: State, with y: Double) -> State {
        let predicted = x.level + phi * x.slope
        guard !y.isNaN else { return State(level: predicted, slope: phi * x.slope) }
        let level = alpha * y + (1 - alpha) * predicted
        return State(level: level, slope: beta * (level - x.level) + (1 - beta) * phi * x.slope)
    }

    /// The states after every month of `y` from the first observed month on, which sets the
    /// level (slope 0): `states[t]` is the state after month t, nil before the first
    /// observation.
    public func filter(_ y: [Double]) -> [State?] {
        var out = [State?](repeating: nil, count: y.count)
        guard let first = y.firstIndex(where: { !$0.isNaN }) else { return out }
        var x = State(level: y[first], slope: 0)
        out[first] = x
        for t in (first + 1)..<max(y.count, first + 1) { x = update(x, with: y[t]); out[t] = x }
        return out
    }

    /// Sum of squared one-month-ahead errors over the observed months after the first.
    public func oneStepSquaredError(_ y: [Double]) -> Double {
        guard let first = y.firstIndex(where: { !$0.isNaN }) else { return 0 }
        var x = State(level: y[first], slope: 0), sse = 0.0
        for t in (first + 1)..<max(y.count, first + 1) {
            if !y[t].isNaN { let e = y[t] - (x.level + phi * x.slope); sse += e * e }
            x = update(x, with: y[t])
        }
        return sse
    }

    /// The grid the parameters are chosen from: α 0.1 … 1 by 0.1, β ∈ {0, 0.05, 0.1, 0.2,
    /// 0.3} (at most α, as ETS requires), φ ∈ {0.8, 0.85, 0.9, 0.95, 0.98} (Hyndman's
    /// `forecast` package bounds φ to [0.8, 0.98]: below, the slope is gone in a few months;
    /// above, it is hardly damped).
    public static let grid: [DampedTrend] = {
        var g: [DampedTrend] = []
        for a in 1...10 { for b in [0, 0.05, 0.1, 0.2, 0.3] where b <= Double(a) / 10 {
            for p in [0.8, 0.85, 0.9, 0.95, 0.98] { g.append(DampedTrend(alpha: Double(a) / 10, beta: b, phi: p)) }
        } }
        return g
    }()

    /// The grid point with the least one-month squared error on `y`, the least-squares
    /// (Gaussian likelihood) criterion of ETS estimation; ties go to the earlier grid point.
    public static func estimated(_ y: [Double]) -> DampedTrend {
        var best = grid[0], bestSSE = Double.infinity
        for g in grid {
            let sse = g.oneStepSquaredError(y)
            if sse < bestSSE { best = g; bestSSE = sse }
        }
        return best
    }
}
