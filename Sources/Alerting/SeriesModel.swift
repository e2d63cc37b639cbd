import Codes
import Foundation
import Modeling
import PanelData

/// Expected values, intervals, robust z-scores and forecasts for the series the rules
/// watch, from `Modeling`'s seasonal-trend model (Huber IRLS, trend knots every 24 months,
/// month-of-year and Spring Festival terms), fitted for all of them at once.
///
/// expected(t) = fitted(t); z(t) is the residual over the fit's robust scale (with the
/// degrees-of-freedom factor), floored as `scale(_:_:)` says; the interval is expected ± 1.96·zScale (nominal 95% for
/// one month's observation, parameter uncertainty left out: with ≥ 24 months and 19
/// parameters it adds little inside the sample). Forecasts come with the fit's own
/// prediction intervals, parameter uncertainty included.
struct SeriesModel {
    let panel: Panel
    let fit: SeasonalTrendFit?
    let forecast: Forecast?
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

    /// 95% two-sided normal quantile.
    static let z95 = 1.959963984540054

    /// - Parameter horizon: months to forecast (0 for none).
    init(panel: Panel, horizon: Int) throws {
        self.panel = panel
        let spec = SeasonalTrendSpec.standard
        let k = SeasonalTrendDesign(spec: spec, start: panel.start, fitMonths: max(panel.periodCount, 1)).parameterCount
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
        guard panel.seriesCount > 0, panel.periodCount > k, panel.periodCount >= spec.minimumObserved else {
            fit = nil; forecast = nil
            return
        }
        let f = try spec.fit(panel)
        fit = f
        forecast = horizon > 0 ? try f.forecast(months: horizon) : nil
    }

    func isFitted(_ s: Int) -> Bool { fit?.isFitted(s) ?? false }

    func expected(_ t: Int, _ s: Int) -> Double { fit!.fitted[t + s * panel.periodCount] }

    /// The scale month t of series s is judged in: the fit's robust z scale, floored.
    func scale(_ t: Int, _ s: Int) -> Double {
        var sc = max(fit!.zScale[s], relativeFloor[s])
        if isCount[s] { sc = max(sc, max(expected(t, s), 1).squareRoot()) }
        return sc > 0 ? sc : 1
    }

    /// Robust z of month t: (y − expected) / scale.
    func z(_ t: Int, _ s: Int) -> Double {
        let y = panel[t, s]
        return y.isNaN ? .nan : (y - expected(t, s)) / scale(t, s)
    }

    func interval(_ t: Int, _ s: Int) -> (Double, Double) {
        let e = expected(t, s), w = SeriesModel.z95 * scale(t, s)
        return (e - w, e + w)
    }
}
