import Alerting
import Codes
import PanelData
import Reporting

extension ReportBuilder {
    /// The plan's two rate ceilings (Hunan 14th five-year plan for HR and social security):
    /// surveyed urban unemployment under 5.5%, registered urban unemployment under 4.5%.
    public static let planCeilings: [(signal: String, ceiling: Double)] = [
        ("surveyed_unemployment_rate", 5.5), ("registered_unemployment_rate", 4.5),
    ]

    /// The province's plan indicators over the 13 months up to `asOf` (a year and the
    /// month before it, so the trend shows a full seasonal cycle), from the panel. An
    /// indicator the store lacks is still listed, with no months, so the brief says so.
    public func indicators(asOf: Period) -> [BriefModel.Indicator] {
        let index = panel.columnIndex
        return Self.planCeilings.map { p in
            let key = SeriesKey(region: HunanDivisions.province.code.description, sector: "ALL", group: "ALL", signal: p.signal)
            guard let s = index[key] else { return BriefModel.Indicator(signal: p.signal, ceiling: p.ceiling, recent: []) }
            let recent = (0..<13).map { k -> Double? in
                let t = (asOf - (12 - k)) - panel.start
                guard t >= 0, t < panel.periodCount else { return nil }
                let v = panel[t, s]
                return v.isNaN ? nil : v
            }
            return BriefModel.Indicator(signal: p.signal, ceiling: p.ceiling, recent: recent)
        }
    }

    /// Open alerts by level.
    public static func counts(_ alerts: [Alert]) -> [ReportModel.Level: Int] {
        var c: [ReportModel.Level: Int] = [:]
        for a in alerts where a.status.isOpen { c[ReportModel.Level(a.level), default: 0] += 1 }
        return c
    }
}
