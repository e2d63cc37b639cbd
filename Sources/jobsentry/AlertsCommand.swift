import Alerting
import ArgumentParser
import Foundation
import Presentation
import Workbench

extension AlertLevel: ExpressibleByArgument {}
extension AlertStatus: ExpressibleByArgument {}
extension LanguageChoice: ExpressibleByArgument {}

struct AlertsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "alerts",
        abstract: "List the alerts of the last run, highest risk first.",
        discussion: """
        Columns: alert id, level (class), status, risk score, first raised, the headline in \
        each language (the config's `language:`, or --language), and a sparkline of the \
        leading evidence's last months. \
        --status keeps the given statuses (repeatable: new, continuing, escalated, \
        de-escalated, resolved); --level keeps alerts at that level or more severe.

        Example:
          jobsentry alerts --workspace /srv/jobsentry --status new --status escalated --level orange
        """
    )

    @OptionGroup var source: AnalystOptions

    @Option(name: .long, help: "Keep alerts with this status (repeatable).")
    var status: [AlertStatus] = []

    @Option(name: .long, help: "Keep alerts at this level or more severe: blue, yellow, orange, red.")
    var level: AlertLevel?

    @Option(name: .long, help: "Headline languages: zh, en or zh+en (default: the config's `language:`).")
    var language: LanguageChoice?

    func run() throws {
        try reportingFailures {
            let (storePath, config) = try source.resolve()
            let history = try AlertHistory(path: storePath)
            guard let run = try history.lastRun() else {
                diagnose("no run has completed in \(storePath) yet")
                return
            }
            let languages = language?.languages ?? config.languages
            let all = try history.alerts()
            let shown = AlertListing.filter(all, statuses: status, atLeast: level)
            diagnose("\(run.runID): \(shown.count) of \(all.count) alerts")
            for a in shown { print(AlertListing.line(a, languages: languages)) }
        }
    }
}
