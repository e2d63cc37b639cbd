import Alerting
import Codes
import Modeling
import PanelData
import Presentation
import Publishing
import Reporting

/// Maps alerts and their series onto the report's view model; the charted panel series are
/// fitted once, together, with the default seasonal-trend model.
public struct ReportBuilder: Sendable {
    public let panel: Panel
    /// Months of history in each chart.
    public let months: Int
    /// Languages of the text (the config's `language:`), Chinese first.
    public let languages: [Language]

    public init(panel: Panel, months: Int, languages: [Language]) {
        self.panel = panel; self.months = months; self.languages = languages
    }

    /// The report's model; `charts` false skips fitting the charted series (the brief has none).
    public func model(alerts: [Alert], asOf: Period, charts drawCharts: Bool = true) throws -> ReportModel {
        let index = panel.columnIndex
        func key(_ a: Alert, _ e: Evidence) -> SeriesKey {
            SeriesKey(region: a.subject.region, sector: a.subject.sector, group: a.subject.group, signal: e.signal)
        }
        var wanted: [SeriesKey] = []
        for a in alerts where a.subject.enterpriseID == nil && drawCharts {
            for e in a.evidence { let k = key(a, e); if index[k] != nil && !wanted.contains(k) { wanted.append(k) } }
        }
        let fit = wanted.isEmpty ? nil : try SeasonalTrendSpec().fit(panel.selecting(wanted.map { index[$0]! }, through: asOf))
        let lang = languages.first ?? .zh
        let sections = alerts.map { a in
            ReportSections.section(a, languages: languages, asOf: asOf) { i in
                let e = a.evidence[i]
                guard let fit, let s = wanted.firstIndex(of: key(a, e)) else { return nil }
                return chart(fit: fit, series: s, title: ReportSections.chartTitle(signal: e.signal, alertID: a.id, lang),
                             unit: SignalName.of(e.signal).unit, change: e.changeStart.flatMap { Period($0) })
            }
        }
        let title = languages == [.en] ? "JobSentry early warning report" : "JobSentry 就业失业预警报告"
        return ReportModel(title: title, asOf: asOf, languages: languages, alerts: sections)
    }

    /// The last `months` of series `s`: observed, fitted, fitted ± 1.96 residual scales, |z| > 3.5 flagged.
    func chart(fit: SeasonalTrendFit, series s: Int, title: String, unit: Presentation.Unit, change: Period?) -> ReportModel.Chart {
        let T = fit.periodCount
        let first = max(0, T - months)
        let band = 1.959963984540054 * fit.scale[s]
        let points = (first..<T).map { t -> ReportModel.Point in
            let v = fit.values[t + s * T], f = fit.fitted[t + s * T], z = fit.z[t + s * T]
            return ReportModel.Point(period: fit.start + t, observed: v.isNaN ? nil : v, expected: f.isNaN ? nil : f,
                                     lower: f.isNaN || band.isNaN ? nil : f - band, upper: f.isNaN || band.isNaN ? nil : f + band,
                                     flagged: !z.isNaN && abs(z) > 3.5)
        }
        return ReportModel.Chart(title: title, unit: unit, points: points, changeMonth: change)
    }
}
