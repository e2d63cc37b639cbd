import Alerting
import Codes
import PanelStore
import Presentation
import Reporting

/// `report`'s page: the full HTML report or the director's one-page brief, for one month.
public struct ReportPage: Sendable {
    /// Month to report (`nil`: the last month in the store).
    public var asOf: Period?
    /// Months of history in each chart.
    public var months: Int
    public var languages: [Language]
    /// The one-page brief instead of the full report.
    public var brief: Bool

    public init(asOf: Period?, months: Int, languages: [Language], brief: Bool) {
        self.asOf = asOf; self.months = months; self.languages = languages; self.brief = brief
    }

    /// The page, the month it reports and the number of open alerts shown.
    public struct Rendered: Sendable {
        public let html: String
        public let month: Period
        public let openAlerts: Int
    }

    /// Renders from the store at `storePath` (a private copy: it is only read): the alerts of
    /// the workspace's last run for the month when there is one (for the brief's previous
    /// month, the run before it), else evaluated afresh with `config`.
    /// - Throws: `WorkbenchFailure` `.noInput` when the store holds no data.
    public func render(storePath: String, config: AlertConfig, sent: String) throws -> Rendered {
        let source = try InputSource(store: try Store(path: storePath))
        // The panel only: the enterprise series (most of the read at province scale) are
        // built only when a month has to be evaluated afresh.
        let panel = try source.facts.panel(asOf: asOf, knownAt: .latest)
        guard let last = AlertInputs(panel: panel, enterprises: []).lastMonth else {
            throw WorkbenchFailure(.noInput, "the store holds no data")
        }
        let month = asOf ?? last
        let history = try AlertHistory(path: storePath)
        let analysis = Analysis(config: config, resultCache: try? StoreResultCache(path: storePath))
        func alerts(of m: Period) throws -> [Alert] {
            if let run = try history.lastRun() {
                for seq in [run.sequence, run.sequence - 1] where seq >= 1 {
                    let stored = try history.alerts(run: seq)
                    if let first = stored.first, first.asOf == m.description { return stored }
                }
            }
            let inputs = m == month ? AlertInputs(panel: panel, enterprises: try source.enterpriseSeries(panel: panel, knownAt: .latest))
                : try source.inputs(asOf: m)
            return try analysis.step(inputs, asOf: m, sent: sent).alerts
        }
        let open = try alerts(of: month).filter { $0.status.isOpen }.sorted { ($0.level, $0.riskScore) > ($1.level, $1.riskScore) }
        let builder = ReportBuilder(panel: panel, months: months, languages: languages)
        let model = try builder.model(alerts: open, asOf: month, charts: !brief)
        let html: String
        if brief {
            // No change is shown for the first month of data: there is no month before to compare.
            let counts = month - 1 < panel.start ? nil : ReportBuilder.counts(try alerts(of: month - 1))
            html = BriefPage.render(BriefModel(report: model, previousCounts: counts, indicators: builder.indicators(asOf: month)))
        } else {
            html = HTMLReport.render(model)
        }
        return Rendered(html: html, month: month, openAlerts: open.count)
    }
}
