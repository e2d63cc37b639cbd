import Alerting
import ArgumentParser
import Codes
import Foundation
import Modeling
import PanelData
import PanelStore
import Presentation
import Publishing
import Reporting

struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Write one self-contained HTML report: province maps, counts, a chart per alert.",
        discussion: """
        The page needs no network: styles, maps and charts (inline SVG) and a little script \
        are in the file. It shows maps of Hunan's 14 cities and 122 counties coloured by \
        their highest open alert, counts by level and by sector, an index of the alerts, and \
        for each alert its headline, the series with fitted trend, 95% band, flagged months \
        and change month, and the evidence table. Filters (level, city, sector, rule), a sort \
        order, clicking a place on a map and chart tooltips work in the browser; without \
        script the page shows everything. Alerts are those of the workspace's last run for \
        that month when there is one, else evaluated afresh.

        --brief writes the director's one-page summary instead: open alerts by level and \
        their change since last month, the five highest-risk alerts in one line each, the \
        plan indicators against their ceilings (surveyed 5.5%, registered 4.5%) with their \
        trend over the year, and the city map.

        Example:
          jobsentry report --workspace ws --out report.html
          jobsentry report --workspace ws --brief --out brief.html
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

    @Option(name: .long, help: "Languages: zh, en or zh+en (default: the config's `language:`).")
    var language: LanguageChoice?

    @Flag(name: .long, help: "Write the one-page director's brief instead of the full report.")
    var brief = false

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
            let history = try AlertHistory(path: copy.path)
            func alerts(of m: Period) throws -> [Alert] {
                if let run = try history.lastRun() {
                    // The last run, or for the brief's previous month the run just before it.
                    for seq in [run.sequence, run.sequence - 1] where seq >= 1 {
                        let stored = try history.alerts(run: seq)
                        if let first = stored.first, first.asOf == m.description { return stored }
                    }
                }
                let inputs = m == month ? inputs : try analysis.inputs(asOf: m)
                return try analysis.evaluate(panel: inputs.panel, enterprises: inputs.enterprises, asOf: m).alerts
            }
            let open = try alerts(of: month).filter { $0.status.isOpen }.sorted { ($0.level, $0.riskScore) > ($1.level, $1.riskScore) }
            let builder = ReportBuilder(panel: inputs.panel, months: months, languages: language?.languages ?? config.languages)
            let model = try builder.model(alerts: open, asOf: month, charts: !brief)
            let html: String
            if brief {
                // No change is shown for the first month of data: there is no month before to compare.
                let counts = month - 1 < inputs.panel.start ? nil : ReportBuilder.counts(try alerts(of: month - 1))
                html = BriefPage.render(BriefModel(report: model, previousCounts: counts, indicators: builder.indicators(asOf: month)))
            } else {
                html = HTMLReport.render(model)
            }
            do {
                try Data(html.utf8).write(to: URL(fileURLWithPath: out), options: .atomic)
            } catch {
                throw AnalystFailure(status: ExitStatus.cannotCreate, message: "cannot write \(out): \(error)")
            }
            diagnose("\(brief ? "brief" : "report"): \(open.count) open alerts as of \(month) written to \(out)")
        }
    }
}
