import Alerting
import Codes
import Presentation
import Reporting

/// `report.html`: the bundle's human report (the `Reporting` module's self-contained page:
/// city and county maps by highest open level, then each alert with its evidence table and
/// charts of observed against expected), in the config's languages.
enum BundleReport {
    static func html(_ records: [PublishedAlert], run: RunOutput, audience: Audience) -> String {
        let asOf = Period(run.asOf) ?? Period(year: 2000, month: 1)
        let languages = run.config.languages, lang = languages.first ?? .zh
        let sections = records.map { r -> ReportModel.AlertSection in
            let charts = r.evidence.compactMap { e -> ReportModel.Chart? in
                guard !e.recent.isEmpty, let p = Period(e.period) else { return nil }
                let end = min(p, asOf)
                let first = end - (e.recent.count - 1)
                let points = e.recent.enumerated().map { i, v in
                    ReportModel.Point(period: first + i, observed: v,
                                      expected: i < e.recentExpected.count ? e.recentExpected[i] : nil,
                                      flagged: e.changeStart.flatMap(Period.init).map { first + i >= $0 } ?? false)
                }
                let name = SignalName.of(e.signal)
                return ReportModel.Chart(title: "\(name.text(lang)) · \(e.rule)", unit: name.unit, points: points,
                                         changeMonth: e.changeStart.flatMap(Period.init))
            }
            let rows = r.evidence.map { e in
                EvidenceText(signal: e.signal, period: e.period, observed: e.observed, expected: e.expected, lower: e.lower,
                             upper: e.upper, measure: e.measure, measureName: e.measureName, lang)
            }
            let place = PlaceName(region: r.regionCode, sector: r.sector, group: r.group, enterprise: r.enterpriseName)
            return ReportModel.AlertSection(
                id: r.id, level: ReportModel.Level(r.level), headlines: languages.map { $0 == .zh ? r.headlineZh : r.headlineEn },
                place: place.text(lang), region: r.regionCode, sector: r.sector, sectorName: SectorName.text(r.sector, lang),
                rules: r.rules, status: r.status.rawValue, riskScore: r.riskScore, charts: charts, evidence: rows)
        }
        let who = lang == .zh ? (audience == .public ? "公开版" : "限定范围版") : (audience == .public ? "public" : "restricted")
        let title = "JobSentry \(run.runID) — \(who)"
        return HTMLReport.render(ReportModel(title: title, asOf: asOf, languages: languages, alerts: sections))
    }
}

extension ReportModel.Level {
    /// The report's colour for an alert level (the same four, plus `none` for no alert).
    public init(_ level: AlertLevel) {
        switch level {
        case .blue: self = .blue
        case .yellow: self = .yellow
        case .orange: self = .orange
        case .red: self = .red
        }
    }
}
