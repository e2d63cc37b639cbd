import Alerting
import ArgumentParser
import Codes
import Foundation
import Modeling
import PanelData
import PanelStore
import Publishing
import Reporting

struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Write one self-contained HTML report: province map, counts, a chart per alert.",
        discussion: """
        The page needs no network: styles and charts (inline SVG) are in the file. It shows a \
        tile map of the 14 cities coloured by their highest open alert, counts by level and \
        by sector, and for each alert its headline, the series with fitted trend, 95% band, \
        flagged months and change month, and the evidence table. Alerts are those of the \
        workspace's last run for that month when there is one, else evaluated afresh.

        Example:
          jobsentry report --workspace ws --out report.html
          jobsentry report --store store.sqlite --as-of 2024-06 --out june.html
        """
    )

    @OptionGroup var source: AnalystOptions

    @Option(name: .long, help: "Month to report (YYYY-MM; default: the last month in the store).")
    var asOf: String?

    @Option(name: .long, help: "HTML file to write.")
    var out: String

    @Option(name: .long, help: "Months of history in each chart.")
    var months: Int = 36

    func validate() throws {
        if let a = asOf, Period(a) == nil { throw ValidationError("--as-of must be a month YYYY-MM, got \"\(a)\"") }
        if months < 12 { throw ValidationError("--months must be at least 12, got \(months)") }
    }

    func run() throws {
        try AnalystFailure.reporting {
            let (storePath, config) = try source.resolve()
            let copy = try StoreCopy(of: storePath)
            defer { copy.close() }
            let analysis = Analysis(store: try Store(path: copy.path), config: config)
            let inputs = try analysis.inputs(asOf: asOf.flatMap { Period($0) })
            guard let last = Analysis.lastMonth(inputs.panel) else {
                throw AnalystFailure(status: ExitStatus.noInput, message: "the store holds no data")
            }
            let month = asOf.flatMap { Period($0) } ?? last
            var alerts: [Alert]
            let history = try AlertHistory(path: copy.path)
            if let run = try history.lastRun(), run.asOf == month.description {
                alerts = try history.alerts(run: run.sequence)
            } else {
                alerts = try analysis.evaluate(panel: inputs.panel, enterprises: inputs.enterprises, asOf: month).alerts
            }
            alerts = alerts.filter { $0.status.isOpen }.sorted { ($0.level, $0.riskScore) > ($1.level, $1.riskScore) }
            let model = try ReportBuilder(panel: inputs.panel, months: months).model(alerts: alerts, asOf: month)
            do {
                try Data(HTMLReport.render(model).utf8).write(to: URL(fileURLWithPath: out), options: .atomic)
            } catch {
                throw AnalystFailure(status: ExitStatus.cannotCreate, message: "cannot write \(out): \(error)")
            }
            diagnose("report: \(alerts.count) open alerts as of \(month) written to \(out)")
        }
    }
}

/// Maps alerts and their series onto the report's view model; the charted panel series are
/// fitted once, together, with the default seasonal-trend model.
struct ReportBuilder {
    let panel: Panel
    let months: Int

    func model(alerts: [Alert], asOf: Period) throws -> ReportModel {
        let index = panel.columnIndex
        func key(_ a: Alert, _ e: Evidence) -> SeriesKey {
            SeriesKey(region: a.subject.region, sector: a.subject.sector, group: a.subject.group, signal: e.signal)
        }
        var wanted: [SeriesKey] = []
        for a in alerts where a.subject.enterpriseID == nil {
            for e in a.evidence { let k = key(a, e); if index[k] != nil && !wanted.contains(k) { wanted.append(k) } }
        }
        let fit = wanted.isEmpty ? nil : try SeasonalTrendSpec().fit(panel.selecting(wanted.map { index[$0]! }, through: asOf))
        var cityLevels: [RegionCode: ReportModel.Level] = [:]
        var sections: [ReportModel.AlertSection] = []
        for a in alerts {
            let level = ReportModel.Level(a.level)
            if let r = RegionCode(a.subject.region), let city = r.lineage.first(where: { $0.level == .city }) {
                cityLevels[city] = max(cityLevels[city] ?? .none, level)
            }
            var charts: [ReportModel.Chart] = []
            for e in a.evidence {
                if let fit, let s = wanted.firstIndex(of: key(a, e)) {
                    charts.append(chart(fit: fit, series: s, title: "\(e.signal) · \(a.subject.region)/\(a.subject.sector)",
                                        change: e.changeStart.flatMap { Period($0) }))
                } else if e.recent.count >= 2, let end = Period(e.period) {
                    let n = e.recent.count
                    let points = (0..<n).map { i in
                        ReportModel.Point(period: end - (n - 1 - i), observed: e.recent[i].isFinite ? e.recent[i] : nil,
                                          expected: i < e.recentExpected.count && e.recentExpected[i].isFinite ? e.recentExpected[i] : nil)
                    }
                    charts.append(.init(title: "\(e.signal) · \(a.id)", points: points,
                                        changeMonth: e.changeStart.flatMap { Period($0) }))
                }
            }
            let rows = a.evidence.map { e in
                ReportModel.EvidenceRow(signal: e.signal, period: e.period, observed: num(e.observed),
                                        expected: e.expected.map(num) ?? "",
                                        interval: e.lower.flatMap { l in e.upper.map { "\(num(l)) – \(num($0))" } } ?? "",
                                        score: "\(e.measureName) \(num(e.measure))")
            }
            sections.append(.init(id: a.id, level: level, headline: "\(a.headlineZh) · \(a.headline)",
                                  place: a.subject.region, sector: a.subject.sector, status: a.status.rawValue,
                                  charts: charts, evidence: rows))
        }
        return ReportModel(title: "JobSentry 失业预警 · early warning report", asOf: asOf, cityLevels: cityLevels, alerts: sections)
    }

    /// The last `months` of series `s`: observed, fitted, fitted ± 1.96 residual scales, |z| > 3.5 flagged.
    func chart(fit: SeasonalTrendFit, series s: Int, title: String, change: Period?) -> ReportModel.Chart {
        let T = fit.periodCount
        let first = max(0, T - months)
        let band = 1.959963984540054 * fit.scale[s]
        let points = (first..<T).map { t -> ReportModel.Point in
            let v = fit.values[t + s * T], f = fit.fitted[t + s * T], z = fit.z[t + s * T]
            return ReportModel.Point(period: fit.start + t, observed: v.isNaN ? nil : v, expected: f.isNaN ? nil : f,
                                     lower: f.isNaN || band.isNaN ? nil : f - band, upper: f.isNaN || band.isNaN ? nil : f + band,
                                     flagged: !z.isNaN && abs(z) > 3.5)
        }
        return ReportModel.Chart(title: title, points: points, changeMonth: change)
    }
}
