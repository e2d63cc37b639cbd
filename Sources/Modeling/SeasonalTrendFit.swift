import Codes
import LinearAlgebra
import PanelData

/// Every series of a panel fitted with one `SeasonalTrendSpec`: expected values, robust
/// residual scale and z-scores, coefficients, and the per-series normal-equation factors
/// that forecasts need. Produced by `SeasonalTrendSpec.fit(_:)`; a value, never mutated.
///
/// Layouts: per-point arrays are T × N column-major (`[t + s·T]`, like `Panel.values`);
/// coefficients are N × k (`[s + j·N]`, series fastest, the layout of the batched solves).
public struct SeasonalTrendFit: Sendable {
    /// A series that was not fitted, and why.
    public struct Skipped: Sendable, Equatable {
        public let series: Int
        public let observed: Int
        public let reason: String
    }

    public let spec: SeasonalTrendSpec
    public let design: SeasonalTrendDesign
    public let start: Period
    public let periodCount: Int
    public let seriesCount: Int
    /// The panel's values (NaN = missing), kept for scores and forecasts (shared storage, no copy).
    public let values: [Double]
    /// Expected values X·β̂ for every month, missing ones included; NaN for skipped series.
    public let fitted: [Double]
    /// Final IRLS weights (0 for missing months).
    public let weights: [Double]
    /// Residual scale σ̂ per series: for `.leastSquares` √((Σr² + λΣκ²)/(n + m − k)) with m
    /// knots (the penalty rows count as observations, as in OLS on the augmented design);
    /// for robust losses median|r|/0.6745 (statsmodels `RLM`'s MAD about zero). NaN if skipped.
    public let scale: [Double]
    /// The scale z-scores are measured in: for least squares σ̂ itself; for robust losses
    /// Huber's proposal-2 scale of the final residuals (winsorised at 2.5σ, divided by the
    /// residual degrees of freedom n + m − k), far less noisy than the MAD. NaN if skipped.
    public let zScale: [Double]
    /// Robust z-score of every observed point, zₜ = rₜ / zScale; NaN for missing months and
    /// skipped series.
    public let z: [Double]
    /// Coefficients, N × k, `[s + j·N]`; NaN for skipped series.
    public let coefficients: [Double]
    /// Observed months per series.
    public let observedCount: [Int]
    /// IRLS iterations each series used (1 for least squares).
    public let iterations: [Int]
    /// Series that reached `maxIterations` without meeting the tolerance (their last iterate is kept).
    public let notConverged: [Int]
    public let skipped: [Skipped]
    /// The design's distinct pairwise products, for the per-series normal equations.
    let pairs: SeasonalTrendDesign.PairwiseProducts

    /// Cholesky factors of XᵀW_sX + Λ at the final IRLS weights, for parameter uncertainty:
    /// one Gram GEMM and one batched factorisation, done when a forecast asks, not by every fit.
    func normalEquationFactors() throws -> BatchedCholesky {
        let gram = try Matrix.multiply(Matrix(rows: periodCount, cols: seriesCount, columnMajor: weights), .transpose,
                                       pairs.matrix, .none)
        return BatchedCholesky(packedLower: SeasonalTrendDesign.expand(gram, pairs.source), order: parameterCount,
                               count: seriesCount, diagonalShift: design.penalty, dependentColumns: .drop)
    }

    public var parameterCount: Int { design.parameterCount }

    /// Coefficient `j` (in `design.columnNames` order) of series `s`.
    public func coefficient(_ j: Int, series s: Int) -> Double { coefficients[s + j * seriesCount] }

    /// Residual degrees of freedom n + m − k (observations plus penalty rows minus parameters).
    public func residualDegreesOfFreedom(series s: Int) -> Int {
        observedCount[s] + design.knots.count - parameterCount
    }

    /// Whether series `s` was fitted.
    public func isFitted(_ s: Int) -> Bool { !scale[s].isNaN }
}
