import Codes
import Foundation
import Modeling
import PanelData

/// Expected values, intervals, robust z-scores and short forecasts for the series the
/// rules watch, from the seasonal-trend fit of `Modeling`, computed for all of them at once.
///
/// Two passes: the plain least-squares fit, then the same fit without the months whose
/// robust z exceeded 3.5 in the first (outlier rejection, so that a recent drop does not
/// pull the trend towards itself and hide its own size).
///
/// expected(t) = fitted(t) + median(r), σ = 1.4826·MAD(r) over the observed residuals r,
/// interval = expected ± 1.96σ (nominal 95% for Gaussian noise), z(t) = (y(t) − expected(t)) / σ.
/// Forecasts extend the fitted trend and season: mean = design(T + h)·β + median(r), with
/// standard deviation σ (residual noise only; the parameter uncertainty of a
/// 13-parameter fit on ≥ 24 months adds under 30% to it and is left out).
struct SeriesModel {
    let panel: Panel
    /// Fitted values T × N and coefficients 13 × N, column-major (NaN where not fitted).
    let fitted: [Double]
    let coefficients: [Double]
    let median: [Double]
    let scale: [Double]

    /// 95% two-sided normal quantile.
    static let z95 = 1.959963984540054

    init(panel: Panel) throws {
        self.panel = panel
        let T = panel.periodCount
        if panel.seriesCount == 0 || T < PlainSeasonalFit.defaultMinimumObserved {
            fitted = Array(repeating: .nan, count: T * panel.seriesCount)
            coefficients = Array(repeating: .nan, count: PlainSeasonalDesign.columnNames.count * panel.seriesCount)
            median = Array(repeating: .nan, count: panel.seriesCount)
            scale = median
            return
        }
        // Pass 1 on everything; pass 2 without the months pass 1 called outliers, so that a
        // recent shift does not bend the trend it is judged against.
        let first = try PlainSeasonalFit.fit(panel)
        var masked = panel
        for i in masked.values.indices where abs(first.z[i]) > SeriesModel.outlierZ { masked.values[i] = .nan }
        let second = try PlainSeasonalFit.fit(masked)
        var fitted = second.fitted, coefficients = second.coefficients
        let k = PlainSeasonalDesign.columnNames.count
        for s in 0..<panel.seriesCount where fitted[s * T].isNaN && !first.fitted[s * T].isNaN {
            for t in 0..<T { fitted[t + s * T] = first.fitted[t + s * T] }
            for j in 0..<k { coefficients[j + s * k] = first.coefficients[j + s * k] }
            for t in 0..<T { masked[t, s] = panel[t, s] }
        }
        self.fitted = fitted
        self.coefficients = coefficients
        var med = [Double](repeating: .nan, count: panel.seriesCount), sc = med
        for s in 0..<panel.seriesCount where !fitted[s * T].isNaN {
            let r = (0..<T).map { masked[$0, s] - fitted[$0 + s * T] }
            if let m = RobustScale.medianAndMAD(r) {
                med[s] = m.median
                sc[s] = max(RobustScale.madToSigma * m.mad, 1e-9 * max(1, abs(fitted[s * T + T / 2])))
            }
        }
        median = med; scale = sc
    }

    /// Months with |z| above this in the first pass are left out of the second.
    static let outlierZ = 3.5

    func isFitted(_ s: Int) -> Bool { s < median.count && !median[s].isNaN }

    func expected(_ t: Int, _ s: Int) -> Double { fitted[t + s * panel.periodCount] + median[s] }

    func z(_ t: Int, _ s: Int) -> Double {
        let y = panel[t, s]
        return y.isNaN ? .nan : (y - expected(t, s)) / scale[s]
    }

    func interval(_ t: Int, _ s: Int) -> (Double, Double) {
        let e = expected(t, s)
        return (e - SeriesModel.z95 * scale[s], e + SeriesModel.z95 * scale[s])
    }

    /// Means of the next `h` months after the panel's last month.
    func forecast(_ s: Int, horizon h: Int) -> [Double] {
        let T = panel.periodCount
        let x = PlainSeasonalDesign.matrix(start: panel.start, count: T + h)
        let k = x.cols
        return (0..<h).map { j in
            var m = median[s]
            for c in 0..<k { m += x[T + j, c] * coefficients[c + s * k] }
            return m
        }
    }

    /// Standard normal CDF.
    static func phi(_ x: Double) -> Double { 0.5 * erfc(-x / 2.squareRoot()) }
}
