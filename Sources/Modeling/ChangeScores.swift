import Codes
import LinearAlgebra

/// Level-shift, slope-change and drift scores of every series of a `SeasonalTrendFit`,
/// with the month each change began, from one likelihood-ratio scan over all series.
///
/// Method. Let X₀ be the design without its knot columns (intercept, straight trend,
/// months, festival) and M₀ = I − X₀(X₀ᵀX₀)⁻¹X₀ᵀ. For a candidate change regressor s_τ —
/// a step [t ≥ τ] or a ramp (t − τ + 1)₊ — the Gaussian likelihood-ratio (score) statistic
/// against the straight-trend baseline is
///
///   Z_τ = a_τᵀ u / ‖a_τ‖,   a_τ = M₀ s_τ,
///
/// N(0, 1) under no change (Frisch–Waugh–Lovell). Because a_τ ⟂ X₀ it does not depend on
/// the baseline coefficients, so every series uses the same a_τ. The data u are the fit's residuals in σ̂ units with the fitted knot
/// contribution added back (so a kink the trend absorbed still counts), each residual
/// limited to ±`clip` around its 3-month running median (so an isolated spike cannot pose
/// as a change, while steps and ramps pass unchanged); missing months are 0.
/// With ũ = M₀u (two thin GEMMs per block of series), a step's a_τᵀu is the tail sum
/// Σ_{t≥τ} ũ_t and a ramp's the tail sum of those tail sums, so every candidate of a series
/// comes from one backward pass over its months.
/// The change is the kind and start τ with the largest |Z_τ| over τ, if above threshold;
/// ramps starting within the last `driftWindow` months are `drift`, earlier ones `slope_change`.
/// (Reference: the sup-Wald / CUSUM-type scan of Andrews 1993 and Page 1954, here with
/// robust standardisation.)
public struct ChangeScores: Sendable {
    /// One detected change.
    public struct Change: Sendable, Equatable {
        public let series: Int
        public let kind: AnomalyKind
        /// Month offset of the first changed month, and that month.
        public let start: Int
        public let period: Period
        /// Signed scan statistic Z_τ (negative = downward).
        public let statistic: Double
        /// Estimated size in the series' units: the step for a level shift, the change
        /// of slope per month for a slope change or drift.
        public let magnitude: Double
    }

    public let spec: ChangeScanSpec
    public let seriesCount: Int
    /// Per series: largest |Z| among level-shift candidates (signed), and its start (-1 if none).
    public let levelStatistic: [Double]
    public let levelStart: [Int]
    /// Per series: largest |Z| among ramps starting before the drift window (signed), and start.
    public let slopeStatistic: [Double]
    public let slopeStart: [Int]
    /// Recent-drift score: largest |Z| among ramps starting within the last `driftWindow`
    /// months (signed), and start.
    public let driftStatistic: [Double]
    public let driftStart: [Int]
    /// The change reported for each series (nil when no score exceeds the threshold).
    public let changes: [Change?]
    /// The fit's z (shared storage) and, for the series with a change, their z after the
    /// change is fitted out (T values each).
    let z: [Double]
    let periodCount: Int
    let adjusted: [Int: [Double]]

    /// Robust z of month `t` of series `s` after the detected change is fitted out (the
    /// fit's z for series without a change; NaN where missing): a month is a spike only if
    /// it stands out from both.
    public func adjustedZ(month t: Int, series s: Int) -> Double {
        adjusted[s]?[t] ?? z[t + s * periodCount]
    }
}
