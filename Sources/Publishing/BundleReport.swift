import Alerting
import Codes
import Reporting

/// `report.html`: the bundle's human report (the `Reporting` module's self-contained page:
/// a tile map of the cities by their highest open level, then each alert with its
/// evidence table and charts of observed against expected).
enum BundleReport {
    static func html(_ records: [PublishedAlert], run: RunOutput, audience: Audience) -> String {
        let asOf = Period(run.asOf) ?? Period(year: 2000, month: 1)
        var cities: [RegionCode: ReportModel.Level] = [:]
        for r in records where r.status.isOpen {
            guard let code = RegionCode(r.regionCode) else { continue }
            let city = code.level == .county ? code.parent! : code
            guard city.level == .city else { continue }
            cities[city] = max(cities[city] ?? .none, ReportModel.Level(r.level))
        }
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
                return ReportModel.Chart(title: "\(e.signal) — \(e.rule)", points: points,
                                         changeMonth: e.changeStart.flatMap(Period.init))
            }
            let rows = r.evidence.map { e in
                ReportModel.EvidenceRow(signal: e.signal, period: e.period, observed: num(e.observed), expected: num(e.expected),
                                        interval: e.lower != nil && e.upper != nil ? "\(num(e.lower))–\(num(e.upper))" : "",
                                        score: e.measure.map { "\(e.measureName) \(num($0))" } ?? (e.suppressed?.rawValue ?? ""))
            }
            return ReportModel.AlertSection(id: r.id, level: ReportModel.Level(r.level), headline: "\(r.headlineEn) / \(r.headlineZh)",
                                            place: "\(r.regionName)", sector: r.sector, status: r.status.rawValue,
                                            charts: charts, evidence: rows)
        }
        let title = "JobSentry \(run.runID) — \(audience == .public ? "public" : "restricted") — as of \(run.asOf)"
        return HTMLReport.render(ReportModel(title: title, asOf: asOf, cityLevels: cities, alerts: sections))
    }

    static func num(_ v: Double?) -> String {
        guard let v, v.isFinite else { return "" }
        return abs(v) >= 1000 ? String(format: "%.0f", v) : String(format: "%.3g", v)
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
