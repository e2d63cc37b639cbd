import Codes
import LinearAlgebra

/// Builds the shared design matrix of the plain seasonal-trend model:
/// intercept, linear trend, and month-of-year effects for February…December
/// (January is the base month, so the columns are linearly independent).
///
/// yₜ = β₀ + β₁·t + Σₘ γₘ·[month(t) = m] + εₜ, t = 0, 1, …, T − 1.
public enum PlainSeasonalDesign {
    /// Column names in design order.
    public static let columnNames = ["intercept", "trend"] + (2...12).map { "month_\($0)" }

    /// The T × 13 design for the months `start`, `start + 1`, …
    public static func matrix(start: Period, count: Int) -> Matrix {
        var x = Matrix(rows: count, cols: columnNames.count)
        for t in 0..<count {
            x[t, 0] = 1
            x[t, 1] = Double(t)
            let m = (start + t).month
            if m >= 2 { x[t, m] = 1 }
        }
        return x
    }
}
