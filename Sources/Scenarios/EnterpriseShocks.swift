import Codes
import PanelData

/// Shocks to one enterprise (`enterprise=CODE`): the enterprise's own monthly figures move,
/// and the area series of its county and sector move by the same amount, so that the area
/// rules see the cut where the enterprise rules see it.
public enum EnterpriseShocks {
    /// Panel signals an enterprise shock may change, and the enterprise figure behind each.
    public static let signals: [String: any WritableKeyPath<EnterpriseSeries, MonthlyValues> & Sendable] = [
        "payroll_headcount": \.headcount,
        "payroll_wages": \.wages,
    ]

    /// Why an enterprise shock cannot be applied.
    public struct Failure: Error, Equatable, CustomStringConvertible {
        public let message: String
        public var description: String { message }
    }

    /// Applies the enterprise shocks among `shocks` to `enterprises` and returns the shocks for
    /// the area panel: the others unchanged, and for each enterprise shock one absolute shock
    /// per changed month on its county × sector series (the panel's own aggregation carries it
    /// to the city, the province and the all-sector totals). A headcount change also moves the
    /// cell's insured employees, in proportion to the cell's insured/payroll ratio that month
    /// (people who leave are de-registered; a change of payroll alone would read as the two
    /// sources disagreeing).
    /// - Parameters:
    ///   - panel: the area panel the shocks will apply to (for the insured ratio).
    ///   - asOf: the month a shock without `from` starts.
    /// - Returns: the area shocks, and a note for each enterprise shock whose county × sector
    ///   series is not in the panel (it then moves the enterprise's own figures only).
    /// - Throws: `Failure` when an enterprise is not in the data.
    public static func apply(_ shocks: [Shock], to enterprises: inout [EnterpriseSeries], panel: Panel,
                             asOf: Period) throws -> (shocks: [Shock], notes: [String]) {
        let index = panel.columnIndex
        func value(_ region: RegionCode, _ sector: Sector, _ signal: String, _ month: Period) -> Double? {
            let t = month - panel.start
            guard (0..<panel.periodCount).contains(t),
                  let s = index[SeriesKey(region: region.description, sector: sector.code, group: "ALL", signal: signal)] else { return nil }
            let v = panel[t, s]
            return v.isNaN ? nil : v
        }
        var area: [Shock] = [], notes: [String] = []
        for shock in shocks {
            guard let id = shock.enterprise else { area.append(shock); continue }
            guard let e = enterprises.firstIndex(where: { $0.id == id }) else {
                throw Failure(message: "enterprise \(id) is not in the store's enterprise data")
            }
            guard let path = signals[shock.signal] else {
                throw Failure(message: "an enterprise shock changes \(signals.keys.sorted().joined(separator: " or ")), not \(shock.signal)")
            }
            let series = enterprises[e]
            guard let region = RegionCode(series.region), let sector = Sector(series.sector) else {
                throw Failure(message: "enterprise \(id) has no valid region and sector in the store")
            }
            if index[SeriesKey(region: region.description, sector: sector.code, group: "ALL", signal: shock.signal)] == nil {
                notes.append("\(region)/\(sector.code)/\(shock.signal) is not in the panel: the shock to \(id) moves the enterprise's own figures only")
            }
            let first = (shock.from ?? asOf) - series.start
            let end = shock.months.map { min(series.periodCount, first + $0) } ?? series.periodCount
            guard first < series.periodCount, end > max(0, first) else { continue }
            var values = series[keyPath: path]
            for t in max(0, first)..<end where !values[t].isNaN {
                let f = shock.rampFactor(t - first)
                let delta: Double
                switch shock.change {
                case .relative(let r): delta = values[t] * r * f
                case .absolute(let a): delta = max(a * f, -values[t])
                }
                values[t] += delta
                guard delta != 0 else { continue }
                let month = series.start + t
                area.append(Shock(region: region, sector: sector, signal: shock.signal, change: .absolute(delta), from: month, months: 1))
                if shock.signal == "payroll_headcount", let insured = value(region, sector, "insured", month),
                   let heads = value(region, sector, "payroll_headcount", month), heads > 0 {
                    area.append(Shock(region: region, sector: sector, signal: "insured", change: .absolute(delta * insured / heads),
                                      from: month, months: 1))
                }
            }
            enterprises[e][keyPath: path] = values
        }
        return (area, notes)
    }
}
