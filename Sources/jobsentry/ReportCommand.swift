import ArgumentParser
import Codes
import Foundation
import Presentation
import Workbench

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

    @Option(name: .long, help: ArgumentHelp("Month to report (default: the last month in the store).", valueName: "YYYY-MM"))
    var asOf: Period?

    @Option(name: .long, help: "HTML file to write.")
    var out: String

    @Option(name: .long, help: "Months of history in each chart.")
    var months: Int = 36

    @Option(name: .long, help: "Languages: zh, en or zh+en (default: the config's `language:`).")
    var language: LanguageChoice?

    @Flag(name: .long, help: "Write the one-page director's brief instead of the full report.")
    var brief = false

    func validate() throws {
        if months < 12 { throw ValidationError("--months must be at least 12, got \(months)") }
    }

    func run() throws {
        try reportingFailures {
            let (storePath, config) = try source.resolve()
            let copy = try StoreCopy(of: storePath)
            defer { copy.close() }
            let page = ReportPage(asOf: asOf, months: months, languages: language?.languages ?? config.languages, brief: brief)
            let rendered = try page.render(storePath: copy.path, config: config, sent: CommandClock.sent())
            do {
                try Data(rendered.html.utf8).write(to: URL(fileURLWithPath: out), options: .atomic)
            } catch {
                throw WorkbenchFailure(.cannotCreate, "cannot write \(out): \(error)")
            }
            diagnose("\(brief ? "brief" : "report"): \(rendered.openAlerts) open alerts as of \(rendered.month) written to \(out)")
        }
    }
}
