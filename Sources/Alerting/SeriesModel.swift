import Codes
import Foundation
import Modeling
import PanelData

/// Expected values, intervals, robust z-scores and forecasts for the series the rules
/// watch, from `Modeling`'s seasonal-trend model (Huber IRLS, trend knots every 24 months,
/// month-of-year and Spring Festival terms), fitted for all of them at once.
///
/// expected(t) = fitted(t); z(t) is the fit's robust z (residual over the robust scale with
/// the degrees-of-freedom factor); the interval is expected ± 1.96·zScale (nominal 95% for
/// one month's observation, parameter uncertainty left out: with ≥ 24 months and 19
/// parameters it adds little inside the sample). Forecasts come with the fit's own
/// prediction intervals, parameter uncertainty included.
struct SeriesModel {
    let panel: Panel
    let fit: SeasonalTrendFit?
    let forecast: Forecast?

    /// 95% two-sided normal quantile.
    static let z95 = 1.959963984540054

    /// - Parameter horizon: months to forecast (0 for none).
    init(panel: Panel, horizon: Int) throws {
        self.panel = panel
        let spec = SeasonalTrendSpec.standard
        let k = SeasonalTrendDesign(spec: spec, start: panel.start, fitMonths: max(panel.periodCount, 1)).parameterCount
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

    func z(_ t: Int, _ s: Int) -> Double { fit!.z[t + s * panel.periodCount] }

    func interval(_ t: Int, _ s: Int) -> (Double, Double) {
        let e = expected(t, s), w = SeriesModel.z95 * fit!.zScale[s]
        return (e - w, e + w)
    }
}
