import Alerting
import Codes
import Presentation
import Reporting

/// The one mapping from an alert onto the report's view model (`ReportModel.AlertSection`):
/// used by the bundle's `report.html` (from the disclosure-controlled records, so a withheld
/// figure never reaches the page) and by `report` (from the alerts, with the panel's fitted
/// charts where the alert's series is in the panel).
public enum ReportSections {
    /// The section of an alert. `fitted` gives the chart of evidence `i` drawn from the fitted
    /// panel series, when there is one; otherwise the evidence's own recent months are charted.
    public static func section(_ a: Alert, languages: [Language], asOf: Period,
                               fitted: (Int) -> ReportModel.Chart? = { _ in nil }) -> ReportModel.AlertSection {
        section(id: a.id, level: a.level, headlineEn: a.headline, headlineZh: a.headlineZh, place: Headline.placeName(a),
                region: a.subject.region, sector: a.subject.sector, rules: a.rules, status: a.status, riskScore: a.riskScore,
                evidence: a.evidence.map { PublishedEvidence($0, suppressed: nil) }, languages: languages, asOf: asOf,
                fitted: fitted)
    }

    /// The section of a published record (figures withheld from its audience stay out).
    static func section(_ r: PublishedAlert, languages: [Language], asOf: Period) -> ReportModel.AlertSection {
        section(id: r.id, level: r.level, headlineEn: r.headlineEn, headlineZh: r.headlineZh,
                place: PlaceName(region: r.regionCode, sector: r.sector, group: r.group, enterprise: r.enterpriseName),
                region: r.regionCode, sector: r.sector, rules: r.rules, status: r.status, riskScore: r.riskScore,
                evidence: r.evidence, languages: languages, asOf: asOf, fitted: { _ in nil })
    }

    /// The chart title of an alert's evidence on `signal`, in the report's first language.
    public static func chartTitle(signal: String, alertID: String, _ lang: Language) -> String {
        "\(SignalName.of(signal).text(lang)) · \(alertID)"
    }

    static func section(id: String, level: AlertLevel, headlineEn: String, headlineZh: String, place: PlaceName,
                        region: String, sector: String, rules: [String], status: AlertStatus, riskScore: Double,
                        evidence: [PublishedEvidence], languages: [Language], asOf: Period,
                        fitted: (Int) -> ReportModel.Chart?) -> ReportModel.AlertSection {
        let lang = languages.first ?? .zh
        let charts = evidence.indices.compactMap { i in
            fitted(i) ?? recentChart(evidence[i], title: chartTitle(signal: evidence[i].signal, alertID: id, lang), asOf: asOf)
        }
        let rows = evidence.map { e in
            EvidenceText(signal: e.signal, period: e.period, observed: e.observed, expected: e.expected, lower: e.lower,
                         upper: e.upper, intervalLevel: e.intervalLevel, measure: e.measure, measureName: e.measureName, lang)
        }
        return ReportModel.AlertSection(
            id: id, level: ReportModel.Level(level), headlines: languages.map { $0 == .zh ? headlineZh : headlineEn },
            place: place.text(lang), region: region, sector: sector, sectorName: SectorName.text(sector, lang),
            rules: rules, status: status.rawValue, riskScore: riskScore, charts: charts, evidence: rows)
    }

    /// The evidence's own last months (at least two), observed against expected, ending at its
    /// month (or `asOf`, if later); the change month is marked by the chart's change line.
    static func recentChart(_ e: PublishedEvidence, title: String, asOf: Period) -> ReportModel.Chart? {
        guard e.recent.count >= 2, let p = Period(e.period) else { return nil }
        let n = e.recent.count, first = min(p, asOf) - (n - 1)
        let points = (0..<n).map { i in
            ReportModel.Point(period: first + i, observed: e.recent[i],
                              expected: i < e.recentExpected.count ? e.recentExpected[i] : nil)
        }
        return ReportModel.Chart(title: title, unit: SignalName.of(e.signal).unit, points: points,
                                 changeMonth: e.changeStart.flatMap(Period.init))
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
