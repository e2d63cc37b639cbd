import Codes
import Presentation

/// What the director's one-page brief shows: the month's alerts (for counts, the map and
/// the five highest risks), last month's counts, and the plan indicators against their
/// ceilings.
public struct BriefModel: Sendable {
    /// A plan indicator (城镇调查失业率, 城镇登记失业率) of the province.
    public struct Indicator: Sendable {
        /// Panel signal name (see `SignalName`).
        public var signal: String
        /// The plan's ceiling, in the signal's units (5.5 and 4.5 for the two rates).
        public var ceiling: Double
        /// The last months up to the report's month, oldest first; `nil` where not published.
        public var recent: [Double?]
        public init(signal: String, ceiling: Double, recent: [Double?]) {
            self.signal = signal; self.ceiling = ceiling; self.recent = recent
        }

        /// The latest published value and its index in `recent`.
        public var latest: (value: Double, index: Int)? {
            guard let i = recent.lastIndex(where: { $0 != nil }) else { return nil }
            return (recent[i]!, i)
        }

        /// Change of the latest value against three months before it, when both are known.
        public var threeMonthChange: Double? {
            guard let l = latest, l.index >= 3, let before = recent[l.index - 3] else { return nil }
            return l.value - before
        }
    }

    /// The month's report (alerts in order of risk, languages, title).
    public var report: ReportModel
    /// Open alerts by level in the month before, or `nil` when that month was not run.
    public var previousCounts: [ReportModel.Level: Int]?
    public var indicators: [Indicator]

    public init(report: ReportModel, previousCounts: [ReportModel.Level: Int]?, indicators: [Indicator]) {
        self.report = report; self.previousCounts = previousCounts; self.indicators = indicators
    }

    /// Open alerts by level this month.
    public var counts: [ReportModel.Level: Int] {
        var c: [ReportModel.Level: Int] = [:]
        for a in report.alerts where a.status != "resolved" { c[a.level, default: 0] += 1 }
        return c
    }

    /// The five open alerts of highest risk score.
    public var top: [ReportModel.AlertSection] {
        Array(report.alerts.filter { $0.status != "resolved" }.sorted { $0.riskScore > $1.riskScore }.prefix(5))
    }
}
