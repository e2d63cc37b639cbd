/// The loss an M-estimator minimises, as the weight function of its IRLS iterations.
public enum RobustLoss: Sendable, Equatable {
    /// Ordinary (ridge-penalised) least squares: one weighted solve, weights 1.
    case leastSquares
    /// Huber's loss: w(u) = 1 for |u| ≤ c, c/|u| beyond. c = 1.345 gives 95% efficiency
    /// at the normal distribution (Huber 1981; statsmodels `HuberT` default).
    case huber(tuning: Double)
    /// Tukey's bisquare: w(u) = (1 − (u/c)²)² for |u| < c, 0 beyond; c = 4.685 gives 95%
    /// efficiency at the normal (statsmodels `TukeyBiweight` default). Redescending, so a
    /// gross outlier gets no weight at all, but the fit may depend on the starting point:
    /// it starts from the converged Huber fit (c = 1.345).
    case bisquare(tuning: Double)

    public static let huber = RobustLoss.huber(tuning: 1.345)
    public static let bisquare = RobustLoss.bisquare(tuning: 4.685)

    /// IRLS weight ψ(u)/u of a standardised residual u.
    @inlinable
    public func weight(_ u: Double) -> Double {
        switch self {
        case .leastSquares: return 1
        case let .huber(c):
            let a = abs(u)
            return a <= c ? 1 : c / a
        case let .bisquare(c):
            let a = abs(u)
            if a >= c { return 0 }
            let v = 1 - (u / c) * (u / c)
            return v * v
        }
    }
}

/// The Spring Festival window whose share in each month becomes two regressors:
/// the `daysBefore` days up to the festival (migrants leaving, hiring pausing) and the
/// `daysAfter` days from it (return to work). Defaults 20 and 30 days cover the 40-day
/// Chunyun travel season the railways plan for.
public struct SpringFestivalWindow: Sendable, Equatable {
    public let daysBefore: Int
    public let daysAfter: Int
    public init(daysBefore: Int = 20, daysAfter: Int = 30) {
        self.daysBefore = daysBefore; self.daysAfter = daysAfter
    }
}

/// Specification of the seasonal-trend model shared by every series of a panel:
///
/// yₜ = β₀ + β₁·t/12 + Σⱼ κⱼ·(t − τⱼ)₊/12 + Σₘ γₘ·[month(t) = m] + φ₁·SFbefore(t) + φ₂·SFafter(t) + εₜ
///
/// with knot slopes κⱼ penalised by λ·Σκⱼ² (ridge), fitted by IRLS under `loss`.
/// The trend is in years so that every column of the design is of order 1–10, which
/// keeps the normal equations of the batched solves well conditioned.
///
/// Validated on construction; `fit(_:)` returns a new `SeasonalTrendFit` and never
/// changes the specification.
public struct SeasonalTrendSpec: Sendable, Equatable {
    public let loss: RobustLoss
    /// Months between trend knots (first knot at this month, last at least this many
    /// months before the end), or `nil` for a straight trend. Default 24: a trend may bend
    /// every two years (a business cycle), while changes within two years are left in the
    /// residuals where the change scores can see them.
    public let knotSpacing: Int?
    /// Ridge penalty λ on the knot slopes, in year² (the prior standard deviation of a
    /// slope change is σ/√λ per year). Default 10: a kink with four or more years of data
    /// after it is shrunk by a few percent, one fitted to two years of noise by about a quarter.
    public let knotPenalty: Double
    /// Spring Festival regressors, or `nil` to leave them out.
    public let springFestival: SpringFestivalWindow?
    /// Maximum IRLS iterations (default 50, statsmodels' `RLM` default).
    public let maxIterations: Int
    /// Iteration stops for a series when no fitted value moves by more than this times its
    /// residual scale. Default 1e-2: a z-score then sits within 0.01 of its value at the
    /// exact fixed point, far finer than any threshold it is compared with. Use 1e-10 to
    /// match statsmodels to many digits.
    public let tolerance: Double
    /// Iterations in which the residual scale is re-estimated (MAD about zero); after them it
    /// is held. `nil` (the default) re-estimates it every iteration, as statsmodels' `RLM`
    /// does, so the fixed point is RLM's; holding it saves a median per series and iteration
    /// but leaves the scale of the early, outlier-influenced fits.
    public let scaleUpdates: Int?
    /// Series with fewer observed months are skipped (default 24: two of every calendar month).
    public let minimumObserved: Int

    /// - Throws: `ModelError.invalidSpecification` naming the parameter out of range.
    public init(loss: RobustLoss = .huber, knotSpacing: Int? = 24, knotPenalty: Double = 10,
                springFestival: SpringFestivalWindow? = SpringFestivalWindow(),
                maxIterations: Int = 50, tolerance: Double = 1e-2, scaleUpdates: Int? = nil,
                minimumObserved: Int = 24) throws {
        func bad(_ p: String, _ v: Any, _ e: String) -> ModelError {
            .invalidSpecification(parameter: p, value: "\(v)", expected: e)
        }
        switch loss {
        case .leastSquares: break
        case let .huber(c), let .bisquare(c):
            guard c > 0, c.isFinite else { throw bad("loss tuning constant", c, "a positive number") }
        }
        if let s = knotSpacing, s < 6 { throw bad("knotSpacing", s, "at least 6 months (or none)") }
        guard knotPenalty >= 0, knotPenalty.isFinite else { throw bad("knotPenalty", knotPenalty, "a finite number ≥ 0") }
        if knotSpacing != nil && knotPenalty == 0 {
            // Unpenalised knots fit noise: exactly what the penalty is there to prevent.
            throw bad("knotPenalty", knotPenalty, "a positive number when knots are used")
        }
        if let w = springFestival {
            guard w.daysBefore > 0, w.daysAfter > 0, w.daysBefore <= 60, w.daysAfter <= 60 else {
                throw bad("springFestival", "\(w.daysBefore)/\(w.daysAfter) days", "windows of 1…60 days")
            }
        }
        guard maxIterations >= 1 else { throw bad("maxIterations", maxIterations, "at least 1") }
        guard tolerance > 0, tolerance.isFinite else { throw bad("tolerance", tolerance, "a positive number") }
        if let u = scaleUpdates, u < 1 { throw bad("scaleUpdates", u, "at least 1 (or nil for every iteration)") }
        guard minimumObserved >= 13 else { throw bad("minimumObserved", minimumObserved, "at least 13 months") }
        self.loss = loss
        self.knotSpacing = knotSpacing
        self.knotPenalty = knotPenalty
        self.springFestival = springFestival
        self.maxIterations = maxIterations
        self.tolerance = tolerance
        self.scaleUpdates = scaleUpdates
        self.minimumObserved = minimumObserved
    }

    /// The default: Huber fit (Newton steps, IRLS fallback), knots every 24 months with λ = 10, Spring Festival 20/30 days.
    public static let standard = try! SeasonalTrendSpec()
}
