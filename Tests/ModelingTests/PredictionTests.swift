import Codes
import Modeling
import PanelData
import TestSupport
import XCTest

final class PredictionTests: XCTestCase {
    /// Masking the last three months of a 60-month panel and asking for their predictive
    /// standard errors must give the forecast of the 57-month panel for the same months: the
    /// knots are the same ({24} for both), masked months have weight 0, and the formula
    /// σ·√(1 + x₀ᵀG⁻¹x₀) is the forecast's. The two fits take different paths to the same
    /// M-estimate (the complete panel starts with a modified-residual step, the masked one
    /// cannot), so both are iterated to a tolerance of 1e-10σ; then 1e-9 relative holds
    /// (what is left is GEMM rounding over rows of weight 0).
    func testMaskedMonthsGetTheForecastStandardErrors() throws {
        let T = 60, h = 3, N = 4
        let start = Period(year: 2019, month: 1)
        var state: UInt64 = 3
        func noise() -> Double {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Double(state >> 11) / Double(1 << 53) - 0.5
        }
        var full = [Double](), short = [Double]()
        for s in 0..<N {
            var col = [Double]()
            for t in 0..<T {
                let level: Double = 1000 * Double(s + 1) * (1 + 0.003 * Double(t))
                let season: Double = 1 + 0.05 * sin(Double(t) / 2)
                col.append(level * season + 20 * noise())
            }
            for t in 0..<T { full.append(t >= T - h ? Double.nan : col[t]) }
            short += col.prefix(T - h)
        }
        let keys = (0..<N).map { SeriesKey(region: "430100", sector: "C", signal: "s\($0)") }
        let spec = try SeasonalTrendSpec(tolerance: 1e-10)
        let masked = try spec.fit(Panel(start: start, periodCount: T, keys: keys, values: full))
        let truncated = try spec.fit(Panel(start: start, periodCount: T - h, keys: keys, values: short))
        XCTAssertEqual(masked.design.knots, truncated.design.knots)
        let se = try masked.predictiveStandardErrors(months: Array((T - h)..<T))
        let fc = try truncated.forecast(months: h)
        for s in 0..<N {
            for j in 0..<h {
                assertClose(se[j + s * h], fc.standardError[j + s * h], relativeTolerance: 1e-9)
                assertClose(masked.fitted[(T - h + j) + s * T], fc.mean[j + s * h], relativeTolerance: 1e-9)
            }
        }
    }
}
